import { describe, expect, it } from 'vitest';
import { parseVerdict } from './verdict.ts';

const scores = {
  A: { correctness: 90, efficiency: 70, clarity: 80 },
  B: { correctness: 40, efficiency: 60, clarity: 50 },
};

describe('parseVerdict', () => {
  it('reads a bare JSON verdict, upper-casing the winner', () => {
    const r = parseVerdict(JSON.stringify({ winner: 'a', reasons: 'A is right.', scores }), ['A', 'B']);
    expect(r).toEqual({ ok: true, verdict: { winner: 'A', reasons: 'A is right.', scores } });
  });

  it('finds the JSON in a fenced block or inside prose', () => {
    const json = JSON.stringify({ winner: 'tie', reasons: 'Both fine.', scores });
    expect(parseVerdict(`Here is my verdict:\n\`\`\`json\n${json}\n\`\`\``, ['A', 'B']).ok).toBe(true);
    expect(parseVerdict(`Verdict: ${json} — done.`, ['A', 'B'])).toMatchObject({
      ok: true,
      verdict: { winner: 'TIE' },
    });
  });

  it('rejects prose without JSON', () => {
    expect(parseVerdict('A is better because it is right.', ['A', 'B'])).toEqual({
      ok: false,
      error: 'no JSON object in the reply',
    });
  });

  it('rejects an unknown winner, a missing score and a score out of range', () => {
    const bad = (v: object) => parseVerdict(JSON.stringify(v), ['A', 'B']);
    expect(bad({ winner: 'C', reasons: 'x', scores })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/winner must be one of A, B or tie/),
    });
    expect(bad({ winner: 'A', reasons: 'x', scores: { A: scores.A } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/scores missing for B/),
    });
    expect(
      bad({
        winner: 'A',
        reasons: 'x',
        scores: { ...scores, B: { correctness: 140, efficiency: 1, clarity: 1 } },
      }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/scores.B.correctness/) });
    expect(bad({ winner: 'A', reasons: '', scores })).toMatchObject({ ok: false });
  });
});
