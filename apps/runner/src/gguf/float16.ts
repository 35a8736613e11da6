/** IEEE 754 half-precision encoding: Node 22 has no Float16Array, and GGUF stores F16 weights. */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The binary16 bit pattern nearest to `value` (round half to even; overflow gives ±Infinity). */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0] ?? 0;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;

  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // NaN stays NaN
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal
    mantissa |= 0x800000; // the implicit leading one becomes explicit
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mantissa & ((1 << shift) - 1);
    let sub = mantissa >>> shift;
    if (rest > half || (rest === half && sub & 1)) sub += 1;
    return sign | sub; // a carry into bit 10 correctly yields the smallest normal
  }
  let bits = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && bits & 1)) bits += 1; // a carry may round up to Infinity, as it should
  return sign | bits;
}

/** Encodes a whole array as little-endian binary16. */
export function toFloat16Bytes(values: Float32Array): Uint8Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float16Bits(values[i] ?? 0);
  return new Uint8Array(out.buffer);
}
