/**
 * A seeded PRNG (mulberry32) so the generated model is the same bytes on every machine: only
 * integer ops and one multiplication, no transcendental functions whose last bit could vary.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform values with mean 0 and the given standard deviation (uniform on ±√3·std). */
export function uniformArray(random: () => number, length: number, std: number): Float32Array {
  const out = new Float32Array(length);
  const halfWidth = Math.sqrt(3) * std;
  for (let i = 0; i < length; i++) out[i] = (random() * 2 - 1) * halfWidth;
  return out;
}
