import { describe, expect, it } from 'vitest';
import { anonymise, seedFrom } from './anonymise.ts';

describe('anonymise', () => {
  const items = ['c1', 'c2', 'c3', 'c4', 'c5'];

  it('labels A, B, C… a permutation of all contestants', () => {
    const shown = anonymise(items, 42);
    expect(shown.map((s) => s.label)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(shown.map((s) => s.item).sort()).toEqual(items);
  });

  it('gives the same order for the same seed and other orders for other seeds', () => {
    expect(anonymise(items, 7)).toEqual(anonymise(items, 7));
    const orders = new Set(
      Array.from({ length: 20 }, (_, seed) =>
        anonymise(items, seed)
          .map((s) => s.item)
          .join(),
      ),
    );
    expect(orders.size).toBeGreaterThan(5);
  });

  it('shows each contestant first about equally often over many seeds (no position bias)', () => {
    const first = new Map<string, number>();
    for (let seed = 0; seed < 2000; seed++) {
      const item = anonymise(['x', 'y'], seed)[0]!.item;
      first.set(item, (first.get(item) ?? 0) + 1);
    }
    expect(first.get('x')).toBeGreaterThan(900);
    expect(first.get('y')).toBeGreaterThan(900);
  });

  it('derives a stable seed from text', () => {
    expect(seedFrom('battle-1:task-1')).toBe(seedFrom('battle-1:task-1'));
    expect(seedFrom('battle-1:task-1')).not.toBe(seedFrom('battle-1:task-2'));
  });
});
