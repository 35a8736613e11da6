import { z } from 'zod';
import { PageQuerySchema } from '../api.ts';
import { BattleOriginSchema, BattleStateSchema, BattleTypeSchema } from '../battle.ts';
import { IdSchema, TimestampSchema } from '../ids.ts';
import { ResultStatusSchema } from '../result.ts';

/** The list and export filters of the read endpoints (the leaderboard's are in `leaderboard.ts`). */

export const ListBattlesQuerySchema = PageQuerySchema.extend({
  type: BattleTypeSchema.optional(),
  state: BattleStateSchema.optional(),
  origin: BattleOriginSchema.optional(),
  model: z.string().min(1).max(256).optional(),
  suite: z.string().min(1).max(128).optional(),
  q: z.string().min(1).max(200).optional(),
  from: TimestampSchema.optional(),
  to: TimestampSchema.optional(),
});
export type ListBattlesQuery = z.infer<typeof ListBattlesQuerySchema>;

export const ListResultsQuerySchema = PageQuerySchema.extend({
  battleId: IdSchema.optional(),
  model: z.string().min(1).max(256).optional(),
  provider: z.string().min(1).max(64).optional(),
  status: ResultStatusSchema.optional(),
  origin: BattleOriginSchema.optional(),
  from: TimestampSchema.optional(),
  to: TimestampSchema.optional(),
});
export type ListResultsQuery = z.infer<typeof ListResultsQuerySchema>;

export const ListRunsQuerySchema = PageQuerySchema.extend({
  suite: IdSchema.optional(),
  model: z.string().min(1).max(256).optional(),
  /** the batch (CI battle) id */
  batch: IdSchema.optional(),
  status: ResultStatusSchema.optional(),
  from: TimestampSchema.optional(),
  to: TimestampSchema.optional(),
});
export type ListRunsQuery = z.infer<typeof ListRunsQuerySchema>;

export const ListBatchesQuerySchema = PageQuerySchema.extend({
  suite: IdSchema.optional(),
  branch: z.string().min(1).max(256).optional(),
  from: TimestampSchema.optional(),
  to: TimestampSchema.optional(),
});
export type ListBatchesQuery = z.infer<typeof ListBatchesQuerySchema>;

export const ExportBattlesQuerySchema = ListBattlesQuerySchema.omit({ limit: true, cursor: true });
export type ExportBattlesQuery = z.infer<typeof ExportBattlesQuerySchema>;

export const ExportResultsQuerySchema = ListResultsQuerySchema.omit({ limit: true, cursor: true });
export type ExportResultsQuery = z.infer<typeof ExportResultsQuerySchema>;

export const StatsQuerySchema = z.object({
  origin: BattleOriginSchema.optional(),
  suite: IdSchema.optional(),
  model: z.string().min(1).max(256).optional(),
  from: TimestampSchema.optional(),
  to: TimestampSchema.optional(),
});
export type StatsQuery = z.infer<typeof StatsQuerySchema>;

/** `batch=1`: every live message is an array of frames, one per published batch. */
export const LiveQuerySchema = z.object({ batch: z.enum(['0', '1']).default('0') });

export const SuiteVersionQuerySchema = z.object({ version: z.string().min(1).max(32).optional() });
