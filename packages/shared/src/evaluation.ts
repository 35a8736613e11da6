import { z } from 'zod';
import { IdSchema, TimestampSchema } from './ids.ts';
import { jsonObject } from './json-value.ts';

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
    details: jsonObject().optional(),
    createdAt: TimestampSchema.optional(),
  })
  .strict();
export type Evaluation = z.infer<typeof EvaluationSchema>;
export type EvaluationInput = z.input<typeof EvaluationSchema>;

/** The LLM judge's rubric (PRODUCT F10), each 0–100. */
export const RubricScoresSchema = z
  .object({
    correctness: z.number().min(0).max(100),
    efficiency: z.number().min(0).max(100),
    clarity: z.number().min(0).max(100),
  })
  .strict();
export type RubricScores = z.infer<typeof RubricScoresSchema>;

const JudgeModelSchema = z.object({ provider: z.string().min(1).max(64), model: z.string().min(1).max(256) });

/**
 * One LLM-judge verdict on one task of a battle (PRODUCT F10): contestants were shown as A, B, C…
 * in `order` (shuffled with `seed`); `winner` is a contestant id, or null for a tie or a failed
 * judge (`status: 'error'`, `error` says why). Stored apart from human votes.
 */
export const JudgeVerdictSchema = z
  .object({
    battleId: IdSchema,
    taskId: IdSchema,
    judge: JudgeModelSchema,
    status: z.enum(['ok', 'error']),
    winner: IdSchema.nullable(),
    tie: z.boolean(),
    reasons: z.string().max(20_000),
    seed: z.number().int(),
    order: z.array(z.object({ label: z.string().min(1).max(2), contestantId: IdSchema, resultId: IdSchema })),
    scores: z.array(z.object({ contestantId: IdSchema, label: z.string(), ...RubricScoresSchema.shape })),
    digests: z.array(
      z.object({ label: z.string(), text: z.string().max(20_000), error: z.string().optional() }),
    ),
    attempts: z.number().int().min(0),
    error: z.object({ message: z.string().max(4_000), reply: z.string().max(20_000).optional() }).nullable(),
    at: TimestampSchema,
  })
  .strict();
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;

/** Most messages of a cross-examination's prompt; the runner sends two (system, user). */
export const MAX_PROMPT_MESSAGES = 64;
/** Most characters of one prompt message; the runner's user message is at most ~140,000. */
export const MAX_PROMPT_MESSAGE_CHARS = 200_000;

const PromptMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z
    .string()
    .max(MAX_PROMPT_MESSAGE_CHARS, `at most ${MAX_PROMPT_MESSAGE_CHARS} characters per message`),
});

/** A question put to a model about a finished battle's results, and its answer (PRODUCT F11). */
export const CrossExaminationSchema = z
  .object({
    battleId: IdSchema,
    examiner: JudgeModelSchema,
    question: z.string().min(1).max(20_000),
    prompt: z
      .array(PromptMessageSchema)
      .max(MAX_PROMPT_MESSAGES, `at most ${MAX_PROMPT_MESSAGES} prompt messages`),
    answer: z.string().max(2_000_000),
    status: z.enum(['ok', 'error']),
    error: z.string().max(4_000).nullable(),
    e2eMs: z.number().min(0).nullable(),
    at: TimestampSchema,
  })
  .strict();
export type CrossExamination = z.infer<typeof CrossExaminationSchema>;
