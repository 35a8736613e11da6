import { z } from 'zod';
import { BattleInputSchema } from './battle.ts';
import { ResultSchema } from './result.ts';

/** The one error body of the API: `{ error: { code, message, details } }`. */
export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() }).catchall(z.unknown())).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
export type ApiErrorDetail = NonNullable<ApiError['error']['details']>[number];

/** Cursor pagination: pass `nextCursor` back as `cursor` until it is null. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const PageQuerySchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** Most results one `POST /api/results` takes; larger sets go to `/api/results/batch`. */
export const MAX_RESULTS_PER_POST = 1_000;
/** Most results one `POST /api/results/batch` takes. */
export const MAX_RESULTS_PER_BATCH = 10_000;

/** `POST /api/results/batch`: many results, optionally with the battle (or CI batch) they belong to. */
export const ResultsBatchSchema = z
  .object({
    battle: BattleInputSchema.optional(),
    results: z
      .array(ResultSchema)
      .min(1, 'at least one result')
      .max(MAX_RESULTS_PER_BATCH, `at most ${MAX_RESULTS_PER_BATCH} results per batch`),
  })
  .strict();
export type ResultsBatch = z.infer<typeof ResultsBatchSchema>;
export type ResultsBatchInput = z.input<typeof ResultsBatchSchema>;

/** `POST /api/results`: one result, or one battle's results (with the battle itself if new). */
export const ResultsPostSchema = z.union([
  ResultSchema,
  z
    .object({
      battle: BattleInputSchema.optional(),
      results: z
        .array(ResultSchema)
        .min(1, 'at least one result')
        .max(
          MAX_RESULTS_PER_POST,
          `at most ${MAX_RESULTS_PER_POST} results per request; post larger sets to /api/results/batch`,
        ),
    })
    .strict(),
]);
export type ResultsPostInput = z.input<typeof ResultsPostSchema>;

export const IngestResponseSchema = z.object({
  created: z.number().int(),
  duplicates: z.number().int(),
  battleCreated: z.boolean(),
  ids: z.array(z.string()),
});
export type IngestResponse = z.infer<typeof IngestResponseSchema>;

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  d1: z.object({ reachable: z.boolean(), latencyMs: z.number().nullable(), error: z.string().optional() }),
});
export type Health = z.infer<typeof HealthSchema>;

export const TokenScopeSchema = z.enum(['ingest', 'runner', 'admin']);
export type TokenScope = z.infer<typeof TokenScopeSchema>;
