/** `max-tokens` and `max-latency`: limits on the measured output tokens and times. */
import { CheckConfigError, defineCheck, verdict } from './types.ts';

function positive(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new CheckConfigError(`value must be a positive number (${what})`);
  return value;
}

export const maxTokensCheck = defineCheck<number>({
  kind: 'pure',
  description: 'output tokens ≤ value',
  prepare: (value) => Math.floor(positive(value, 'tokens')),
  run: (_output, { value, metrics }) => {
    const tokens = metrics.outputTokens;
    if (tokens === null) return verdict(false, 'output tokens unknown');
    return verdict(tokens <= value, `${tokens} output tokens (limit ${value})`);
  },
});

interface LatencyLimit {
  metric: 'e2e' | 'ttft';
  ms: number;
}

/** A number is an E2E limit in ms; `{ ms, metric: 'ttft' }` limits the time to first token. */
export const maxLatencyCheck = defineCheck<LatencyLimit>({
  kind: 'pure',
  description: 'E2E time (or TTFT) ≤ value ms',
  prepare: (value) => {
    if (typeof value === 'number') return { metric: 'e2e', ms: positive(value, 'ms') };
    const v = value as Partial<LatencyLimit> | null;
    if (!v || typeof v !== 'object' || (v.metric !== undefined && v.metric !== 'e2e' && v.metric !== 'ttft'))
      throw new CheckConfigError("value must be ms, or { ms, metric: 'e2e' | 'ttft' }");
    return { metric: v.metric ?? 'e2e', ms: positive(v.ms, 'ms') };
  },
  run: (_output, { value, metrics }) => {
    const ms = value.metric === 'ttft' ? metrics.ttftMs : metrics.e2eMs;
    const name = value.metric === 'ttft' ? 'TTFT' : 'E2E';
    if (ms === null) return verdict(false, `${name} unknown`);
    return verdict(ms <= value.ms, `${name} ${Math.round(ms)} ms (limit ${value.ms} ms)`);
  },
});
