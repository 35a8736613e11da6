import { BattleOriginSchema, BattleStateSchema, BattleTypeSchema } from '@ringside/shared';
import { z } from 'zod';
import type { BattlesQuery } from './api.ts';

/**
 * URL search params of the list pages, parsed with zod (`validateSearch`). A bad value is
 * dropped rather than failing the page: URLs get shared and edited by hand.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const opt = <T extends z.ZodType>(s: T) => s.optional().catch(undefined);

export const BattlesSearchSchema = z.object({
  type: opt(BattleTypeSchema),
  state: opt(BattleStateSchema),
  origin: opt(BattleOriginSchema),
  model: opt(z.string().min(1).max(256)),
  q: opt(z.string().min(1).max(200)),
  /** days (UTC), inclusive */
  from: opt(z.string().regex(DAY)),
  to: opt(z.string().regex(DAY)),
  cursor: opt(z.string().min(1).max(512)),
});
export type BattlesSearch = z.infer<typeof BattlesSearchSchema>;

/** The API query of a battles search: days become the UTC range [from 00:00, to + 1 day 00:00). */
export function battlesApiQuery(s: BattlesSearch, limit = 25): BattlesQuery {
  return {
    type: s.type,
    state: s.state,
    origin: s.origin,
    model: s.model,
    q: s.q,
    from: s.from ? `${s.from}T00:00:00.000Z` : undefined,
    to: s.to ? new Date(Date.parse(`${s.to}T00:00:00.000Z`) + 86_400_000).toISOString() : undefined,
    cursor: s.cursor,
    limit,
  };
}

export const RunsSearchSchema = z.object({
  suite: opt(z.string().min(1).max(128)),
  batches: opt(z.string().min(1).max(512)),
  runs: opt(z.string().min(1).max(512)),
});
export type RunsSearch = z.infer<typeof RunsSearchSchema>;

export const ModelSearchSchema = z.object({
  provider: opt(z.string().min(1).max(64)),
  cursor: opt(z.string().min(1).max(512)),
});
export type ModelSearch = z.infer<typeof ModelSearchSchema>;

export const BattleSearchSchema = z.object({
  task: opt(z.string().min(1).max(128)),
  repeat: opt(z.coerce.number().int().min(0)),
});
export type BattleSearch = z.infer<typeof BattleSearchSchema>;
