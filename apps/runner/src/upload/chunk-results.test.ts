import { describe, expect, it } from 'vitest';
import { chunkResults } from './chunk-results.ts';

describe('chunkResults', () => {
  it('cuts at maxResults', () => {
    const chunks = chunkResults([1, 2, 3, 4, 5], { maxResults: 2, maxBytes: 1e9 });
    expect(chunks).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('cuts before a result that would take a chunk past maxBytes', () => {
    const chunks = chunkResults([40, 40, 30, 90], { maxResults: 100, maxBytes: 100 }, (n) => n);
    expect(chunks).toEqual([[40, 40], [30], [90]]);
  });

  it('puts a result bigger than maxBytes alone rather than dropping it', () => {
    expect(chunkResults([10, 500, 10], { maxResults: 100, maxBytes: 100 }, (n) => n)).toEqual([
      [10],
      [500],
      [10],
    ]);
  });

  it('gives no chunk for no results', () => {
    expect(chunkResults([])).toEqual([]);
  });
});
