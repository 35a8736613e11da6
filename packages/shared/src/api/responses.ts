import { z } from 'zod';
import { pageSchema } from '../api.ts';
import { BattleViewSchema } from '../battle.ts';
import { BatchSummarySchema } from '../ci.ts';
import { BattleEventSchema } from '../events.ts';
import { StoredCrossExaminationSchema, WinnerOverrideSchema } from '../judgement.ts';
import { ResultViewSchema } from '../result.ts';
import { ModelSummarySchema } from '../stats.ts';

/** Response and body shapes that exist only as API payloads (the domain shapes live beside their concept). */

/**
 * `GET /api/battles/:id`: the battle, its results, the owner's winners and its cross-examinations.
 * Reads serve views: a blind battle is sealed for anyone but its owner and admins (PRODUCT F13).
 */
export const BattleWithResultsSchema = BattleViewSchema.extend({
  results: z.array(ResultViewSchema),
  /** the owner's winner per task, beside (never instead of) the automatic winner; absent from an older API */
  overrides: z.array(WinnerOverrideSchema).default([]),
  crossExaminations: z.array(StoredCrossExaminationSchema).default([]),
});
export type BattleWithResults = z.infer<typeof BattleWithResultsSchema>;

export const BattlesPageSchema = pageSchema(BattleViewSchema);
export const ResultsPageSchema = pageSchema(ResultViewSchema);
export const BatchesPageSchema = pageSchema(BatchSummarySchema);
export const ModelListSchema = z.object({ items: z.array(ModelSummarySchema) });

/** Most live events one publish takes. */
export const MAX_EVENTS_PER_BATCH = 1000;
export const LiveEventsBodySchema = z
  .array(BattleEventSchema)
  .min(1, 'at least one event')
  .max(MAX_EVENTS_PER_BATCH, `at most ${MAX_EVENTS_PER_BATCH} events per request`);

export const PublishResponseSchema = z.object({
  /** events applied and fanned out */
  accepted: z.number().int(),
  /** events the room already had (a retried batch) */
  duplicates: z.number().int(),
  /** viewers connected when the batch was fanned out */
  viewers: z.number().int(),
});
export type PublishResponse = z.infer<typeof PublishResponseSchema>;

/** `GET /api/openapi.json`: an OpenAPI 3.1 document (its shape is the OpenAPI specification's). */
export const OpenApiDocumentSchema = z
  .object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }) })
  .loose();
