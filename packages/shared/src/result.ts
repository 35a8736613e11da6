import { z } from 'zod';
import { ChunkTimingsSchema } from './chunk-timings.ts';
import { EvaluationSchema } from './evaluation.ts';
import { FingerprintSchema } from './fingerprint.ts';
import { IdSchema, TimestampSchema } from './ids.ts';
import { MetricsSchema, TokenCountSourceSchema } from './metrics.ts';
import { SummarySchema } from './percentiles.ts';
import { ResultErrorKindSchema, ResultErrorSchema } from './result-error.ts';
import { TelemetrySchema } from './telemetry.ts';

const nullableNumber = () => z.number().min(0).nullable().default(null);

/** Metrics as posted: every field may be left out (a CI job may only know its E2E time). */
export const MetricsInputSchema = z
  .object({
    ttftMs: nullableNumber(),
    e2eMs: nullableNumber(),
    tpotMs: nullableNumber(),
    itlMs: SummarySchema.nullable().default(null),
    decodeTpsClient: nullableNumber(),
    decodeTpsServer: nullableNumber(),
    promptTokens: z.number().int().min(0).nullable().default(null),
    outputTokens: z.number().int().min(0).nullable().default(null),
    outputTokensSource: TokenCountSourceSchema.nullable().default(null),
    loadMs: nullableNumber(),
    costUsd: nullableNumber(),
  })
  .strict();

/** Figures the model server reported about itself (llama.cpp `timings`, Ollama durations). */
export const ServerTimingsSchema = z
  .object({
    engine: z.string().max(64),
    promptTokens: z.number().int().min(0).optional(),
    promptMs: z.number().min(0).optional(),
    predictedTokens: z.number().int().min(0).optional(),
    predictedMs: z.number().min(0).optional(),
    predictedPerSecond: z.number().min(0).optional(),
    cachedTokens: z.number().int().min(0).optional(),
    loadMs: z.number().min(0).optional(),
    totalMs: z.number().min(0).optional(),
  })
  .strict();
export type ServerTimings = z.infer<typeof ServerTimingsSchema>;

export const ResultStatusSchema = z.enum(['ok', 'error', 'stopped']);
export type ResultStatus = z.infer<typeof ResultStatusSchema>;

/**
 * One contestant × one task (× one repeat): output, metrics, chunk timings, server figures,
 * evaluations, telemetry, fingerprint and error. The id is chosen by the client and makes
 * posting idempotent.
 */
export const ResultSchema = z
  .object({
    id: IdSchema,
    battleId: IdSchema,
    contestantId: IdSchema,
    taskId: IdSchema,
    repeat: z.number().int().min(0).max(10_000).default(0),
    status: ResultStatusSchema,
    output: z
      .object({
        text: z.string().max(2_000_000),
        reasoning: z.string().max(2_000_000).optional(),
      })
      .strict(),
    metrics: MetricsInputSchema.default(() => MetricsInputSchema.parse({})),
    chunks: ChunkTimingsSchema.nullable().default(null),
    server: ServerTimingsSchema.nullable().default(null),
    /** The overall automatic score of this result in [0, 1] and whether it passed, when scored. */
    score: z.number().min(0).max(1).nullable().default(null),
    passed: z.boolean().nullable().default(null),
    evaluations: z.array(EvaluationSchema).max(256, 'at most 256 evaluations per result').default([]),
    telemetry: TelemetrySchema.nullable().default(null),
    fingerprint: FingerprintSchema.nullable().default(null),
    error: ResultErrorSchema.nullable().default(null),
    startedAt: TimestampSchema,
    endedAt: TimestampSchema.nullable().default(null),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.status === 'error' && !r.error) {
      ctx.addIssue({
        code: 'custom',
        path: ['error'],
        message: "a result with status 'error' says what the error was",
      });
    }
    if (
      r.chunks &&
      r.chunks.chars.reduce((a, b) => a + b, 0) > r.output.text.length + (r.output.reasoning?.length ?? 0)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['chunks', 'chars'],
        message: 'chunks carry more characters than the output has',
      });
    }
  });
export type Result = z.infer<typeof ResultSchema>;
export type ResultInput = z.input<typeof ResultSchema>;

/** A stored result as the API serves it: the posted result plus what the server knows. */
export const StoredResultSchema = z.object({
  ...ResultSchema.shape,
  provider: z.string(),
  model: z.string(),
  category: z.string(),
  createdAt: TimestampSchema,
});
export type StoredResult = z.infer<typeof StoredResultSchema>;

/** A stored result back as the result that was posted: the server's extras (provider, model…) dropped. */
export const ResultOfStoredSchema = z.object(ResultSchema.shape);
/**
 * A result of a blind battle as the public sees it (PRODUCT F13): its contestant by letter, the
 * answer text (withheld when it names its model, as the voting pool would), scores, and speed
 * rounded to 1-2-5 steps. Left out: the result id (it carries the contestant id), provider,
 * model, reasoning, chunk timings, server figures, telemetry, fingerprint, token counts, load
 * time, cost, the error message and the start and end times.
 */
export const SealedResultSchema = z.object({
  /** `<battle>:<letter>:<task>:<repeat>`, a stand-in for the real id */
  id: z.string(),
  battleId: IdSchema,
  /** the contestant's letter */
  contestantId: z.string(),
  taskId: IdSchema,
  repeat: z.number().int().min(0),
  status: ResultStatusSchema,
  output: z.object({ text: z.string() }),
  /** true when the text was withheld because it names a model or its maker */
  withheld: z.boolean(),
  metrics: MetricsSchema,
  score: z.number().nullable(),
  passed: z.boolean().nullable(),
  /** without ids and details (a judge's reasons or an owner's note may name a contestant) */
  evaluations: z.array(EvaluationSchema),
  error: z.object({ kind: ResultErrorKindSchema }).nullable(),
  category: z.string(),
  createdAt: TimestampSchema,
  sealed: z.literal(true),
});
export type SealedResult = z.infer<typeof SealedResultSchema>;

/** What a read serves for a result: in full, or sealed. */
export const ResultViewSchema = z.union([StoredResultSchema, SealedResultSchema]);
export type ResultView = z.infer<typeof ResultViewSchema>;

export const isSealedResult = (r: ResultView): r is SealedResult => 'sealed' in r;
