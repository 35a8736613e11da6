import { z } from 'zod';
import { BattleStateSchema, CiInfoSchema } from './battle.ts';
import { IdSchema, TimestampSchema } from './ids.ts';

/** Aggregates of a set of results: what a CI batch and its comparison are made of. */
export const AggregateSchema = z.object({
  results: z.number().int(),
  errors: z.number().int(),
  passed: z.number().int(),
  scored: z.number().int(),
  meanScore: z.number().nullable(),
  passRate: z.number().nullable(),
  meanE2eMs: z.number().nullable(),
  meanTtftMs: z.number().nullable(),
  meanDecodeTps: z.number().nullable(),
});
export type Aggregate = z.infer<typeof AggregateSchema>;

/** A CI batch (PRODUCT F22): one build's results for one suite, stored as a battle of origin `ci`. */
export const BatchSummarySchema = z.object({
  id: IdSchema,
  title: z.string(),
  suite: z.object({ name: z.string(), version: z.string() }),
  ci: CiInfoSchema.nullable(),
  state: BattleStateSchema,
  createdAt: TimestampSchema,
  totals: AggregateSchema,
});
export type BatchSummary = z.infer<typeof BatchSummarySchema>;

export const DeltaSchema = z.object({
  current: z.number().nullable(),
  previous: z.number().nullable(),
  delta: z.number().nullable(),
});
export type Delta = z.infer<typeof DeltaSchema>;

export const ComparisonRowSchema = z.object({
  key: z.string(),
  score: DeltaSchema,
  passRate: DeltaSchema,
  e2eMs: DeltaSchema,
  decodeTps: DeltaSchema,
  /** better / worse / same / new / gone, judged on score first, then on E2E time. */
  verdict: z.enum(['better', 'worse', 'same', 'new', 'gone']),
});
export type ComparisonRow = z.infer<typeof ComparisonRowSchema>;

/** One batch compared with the previous batch of the same suite. */
export const BatchComparisonSchema = z.object({
  batch: BatchSummarySchema,
  previous: BatchSummarySchema.nullable(),
  overall: ComparisonRowSchema,
  byModel: z.array(ComparisonRowSchema),
  byTask: z.array(ComparisonRowSchema),
  /**
   * Per evaluator (a CI evaluation's `evaluator`, a check, a judge model…): the mean of its
   * scores and its pass rate over the batch's evaluations; time fields are null.
   */
  byEvaluator: z.array(ComparisonRowSchema),
});
export type BatchComparison = z.infer<typeof BatchComparisonSchema>;

export function delta(current: number | null, previous: number | null): Delta {
  return {
    current,
    previous,
    delta: current !== null && previous !== null ? current - previous : null,
  };
}

const SCORE_EPSILON = 1e-9;

/** Verdict of a comparison row: score decides; with equal scores, a faster E2E time is better. */
export function verdictOf(score: Delta, e2eMs: Delta, present: { current: boolean; previous: boolean }) {
  if (!present.previous) return 'new' as const;
  if (!present.current) return 'gone' as const;
  if (score.delta !== null && Math.abs(score.delta) > SCORE_EPSILON)
    return score.delta > 0 ? 'better' : 'worse';
  if (e2eMs.delta !== null && e2eMs.previous) {
    const rel = e2eMs.delta / e2eMs.previous;
    // Timing noise below 5 % is not called a change.
    if (rel < -0.05) return 'better' as const;
    if (rel > 0.05) return 'worse' as const;
  }
  return 'same' as const;
}
