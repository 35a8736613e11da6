import type { Evaluation } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { result } from '../../test/judge-fixtures.ts';
import { withEvaluations, withScore } from './with-score.ts';

const ev = (source: Evaluation['source'], evaluator: string, score: number): Evaluation => ({
  source,
  evaluator,
  score,
  raw: null,
  maxScore: null,
  passed: null,
});

describe('withScore', () => {
  it('replaces earlier automatic evaluations and keeps judge and human ones', () => {
    const before = result('c1', 'x', {
      score: 0.1,
      evaluations: [ev('check', 'contains', 0), ev('judge', 'judge:x:y', 0.7), ev('human', 'thumbs', 1)],
    });
    const after = withScore(before, { score: 1, passed: true, evaluations: [ev('check', 'contains', 1)] });
    expect(after.score).toBe(1);
    expect(after.passed).toBe(true);
    expect(after.evaluations.map((e) => `${e.source}:${e.score}`)).toEqual([
      'judge:0.7',
      'human:1',
      'check:1',
    ]);
    expect(withScore(after, { score: 1, passed: true, evaluations: [ev('check', 'contains', 1)] })).toEqual(
      after,
    );
  });
});

describe('withEvaluations', () => {
  it("replaces the same judge's earlier verdict and leaves other sources alone", () => {
    const before = result('c1', 'x', {
      evaluations: [ev('judge', 'judge:a:m', 0.2), ev('check', 'regex', 1)],
    });
    const after = withEvaluations(before, [ev('judge', 'judge:a:m', 0.9)]);
    expect(after.evaluations.map((e) => `${e.evaluator}:${e.score}`)).toEqual(['regex:1', 'judge:a:m:0.9']);
  });
});
