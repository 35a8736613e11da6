import { z } from 'zod';
import { CrossExaminationSchema, EvaluationSchema } from './evaluation.ts';
import { IdSchema, TimestampSchema } from './ids.ts';

/**
 * Judgements added after a battle (PRODUCT F10–F12): evaluations posted to a stored result, the
 * owner's thumbs/stars/note, the owner's winner per task, and cross-examinations.
 */

/**
 * `POST /api/results/:id/evaluations`: every evaluation names its id (the same id posted twice is
 * stored once). Human votes come only from the arena, so `human` is refused here.
 */
export const EvaluationsPostSchema = z
  .object({
    evaluations: z
      .array(
        EvaluationSchema.safeExtend({ id: IdSchema }).refine((e) => e.source !== 'human', {
          path: ['source'],
          message: 'human evaluations come from the arena, not from this route',
        }),
      )
      .min(1, 'at least one evaluation')
      .max(256, 'at most 256 evaluations per request'),
  })
  .strict();
export type EvaluationsPost = z.infer<typeof EvaluationsPostSchema>;
export type EvaluationsPostInput = z.input<typeof EvaluationsPostSchema>;

/** `PUT /api/results/:id/judgement`: the owner's verdict on one result; at least one field. */
export const OwnerJudgementSchema = z
  .object({
    thumbs: z.enum(['up', 'down']).nullable().default(null),
    stars: z.number().int().min(1).max(5).nullable().default(null),
    note: z.string().max(4_000).nullable().default(null),
  })
  .strict()
  .refine((j) => j.thumbs !== null || j.stars !== null || (j.note ?? '') !== '', {
    path: ['thumbs'],
    message: 'give thumbs, stars or a note',
  });
export type OwnerJudgement = z.infer<typeof OwnerJudgementSchema>;

/** The evaluator name of the owner's judgement; one such evaluation per result. */
export const OWNER_EVALUATOR = 'owner';

/** `PUT /api/battles/:id/tasks/:taskId/winner`: a contestant id, or `tie: true` with no winner. */
export const WinnerOverrideInputSchema = z
  .object({
    winner: IdSchema.nullable().default(null),
    tie: z.boolean().default(false),
    note: z.string().max(4_000).nullable().default(null),
  })
  .strict()
  .refine((o) => (o.winner === null) === o.tie, {
    path: ['winner'],
    message: 'name a winner, or set tie: true without one',
  });
export type WinnerOverrideInput = z.input<typeof WinnerOverrideInputSchema>;

/** An owner's winner for one task as stored and read; the automatic winner is kept apart. */
export const WinnerOverrideSchema = z
  .object({
    taskId: IdSchema,
    winner: IdSchema.nullable(),
    tie: z.boolean(),
    note: z.string().nullable(),
    setBy: z.string().nullable(),
    updatedAt: TimestampSchema,
  })
  .strict();
export type WinnerOverride = z.infer<typeof WinnerOverrideSchema>;

/** A stored cross-examination, as `GET /api/battles/:id` serves it. */
export const StoredCrossExaminationSchema = CrossExaminationSchema.safeExtend({ id: IdSchema });
export type StoredCrossExamination = z.infer<typeof StoredCrossExaminationSchema>;

/** What `POST /api/results/:id/evaluations` answers: the stored ids (`<result>:<evaluation id>`). */
export const EvaluationsPostResponseSchema = z.object({
  created: z.number().int(),
  duplicates: z.number().int(),
  ids: z.array(z.string()),
});
