import { z } from 'zod';
import { IdSchema, TimestampSchema } from './ids.ts';

/**
 * Where a judgement came from (PRODUCT §3). Sources are kept apart: a judge verdict is never mixed
 * with human votes, and an owner override sits beside the automatic winner.
 */
export const EvaluationSourceSchema = z.enum(['check', 'code', 'judge', 'human', 'owner', 'ci']);
export type EvaluationSource = z.infer<typeof EvaluationSourceSchema>;

/** One evaluator's verdict on one result: a check, a test run, a judge's rubric score, a thumbs-up. */
export const EvaluationSchema = z
  .object({
    id: IdSchema.optional(),
    source: EvaluationSourceSchema,
    evaluator: z.string().min(1).max(128),
    /** Normalised score in [0, 1] where the evaluator has one. */
    score: z.number().min(0).max(1).nullable().default(null),
    /** The evaluator's own scale, e.g. 100 for a rubric scored 0–100 (`raw` is on that scale). */
    raw: z.number().nullable().default(null),
    maxScore: z.number().positive().nullable().default(null),
    passed: z.boolean().nullable().default(null),
    details: z.record(z.string(), z.unknown()).optional(),
    createdAt: TimestampSchema.optional(),
  })
  .strict();
export type Evaluation = z.infer<typeof EvaluationSchema>;
export type EvaluationInput = z.input<typeof EvaluationSchema>;
