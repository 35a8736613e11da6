import { describe, expect, it } from 'vitest';
import { ApiException } from '../lib/errors.ts';
import { arenaKeys, arenaSecret } from './keys.ts';
import { openOffer, sealOffer } from './pair-token.ts';

const secret = 'x'.repeat(40);

describe('arenaSecret', () => {
  it('fails closed (503) outside local development when ARENA_SECRET is missing or short', () => {
    for (const env of [{ ENVIRONMENT: 'prod' }, { ENVIRONMENT: 'dev', ARENA_SECRET: 'short' }]) {
      let caught: unknown;
      try {
        arenaSecret(env);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ApiException);
      expect((caught as ApiException).status).toBe(503);
    }
  });

  it('uses the configured secret, and in local development without one a random one kept per isolate', () => {
    expect(arenaSecret({ ENVIRONMENT: 'prod', ARENA_SECRET: secret })).toBe(secret);
    const local = arenaSecret({ ENVIRONMENT: 'local' });
    expect(local).toMatch(/^[0-9a-f]{64}$/);
    expect(arenaSecret({ ENVIRONMENT: 'local' })).toBe(local);
  });
});

describe('pair tokens', () => {
  const offer = { k: 'b1-r1|b1-r2', f: true, v: 'voter-123456789012', e: Date.now() + 60_000 };

  it('round-trip, and hide the result ids they carry', async () => {
    const { pair } = await arenaKeys({ ENVIRONMENT: 'prod', ARENA_SECRET: secret });
    const token = await sealOffer(offer, pair);
    expect(await openOffer(token, pair, Date.now())).toEqual(offer);
    const bytes = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
    expect(bytes).not.toContain('b1-r1');
  });

  it('refuse a token altered by one bit (400), sealed under another secret (400), or expired (410)', async () => {
    const { pair } = await arenaKeys({ ENVIRONMENT: 'prod', ARENA_SECRET: secret });
    const { pair: other } = await arenaKeys({ ENVIRONMENT: 'prod', ARENA_SECRET: 'y'.repeat(40) });
    const token = await sealOffer(offer, pair);
    const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    const status = (p: Promise<unknown>) =>
      p.then(
        () => 200,
        (err: ApiException) => err.status,
      );
    expect(await status(openOffer(flipped, pair, Date.now()))).toBe(400);
    expect(await status(openOffer(token, other, Date.now()))).toBe(400);
    expect(await status(openOffer(token, pair, offer.e + 1))).toBe(410);
  });
});
