/**
 * The pair token handed out with a blind pair: which two answers were shown as A and B, to which
 * voter, until when. Encrypted (AES-GCM), not just signed, because result ids name their battle
 * and the battle page names the models; GCM's tag also makes it tamper-proof. Stateless: nothing
 * is stored when a pair is shown.
 */
import { z } from 'zod';
import { ApiException } from '../lib/errors.ts';

export const PAIR_TOKEN_TTL_MS = 6 * 3600_000;

const OfferSchema = z.object({
  /** arena_pairs.key */
  k: z.string().min(3),
  /** true when A is the pair's `hi` result */
  f: z.boolean(),
  /** voter id the pair was shown to */
  v: z.string().min(1),
  /** expiry, epoch ms */
  e: z.number().int(),
});
export type Offer = z.infer<typeof OfferSchema>;

const toB64url = (bytes: Uint8Array) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromB64url = (text: string) => {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
};

export async function sealOffer(offer: Offer, key: CryptoKey): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(offer));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
  const out = new Uint8Array(iv.length + sealed.length);
  out.set(iv);
  out.set(sealed, iv.length);
  return toB64url(out);
}

const invalid = () =>
  new ApiException(400, 'invalid_token', 'the pair token is not one this arena issued', [
    { path: 'token', message: 'fetch a new pair with GET /api/arena/pair' },
  ]);

/** The offer inside `token`; 400 when it was not issued here or was altered, 410 when expired. */
export async function openOffer(token: string, key: CryptoKey, now: number): Promise<Offer> {
  let offer: Offer;
  try {
    const bytes = fromB64url(token);
    if (bytes.length < 12 + 16) throw invalid();
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, 12) },
      key,
      bytes.slice(12),
    );
    offer = OfferSchema.parse(JSON.parse(new TextDecoder().decode(plain)));
  } catch {
    throw invalid();
  }
  if (offer.e < now) {
    throw new ApiException(410, 'pair_expired', 'this pair was shown too long ago to vote on', [
      { path: 'token', message: 'fetch a new pair with GET /api/arena/pair' },
    ]);
  }
  return offer;
}
