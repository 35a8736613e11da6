import { describe, expect, it } from 'vitest';
import { generateToken, hashToken, tokenId } from './token.ts';

describe('API tokens', () => {
  it('generates distinct tokens whose id can be read back', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a.token).not.toBe(b.token);
    expect(tokenId(a.token)).toBe(a.id);
    expect(a.token).toMatch(/^rsk_[a-z2-9]{12}_[A-Za-z0-9_-]{43}$/);
  });

  it('rejects malformed tokens', () => {
    expect(tokenId('rsk_short_x')).toBeNull();
    expect(tokenId('Bearer rsk_')).toBeNull();
    expect(tokenId(`${generateToken().token}x`)).toBeNull();
  });

  it('hashes with SHA-256 (known vector)', async () => {
    expect(await hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
