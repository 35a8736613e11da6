import { describe, expect, it } from 'vitest';
import { float16Bits, toFloat16Bytes } from './float16.ts';

describe('float16Bits', () => {
  it('encodes exactly representable values to their known bit patterns', () => {
    expect(float16Bits(0)).toBe(0x0000);
    expect(float16Bits(-0)).toBe(0x8000);
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(0.5)).toBe(0x3800);
    expect(float16Bits(65504)).toBe(0x7bff);
    expect(float16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(float16Bits(2 ** -14)).toBe(0x0400); // smallest normal
  });

  it('rounds to the nearest half, ties to even', () => {
    expect(float16Bits(0.1)).toBe(0x2e66);
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie, even stays
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie, odd rounds up
    expect(float16Bits(2 ** -25)).toBe(0x0000); // tie between 0 and the smallest subnormal
  });

  it('overflows to infinity and keeps NaN a NaN', () => {
    expect(float16Bits(70000)).toBe(0x7c00);
    expect(float16Bits(-Infinity)).toBe(0xfc00);
    expect(float16Bits(Number.NaN) & 0x7c00).toBe(0x7c00);
    expect(float16Bits(Number.NaN) & 0x3ff).not.toBe(0);
  });
});

describe('toFloat16Bytes', () => {
  it('writes two little-endian bytes per value', () => {
    expect([...toFloat16Bytes(new Float32Array([1, -2]))]).toEqual([0x00, 0x3c, 0x00, 0xc0]);
  });
});
