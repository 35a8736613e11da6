import { z } from 'zod';

const Quantiles = z.object({
  mean: z.number().nullable(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});
export type Quantiles = z.infer<typeof Quantiles>;
export const QuantilesSchema = Quantiles;

export const ModelStatsSchema = z.object({
  provider: z.string(),
  model: z.string(),
  results: z.number().int(),
  errors: z.number().int(),
  /** battle × task × repeat groups where this model's result scored strictly highest */
  wins: z.number().int(),
  ttftMs: Quantiles,
  e2eMs: Quantiles,
  decodeTps: Quantiles,
});
export type ModelStats = z.infer<typeof ModelStatsSchema>;

export const StatsSchema = z.object({
  totals: z.object({
    battles: z.number().int(),
    results: z.number().int(),
    models: z.number().int(),
    errors: z.number().int(),
  }),
  models: z.array(ModelStatsSchema),
});
export type Stats = z.infer<typeof StatsSchema>;

export const ModelSummarySchema = z.object({
  provider: z.string(),
  model: z.string(),
  results: z.number().int(),
  battles: z.number().int(),
  lastSeenAt: z.string().nullable(),
});
export type ModelSummary = z.infer<typeof ModelSummarySchema>;
