import type { BattleEvent } from '@ringside/shared';
import { fetch as undiciFetch } from 'undici';

/**
 * Publishes a battle's live events to the edge (`POST /api/battles/:id/events`, runner token) in
 * batches: one request every `flushMs`, or at once when `maxBatch` events wait or the battle ends.
 * Live is best-effort: `publish` never blocks or throws, a batch that still fails after a few
 * retries is dropped, and while the API is unreachable token-deltas beyond `maxQueue` are dropped
 * (the results are uploaded separately, and the room resyncs viewers from its state). Retrying a
 * batch is safe: the room drops the events it already has. One request is in flight at a time,
 * so events arrive in the order they were published. After a batch failed all its attempts the
 * API counts as down: later batches get one attempt each until one gets through, and `close()`
 * gives up after its timeout, so a dead API never holds up the end of a battle.
 */
export interface PublishRequestInit {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
}
export type PublishFetch = (
  url: string,
  init: PublishRequestInit,
) => Promise<{ status: number; text(): Promise<string> }>;

export interface LivePublisherOptions {
  baseUrl: string;
  token: string;
  battleId: string;
  fetch?: PublishFetch;
  flushMs?: number;
  maxBatch?: number;
  /** events waiting to be sent; beyond it new token-deltas are dropped */
  maxQueue?: number;
  /** further attempts after a network error, a timeout, 408, 429 or 5xx */
  retries?: number;
  /** delay before the first retry; doubled for each further one */
  retryDelayMs?: number;
  timeoutMs?: number;
  /** told about every dropped batch; must not throw */
  onError?: (error: LivePublishError) => void;
}

export interface LivePublishError {
  message: string;
  /** HTTP status of the last attempt, absent for network errors and timeouts */
  status?: number;
  events: number;
  attempts: number;
}

export interface LivePublisherStats {
  published: number;
  sent: number;
  dropped: number;
  requests: number;
  failedBatches: number;
}

export interface LivePublisher {
  publish(event: BattleEvent): void;
  /** Sends everything published so far; resolves once it was sent or dropped. */
  flush(): Promise<void>;
  /** Ignores further events and flushes; gives up after `timeoutMs` (5 s), dropping the rest. */
  close(opts?: { timeoutMs?: number }): Promise<void>;
  stats(): LivePublisherStats;
}

const defaultFetch: PublishFetch = (url, init) => undiciFetch(url, init);

const isFinal = (e: BattleEvent) => e.type === 'battle-end' || e.type === 'battle-stop';
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

export function createLivePublisher({
  baseUrl,
  token,
  battleId,
  fetch = defaultFetch,
  flushMs = 100,
  maxBatch = 200,
  maxQueue = 5_000,
  retries = 3,
  retryDelayMs = 100,
  timeoutMs = 3_000,
  onError = () => {},
}: LivePublisherOptions): LivePublisher {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/battles/${encodeURIComponent(battleId)}/events`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const stats: LivePublisherStats = { published: 0, sent: 0, dropped: 0, requests: 0, failedBatches: 0 };
  let queue: BattleEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  /** keep sending until the queue is empty, not just one batch */
  let drainAll = false;
  let closed = false;
  /** a batch failed all its attempts: one attempt per batch until one gets through */
  let down = false;
  /** close() timed out: abort what is in flight and drop the rest */
  const stop = new AbortController();
  const stopped = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve()));

  function schedule() {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void start();
    }, flushMs);
    // A pending flush must not keep the runner's process alive.
    timer.unref?.();
  }

  function start(): Promise<void> {
    running ??= run().finally(() => {
      running = null;
      if (queue.length > 0) schedule();
    });
    return running;
  }

  async function run() {
    let first = true;
    while (queue.length > 0 && (first || drainAll || queue.length >= maxBatch)) {
      if (stop.signal.aborted) {
        drop(queue, { message: 'close() timed out' }, 0);
        queue = [];
        break;
      }
      first = false;
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      await send(batch);
    }
    drainAll = false;
  }

  async function send(batch: BattleEvent[]) {
    const body = JSON.stringify(batch);
    let last: { message: string; status?: number } = { message: 'not sent' };
    const attempts = down ? 1 : retries + 1;
    let attempt = 0;
    while (attempt < attempts && !stop.signal.aborted) {
      if (attempt > 0) await Promise.race([delay(retryDelayMs * 2 ** (attempt - 1)), stopped]);
      attempt++;
      stats.requests++;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]),
        });
        const text = await res.text();
        if (res.status >= 200 && res.status < 300) {
          stats.sent += batch.length;
          down = false;
          return;
        }
        last = { message: `HTTP ${res.status}: ${text.slice(0, 300)}`, status: res.status };
        if (!retryable(res.status)) return drop(batch, last, attempt);
      } catch (err) {
        last = { message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
      }
    }
    down = true;
    drop(batch, last, attempt);
  }

  function drop(batch: BattleEvent[], last: { message: string; status?: number }, attempts: number) {
    stats.dropped += batch.length;
    stats.failedBatches++;
    try {
      onError({ ...last, events: batch.length, attempts });
    } catch {
      // the caller's logger must not break publishing
    }
  }

  async function flush() {
    clearTimeout(timer);
    timer = undefined;
    while (queue.length > 0 || running) {
      drainAll = true;
      await start();
    }
  }

  return {
    publish(event) {
      stats.published++;
      if (closed || (queue.length >= maxQueue && event.type === 'token-delta')) {
        stats.dropped++;
        return;
      }
      queue.push(event);
      if (isFinal(event)) drainAll = true;
      if (isFinal(event) || queue.length >= maxBatch) void start();
      else schedule();
    },
    flush,
    async close({ timeoutMs: closeTimeoutMs = 5_000 } = {}) {
      closed = true;
      const deadline = setTimeout(() => stop.abort(), closeTimeoutMs);
      deadline.unref?.();
      await flush();
      clearTimeout(deadline);
    },
    stats: () => ({ ...stats }),
  };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
