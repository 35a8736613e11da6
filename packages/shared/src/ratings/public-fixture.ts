/**
 * Test-only: FastChat's reference data and numbers (`__fixtures__/README.md` says how each was
 * computed). Loaded through vitest's `?raw` import, so the package itself needs no file I/O.
 */
import battlesText from './__fixtures__/battles-public.jsonl?raw';
import expected from './__fixtures__/expected-public.json' with { type: 'json' };
import { parsePairLines } from './pairs.ts';

export { expected };
export const fixturePairs = parsePairLines(battlesText);

/** Largest |a[k] − b[k]| over the keys of `b`; fails loudly if `a` lacks one. */
export function maxAbsDiff(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number {
  let max = 0;
  for (const [key, value] of Object.entries(b)) {
    const mine = a[key];
    if (mine === undefined) throw new Error(`missing ${key}`);
    max = Math.max(max, Math.abs(mine - value));
  }
  return max;
}
