/**
 * Speed figures a blind answer may show (PRODUCT F13): rounded to the nearest step of the 1-2-5
 * series (on a log scale), so a voter still sees "about 200 ms against about 5 s" while the figure
 * no longer finds the one result it came from. Token counts, load time, cost and the server's own
 * figures are left out: they identify the tokenizer, the model's size or its vendor.
 */
import type { Metrics, MetricsInputSchema } from '@ringside/shared';
import type { z } from 'zod';

const STEPS = [1, 2, 5, 10] as const;

/** The nearest of …, 0.5, 1, 2, 5, 10, 20, 50, 100, … to `x` by ratio; null stays null, 0 stays 0. */
export function step125(x: number | null | undefined): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  if (x <= 0) return 0;
  const e = Math.floor(Math.log10(x));
  const m = x / 10 ** e;
  let best: number = STEPS[0];
  for (const s of STEPS) if (Math.abs(Math.log(m / s)) < Math.abs(Math.log(m / best))) best = s;
  return Number((best * 10 ** e).toPrecision(1));
}

/** Stored metrics as a blind answer shows them. */
export function coarseMetrics(m: Partial<z.infer<typeof MetricsInputSchema>> | null | undefined): Metrics {
  return {
    ttftMs: step125(m?.ttftMs),
    e2eMs: step125(m?.e2eMs),
    tpotMs: step125(m?.tpotMs),
    itlMs: null,
    decodeTpsClient: step125(m?.decodeTpsClient),
    decodeTpsServer: null,
    promptTokens: null,
    outputTokens: null,
    outputTokensSource: null,
    loadMs: null,
    costUsd: null,
  };
}
