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
