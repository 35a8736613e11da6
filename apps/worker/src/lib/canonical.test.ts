import { ResultSchema } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashOf, resultHash } from './canonical.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('matches JSON.stringify for undefined, null, strings with escapes and numbers', () => {
    const v = { s: 'a"b\n\u2028', n: -0.5, e: 1e21, u: undefined, arr: [undefined, null, true] };
    expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
    expect(canonicalJson(v)).not.toContain('"u"');
  });

  it('encodes a value 100,000 levels deep without overflowing the stack, as JSON.parse reads it back', () => {
    let deep: unknown = { z: 1, a: [] };
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { k: deep };
    const text = canonicalJson(deep);
    expect(text.startsWith('[{"k":[{"k":')).toBe(true);
    expect(text.includes('[{"k":{"a":[],"z":1}}]')).toBe(true);
    expect(() => JSON.parse(text)).not.toThrow();
    expect(text.length).toBe(50_000 * '{"k":}'.length + 50_000 * '[]'.length + '{"a":[],"z":1}'.length);
  });

  it('writes undefined and function array items as null and drops such members, like JSON.stringify', () => {
    const v = { b: [undefined, () => 1, 2], a: () => 1, c: { y: undefined, x: 'ok' } };
    expect(canonicalJson(v)).toBe('{"b":[null,null,2],"c":{"x":"ok"}}');
    expect(canonicalJson(v)).toBe(JSON.stringify(v));
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson('s')).toBe('"s"');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('gives equal hashes for the same value written in another key order, different ones otherwise', async () => {
    expect(await hashOf({ a: 1, b: [2, 3] })).toBe(await hashOf({ b: [2, 3], a: 1 }));
    expect(await hashOf({ a: 1, b: [2, 3] })).not.toBe(await hashOf({ a: 1, b: [3, 2] }));
  });
});

describe('resultHash', () => {
  const body = {
    id: 'r1',
    battleId: 'b1',
    contestantId: 'c1',
    taskId: 't1',
    status: 'ok',
    output: { text: 'hi' },
    startedAt: '2026-11-22T00:00:00.000Z',
    evaluations: [{ source: 'check', evaluator: 'x', details: { b: 1, a: { d: 2, c: 3 } } }],
    telemetry: { source: 'ci', counters: { z: 1, y: 2 } },
  };

  it('is the same whatever key order the client wrote, records included', async () => {
    const reordered = {
      telemetry: { counters: { y: 2, z: 1 }, source: 'ci' },
      evaluations: [{ details: { a: { c: 3, d: 2 }, b: 1 }, evaluator: 'x', source: 'check' }],
      startedAt: body.startedAt,
      output: { text: 'hi' },
      status: 'ok',
      taskId: 't1',
      contestantId: 'c1',
      battleId: 'b1',
      id: 'r1',
    };
    expect(await resultHash(ResultSchema.parse(reordered))).toBe(await resultHash(ResultSchema.parse(body)));
  });

  it('changes when any value changes', async () => {
    const other = {
      ...body,
      evaluations: [{ ...body.evaluations[0], details: { b: 2, a: { d: 2, c: 3 } } }],
    };
    expect(await resultHash(ResultSchema.parse(other))).not.toBe(await resultHash(ResultSchema.parse(body)));
  });
});
