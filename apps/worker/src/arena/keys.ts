/**
 * The arena's secrets: one `ARENA_SECRET` (a Worker secret: `wrangler secret put ARENA_SECRET
 * --env <env>`) from which HKDF derives a key per purpose — the voter cookie's signature, the IP
 * hash, and the pair token's encryption. Missing outside local development, voting fails closed
 * (503); locally, an unset secret is replaced by a random one made once per isolate, so cookies
 * and pair tokens last until wrangler dev restarts (set one in `.dev.vars` to keep them longer).
 */
import { toHex } from '@ringside/shared';
import { ApiException } from '../lib/errors.ts';

export const MIN_SECRET_LENGTH = 32;

export type ArenaKeys = {
  /** hono's signed-cookie secret */
  cookie: Uint8Array;
  /** HMAC-SHA-256 for IP hashes */
  ip: CryptoKey;
  /** AES-256-GCM for pair tokens */
  pair: CryptoKey;
};

let localSecret: string | null = null;

export function arenaSecret(env: { ARENA_SECRET?: string | undefined; ENVIRONMENT: string }): string {
  const secret = env.ARENA_SECRET;
  if (secret !== undefined && secret !== '') {
    if (secret.length < MIN_SECRET_LENGTH)
      throw unconfigured(`ARENA_SECRET is shorter than ${MIN_SECRET_LENGTH} characters`);
    return secret;
  }
  if (env.ENVIRONMENT !== 'local') throw unconfigured('ARENA_SECRET is not set');
  if (localSecret === null) {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    localSecret = toHex(bytes);
  }
  return localSecret;
}

function unconfigured(why: string) {
  return new ApiException(503, 'arena_unconfigured', `blind voting is switched off: ${why}`, [
    { path: 'ARENA_SECRET', message: 'set it with `wrangler secret put ARENA_SECRET --env <env>`' },
  ]);
}

const encoder = new TextEncoder();
// Derived keys depend only on the secret; deriving them is the costly part, so keep them.
const derived = new Map<string, Promise<ArenaKeys>>();

export function arenaKeys(env: {
  ARENA_SECRET?: string | undefined;
  ENVIRONMENT: string;
}): Promise<ArenaKeys> {
  const secret = arenaSecret(env);
  let keys = derived.get(secret);
  if (keys === undefined) {
    keys = deriveKeys(secret);
    derived.set(secret, keys);
  }
  return keys;
}

async function deriveKeys(secret: string): Promise<ArenaKeys> {
  const base = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, [
    'deriveKey',
    'deriveBits',
  ]);
  const params = (purpose: string) => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: new Uint8Array(0),
    info: encoder.encode(`ringside arena ${purpose} v1`),
  });
  const [cookie, ip, pair] = await Promise.all([
    crypto.subtle.deriveBits(params('voter-cookie'), base, 256),
    crypto.subtle.deriveKey(params('ip-hash'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, [
      'sign',
    ]),
    crypto.subtle.deriveKey(params('pair-token'), base, { name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]),
  ]);
  return { cookie: new Uint8Array(cookie), ip, pair };
}
