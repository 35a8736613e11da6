import { describe, expect, it } from 'vitest';
import { sha256Hex, toHex } from './hash.ts';

describe('hash helpers', () => {
  it('hex-encodes bytes with leading zeros', () => {
    expect(toHex(new Uint8Array([0, 1, 15, 16, 255]))).toBe('00010f10ff');
  });

  it('computes SHA-256 (known vector for "abc")', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
