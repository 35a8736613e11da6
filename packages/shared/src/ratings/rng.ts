/**
 * Seedable pseudo-random numbers for the bootstrap, so a fixed seed reproduces a result exactly
 * on every machine. The generator is xoshiro128** 1.0 (Blackman & Vigna, https://prng.di.unimi.it/):
 * 128 bits of state, period 2^128 − 1, reported by its authors to pass BigCrush, and built from
 * 32-bit integer operations that JavaScript does exactly (`Math.imul`, `>>>`). The state is filled
 * from the seed by splitmix32 (a golden-ratio counter through a 32-bit mixing function, the 32-bit
 * analogue of the splitmix64 seeding the authors recommend), so nearby seeds give unrelated
 * streams. Not for cryptography.
 */

export type Rng = {
  /** Next 32-bit unsigned integer. */
  uint32: () => number;
  /** Uniform float in [0, 1) with 32 bits of resolution. */
  float: () => number;
  /** Uniform integer in [0, n), without modulo bias. `n` must be an integer in [1, 2^32]. */
  int: (n: number) => number;
  /** Fills `out` with uniform integers in [0, n), n ≤ 2^31: the same values as `out.length` calls of `int(n)`. */
  ints: (n: number, out: Int32Array) => Int32Array;
};

const TWO_32 = 2 ** 32;
const EXACT_PRODUCT_MAX_N = 2 ** 21;
const INT32_LIMIT = 2 ** 31;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** xoshiro128** from an explicit state of four 32-bit words (not all zero). */
export function xoshiro128ss(state: readonly [number, number, number, number]): Rng {
  // State lives in a typed array, not in closure variables: int32 values outside V8's small-
  // integer range would be boxed on every store, which made each draw several times slower.
  const s = Int32Array.from(state, (w) => w | 0);
  if (s.every((w) => w === 0)) throw new RangeError('xoshiro128** state must not be all zero');

  const uint32 = (): number => {
    const s0 = s[0] as number;
    const s1 = s[1] as number;
    const s2 = (s[2] as number) ^ s0;
    const s3 = (s[3] as number) ^ s1;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ (s1 << 9);
    s[3] = rotl(s3, 11);
    return Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  };

  // Lemire's multiply-shift with rejection ("Fast random integer generation in an interval",
  // 2019): no division on the hot path. x·n is exact in a double while n ≤ 2^21; above that,
  // plain rejection sampling with a modulo.
  let lastN = -1; // no valid n equals it, so the first call validates
  let threshold = 0;
  const int = (n: number): number => {
    if (n !== lastN) {
      if (!Number.isInteger(n) || n < 1 || n > TWO_32)
        throw new RangeError(`int(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
      lastN = n;
      threshold = TWO_32 % n;
    }
    if (n <= EXACT_PRODUCT_MAX_N) {
      for (;;) {
        const product = uint32() * n;
        const high = Math.floor(product / TWO_32);
        if (product - high * TWO_32 >= threshold) return high;
      }
    }
    const limit = TWO_32 - threshold;
    let x = uint32();
    while (x >= limit) x = uint32();
    return x % n;
  };

  // `int` in a loop, with the state in locals: the bootstrap draws tens of thousands of indices
  // a round, and this is several times faster than as many calls. Same values as `int`.
  const ints = (n: number, out: Int32Array): Int32Array => {
    if (n > INT32_LIMIT) throw new RangeError(`ints(n) fills an Int32Array, so n ≤ 2^31; got ${n}`);
    if (!Number.isInteger(n) || n < 1 || n > EXACT_PRODUCT_MAX_N) {
      for (let k = 0; k < out.length; k++) out[k] = int(n);
      return out;
    }
    const floor = TWO_32 % n;
    let s0 = s[0] as number;
    let s1 = s[1] as number;
    let s2 = s[2] as number;
    let s3 = s[3] as number;
    for (let k = 0; k < out.length; ) {
      const x = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      const product = x * n;
      const high = Math.floor(product / TWO_32);
      if (product - high * TWO_32 >= floor) out[k++] = high;
    }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    return out;
  };

  return { uint32, float: () => uint32() / TWO_32, int, ints };
}

/** One splitmix32 step: returns the next state and its mixed output. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return [next, (z ^ (z >>> 15)) >>> 0];
}

/** A generator seeded by an unsigned 32-bit integer. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed >= TWO_32) {
    throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  }
  let x = seed;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(x);
    x = next;
    words.push(out);
  }
  // An all-zero state is a fixed point of xoshiro; astronomically unlikely here, but never allowed.
  if (words.reduce((acc, w) => acc | w, 0) === 0) words[0] = 1;
  return xoshiro128ss(words as [number, number, number, number]);
}
