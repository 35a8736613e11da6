import type {
  BattleEvent,
  Contestant,
  Fingerprint,
  Result,
  ResultError,
  ServerTimings,
  Task,
  TokenCountSource,
} from '@ringside/shared';
import { deriveTimings, encodeChunkTimings } from '@ringside/shared';
import { type Provider, ProviderError, type Timeouts } from '../providers/types.ts';
import { DeltaCoalescer } from './delta-coalescer.ts';
import { messagesFor } from './messages.ts';

/** One contestant × one task × one repeat: the unit the lanes schedule and the results folder stores. */
export interface Slot {
  resultId: string;
  battleId: string;
  contestant: Contestant;
  task: Task;
  repeat: number;
}

export interface RunSlotOptions {
  provider: Provider;
  model: string;
  timeouts: Timeouts;
  signal?: AbortSignal;
  onEvent?: (event: BattleEvent) => void;
  fingerprint?: Fingerprint | null;
  /** ms between live token frames (default 50) */
  coalesceMs?: number;
  /** attempts for failures that are safe to retry (nothing streamed yet, error says retryable) */
  maxAttempts?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const wall = () => new Date().toISOString();
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function toResultError(err: unknown, attempts: number): ResultError {
  if (err instanceof ProviderError) {
    return {
      kind: err.kind,
      message: err.message.slice(0, 4000),
      ...(err.status ? { status: err.status } : {}),
      retryable: err.isRetryable,
      attempts,
    };
  }
  return {
    kind: 'unknown',
    message: String(err instanceof Error ? err.message : err).slice(0, 4000),
    retryable: false,
    attempts,
  };
}

interface Attempt {
  text: string;
  reasoning: string;
  arrivalsMs: number[];
  chars: number[];
  usage: { promptTokens?: number; outputTokens?: number; costUsd?: number } | null;
  server: ServerTimings | null;
  error: unknown;
}

/**
 * Runs one slot and returns its Result; never throws for a model failure (STYLE rule 9). Times are
 * taken from a monotonic clock: t0 just before the request is sent, each chunk when its bytes
 * arrived (the provider stamps them). Model load/swap happens in `prepare()` before t0, so it is
 * never inside TTFT. Retries only when nothing was streamed and the error says a retry may help.
 */
export async function runSlot(slot: Slot, opts: RunSlotOptions): Promise<Result> {
  const clock = opts.clock ?? (() => performance.now());
  const sleep = opts.sleep ?? defaultSleep;
  const emit = opts.onEvent ?? (() => {});
  const maxAttempts = opts.maxAttempts ?? 3;
  const base = {
    battleId: slot.battleId,
    contestantId: slot.contestant.id,
    taskId: slot.task.id,
    repeat: slot.repeat,
  };
  const startedAt = wall();
  emit({ type: 'contestant-start', ...base, at: startedAt });

  let loadMs: number | null = null;
  let attempt: Attempt | null = null;
  let attempts = 0;
  let seq = 0;
  try {
    if (opts.provider.prepare) {
      const prepared = await opts.provider.prepare(opts.model, opts.signal);
      loadMs = prepared.loadMs;
      if (loadMs !== null) emit({ type: 'contestant-load', ...base, at: wall(), loadMs });
    }
    for (attempts = 1; attempts <= maxAttempts; attempts++) {
      attempt = await streamOnce(slot, opts, clock, (frame) =>
        emit({ type: 'token-delta', ...base, at: wall(), seq: seq++, ...frame }),
      );
      const err = attempt.error;
      const retry =
        err instanceof ProviderError &&
        err.isRetryable &&
        attempt.arrivalsMs.length === 0 &&
        attempts < maxAttempts &&
        !opts.signal?.aborted;
      if (!retry) break;
      const backoffMs =
        err.retryAfterS !== undefined
          ? err.retryAfterS * 1000
          : 250 * 2 ** (attempts - 1) * (0.5 + Math.random());
      await sleep(Math.min(backoffMs, 30_000));
    }
  } catch (err) {
    // prepare() failed (model could not be loaded): nothing was streamed.
    attempt = { text: '', reasoning: '', arrivalsMs: [], chars: [], usage: null, server: null, error: err };
    attempts = Math.max(attempts, 1);
  }
  const a = attempt!;
  const stopped =
    opts.signal?.aborted === true || (a.error instanceof ProviderError && a.error.kind === 'stopped');
  const error = a.error ? toResultError(a.error, attempts) : null;

  let outputTokens: number | null = a.arrivalsMs.length;
  let source: TokenCountSource = 'chunks';
  if (a.usage?.outputTokens !== undefined) {
    outputTokens = a.usage.outputTokens;
    source = 'usage';
  } else if (a.server?.predictedTokens !== undefined) {
    outputTokens = a.server.predictedTokens;
    source = 'server';
  }
  const timings = deriveTimings({ arrivalsMs: a.arrivalsMs, outputTokens });
  const result: Result = {
    id: slot.resultId,
    ...base,
    status: stopped ? 'stopped' : error ? 'error' : 'ok',
    output: { text: a.text, ...(a.reasoning ? { reasoning: a.reasoning } : {}) },
    metrics: {
      ...timings,
      decodeTpsServer: a.server?.predictedPerSecond ?? null,
      promptTokens: a.usage?.promptTokens ?? a.server?.promptTokens ?? null,
      outputTokens,
      outputTokensSource: source,
      loadMs: loadMs ?? a.server?.loadMs ?? null,
      costUsd: a.usage?.costUsd ?? null,
    },
    chunks: a.arrivalsMs.length > 0 ? encodeChunkTimings(a.arrivalsMs, a.chars) : null,
    server: a.server,
    score: null,
    passed: null,
    evaluations: [],
    telemetry: null,
    fingerprint: opts.fingerprint ?? null,
    error: stopped
      ? (error ?? { kind: 'stopped', message: 'the battle was stopped', retryable: false })
      : error,
    startedAt,
    endedAt: wall(),
  };
  if (error && !stopped) emit({ type: 'contestant-error', ...base, at: wall(), error });
  emit({
    type: 'result-end',
    ...base,
    at: wall(),
    status: result.status,
    metrics: result.metrics,
    error: result.error,
  });
  return result;
}

async function streamOnce(
  slot: Slot,
  opts: RunSlotOptions,
  clock: () => number,
  onFrame: ConstructorParameters<typeof DeltaCoalescer>[1],
): Promise<Attempt> {
  const a: Attempt = {
    text: '',
    reasoning: '',
    arrivalsMs: [],
    chars: [],
    usage: null,
    server: null,
    error: null,
  };
  const coalescer = new DeltaCoalescer(opts.coalesceMs ?? 50, onFrame, clock);
  const t0 = clock();
  try {
    const stream = opts.provider.doStream({
      model: opts.model,
      messages: messagesFor(slot.task, slot.contestant),
      sampling: slot.contestant.sampling,
      timeouts: opts.timeouts,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    for await (const part of stream) {
      switch (part.type) {
        case 'text-delta':
        case 'reasoning-delta': {
          if (part.text.length === 0) break;
          const offset = Math.max(0, part.at - t0);
          a.arrivalsMs.push(offset);
          if (part.type === 'text-delta') {
            a.text += part.text;
            a.chars.push(part.text.length);
            coalescer.push(part.text, offset);
          } else {
            // Reasoning counts for TTFT (PRODUCT §5) but is not part of the answer text.
            a.reasoning += part.text;
            a.chars.push(0);
          }
          break;
        }
        case 'usage': {
          const { type: _, ...counts } = part;
          a.usage = { ...a.usage, ...counts };
          break;
        }
        case 'server-timings':
          a.server = part.timings;
          break;
        case 'finish':
          break;
      }
    }
  } catch (err) {
    a.error = err;
  } finally {
    coalescer.flush();
  }
  return a;
}
