import { describe, expect, it } from 'vitest';
import { stableStringify } from './stable-json.ts';

describe('stableStringify', () => {
  it('gives the same text for objects whose keys were built in another order, at any depth', () => {
    expect(stableStringify({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(
      stableStringify({ a: { c: null, d: [{ x: 2, y: 1 }] }, b: 1 }),
    );
  });

  it('keeps array order and drops undefined fields as JSON does', () => {
    expect(stableStringify({ a: [2, 1], u: undefined })).toBe('{"a":[2,1]}');
  });
});
