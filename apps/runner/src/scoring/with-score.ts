/**
 * Puts a score on a result (pure): the automatic evaluations (`check`, `code`) are replaced, so
 * scoring again is idempotent; judge, human, owner and CI evaluations are kept as they were.
 */
import type { Evaluation, Result } from '@ringside/shared';
import type { Scored } from './score-result.ts';

const AUTOMATIC = new Set<Evaluation['source']>(['check', 'code']);

export function withScore(result: Result, scored: Scored): Result {
  return {
    ...result,
    score: scored.score,
    passed: scored.passed,
    evaluations: [...result.evaluations.filter((e) => !AUTOMATIC.has(e.source)), ...scored.evaluations],
  };
}

/** Appends evaluations from another source (the judge's) to a result, replacing that evaluator's earlier ones. */
export function withEvaluations(result: Result, evaluations: readonly Evaluation[]): Result {
  const replaced = new Set(evaluations.map((e) => `${e.source}|${e.evaluator}`));
  return {
    ...result,
    evaluations: [
      ...result.evaluations.filter((e) => !replaced.has(`${e.source}|${e.evaluator}`)),
      ...evaluations,
    ],
  };
}
