import { sha256Hex } from './hash.ts';

/**
 * API token format, shared by the worker (verification) and the admin CLI (creation):
 * `rsk_<id>_<secret>` — a 12-character public id used to find the row, then 43 characters of
 * base64url secret (32 random bytes). Only the SHA-256 of the whole token is stored.
 */
const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const TOKEN_RE = /^rsk_([a-z2-9]{12})_([A-Za-z0-9_-]{43})$/;

function randomString(length: number, alphabet: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** A new random token and its public id. The token is shown once and never stored. */
export function generateToken(): { id: string; token: string } {
  // 32 = alphabet length, a power of two, so `b % 32` is unbiased.
  const id = randomString(12, ID_ALPHABET);
  const secret = base64url(crypto.getRandomValues(new Uint8Array(32)));
  return { id, token: `rsk_${id}_${secret}` };
}

/** The public id of a well-formed token, or null. */
export function tokenId(token: string): string | null {
  return TOKEN_RE.exec(token)?.[1] ?? null;
}

/** SHA-256 of the whole token as lowercase hex: what the database keeps. */
export function hashToken(token: string): Promise<string> {
  return sha256Hex(token);
}
