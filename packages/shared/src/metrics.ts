import { z } from 'zod';
import { SummarySchema, summarize } from './percentiles.ts';

/** Where the output token count came from (PRODUCT §5: usage first, else the server's own count). */
export const TokenCountSourceSchema = z.enum(['usage', 'server', 'chunks']);
export type TokenCountSource = z.infer<typeof TokenCountSourceSchema>;

/** Every per-result metric of PRODUCT §5 / F6. Times in milliseconds; null when undefined. */
export const MetricsSchema = z
  .object({
    ttftMs: z.number().min(0).nullable(),
    e2eMs: z.number().min(0).nullable(),
    tpotMs: z.number().min(0).nullable(),
    itlMs: SummarySchema.nullable(),
    decodeTpsClient: z.number().min(0).nullable(),
    decodeTpsServer: z.number().min(0).nullable(),
    promptTokens: z.number().int().min(0).nullable(),
    outputTokens: z.number().int().min(0).nullable(),
    outputTokensSource: TokenCountSourceSchema.nullable(),
    /** Model load/swap time, measured apart (warm-up request or the server's own figure), never in TTFT. */
    loadMs: z.number().min(0).nullable(),
    costUsd: z.number().min(0).nullable(),
  })
  .strict();
export type Metrics = z.infer<typeof MetricsSchema>;

export interface TimingInput {
  /** Arrival time of each token-bearing chunk, ms since just before the request was sent. */
  arrivalsMs: readonly number[];
  /** Output tokens as reported (usage or server); falls back to the number of chunks. */
  outputTokens?: number | null;
}

export type DerivedTimings = Pick<Metrics, 'ttftMs' | 'e2eMs' | 'tpotMs' | 'itlMs' | 'decodeTpsClient'>;

/**
 * Derives the client-side timing metrics of PRODUCT §5 from chunk arrival times:
 * TTFT = first token-bearing chunk; E2E = last one; ITL = gaps between consecutive ones;
 * TPOT = (E2E − TTFT) / (tokens − 1) and decode tok/s = (tokens − 1) / (E2E − TTFT), both
 * undefined (null) for ≤ 1 token or when all tokens arrived in one instant.
 */
export function deriveTimings({ arrivalsMs, outputTokens }: TimingInput): DerivedTimings {
  const n = arrivalsMs.length;
  if (n === 0) return { ttftMs: null, e2eMs: null, tpotMs: null, itlMs: null, decodeTpsClient: null };
  const ttft = arrivalsMs[0] as number;
  const e2e = arrivalsMs[n - 1] as number;
  const gaps: number[] = [];
  for (let i = 1; i < n; i++) gaps.push((arrivalsMs[i] as number) - (arrivalsMs[i - 1] as number));
  const tokens = outputTokens ?? n;
  const decodeMs = e2e - ttft;
  const defined = tokens > 1 && decodeMs > 0;
  return {
    ttftMs: ttft,
    e2eMs: e2e,
    tpotMs: defined ? decodeMs / (tokens - 1) : null,
    itlMs: summarize(gaps),
    decodeTpsClient: defined ? ((tokens - 1) * 1000) / decodeMs : null,
  };
}
