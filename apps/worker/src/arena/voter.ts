/**
 * Who is voting, without accounts: an anonymous id in a signed cookie, and a keyed hash of the
 * client's IP (IPv6 by its /64, which one subscriber usually holds whole). Both are needed for a
 * vote; dedup and discards work on either.
 */
import { toHex } from '@ringside/shared';
import type { Context } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { ArenaKeys } from './keys.ts';

export const VOTER_COOKIE = 'rs_voter';
const YEAR_S = 365 * 24 * 3600;

export type Voter = { voterId: string; ipHash: string };

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The voter id from a valid signed cookie, or null (absent, tampered, or signed by another secret). */
export async function voterIdOf(c: Context, keys: ArenaKeys): Promise<string | null> {
  const id = await getSignedCookie(c, keys.cookie, VOTER_COOKIE);
  return typeof id === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(id) ? id : null;
}

/** The voter id, issuing a new cookie on the response when the request had none that verifies. */
export async function ensureVoterId(c: Context, keys: ArenaKeys): Promise<string> {
  const existing = await voterIdOf(c, keys);
  if (existing) return existing;
  const id = b64url(crypto.getRandomValues(new Uint8Array(16)));
  await setSignedCookie(c, VOTER_COOKIE, id, keys.cookie, {
    path: '/api/arena',
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: YEAR_S,
  });
  return id;
}

/** Cloudflare sets CF-Connecting-IP on every request that reaches a Worker; a client cannot. */
export function clientIp(c: Context): string {
  return c.req.header('CF-Connecting-IP') ?? 'unknown';
}

/** IPv4 as is; IPv6 reduced to its /64 prefix (expanded, lower case). */
export function ipPrefix(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.toLowerCase().split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export async function ipHash(ip: string, keys: ArenaKeys): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', keys.ip, new TextEncoder().encode(`ip:${ipPrefix(ip)}`));
  return toHex(new Uint8Array(mac, 0, 16));
}
