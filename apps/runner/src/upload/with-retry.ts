import { fullJitterMs, type RetryPolicy } from './retry-policy.ts';

/** What one attempt found: a final answer, or a failure worth trying again. */
export type Attempt<T> = { done: T } | { retry: RetryableFailure };

export interface RetryableFailure {
  message: string;
  /** the HTTP status, or null when no answer came (connection refused, reset, timeout) */
  status: number | null;
  /** the server's Retry-After, in ms */
  retryAfterMs: number | null;
}

export type RetryResult<T> =
  | { done: T; attempts: number }
  | { failed: RetryableFailure; attempts: number; gaveUp: 'attempts' | 'time' };

/**
 * Runs `attempt` until it is done, waiting between tries (Retry-After if the server gave one, else
 * full-jitter backoff), and gives up once the attempts are spent or the next wait would end past
 * `maxElapsedMs`.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<Attempt<T>>,
): Promise<RetryResult<T>> {
  const start = policy.now();
  for (let n = 1; ; n++) {
    const outcome = await attempt(n);
    if ('done' in outcome) return { done: outcome.done, attempts: n };
    if (n >= policy.maxAttempts) return { failed: outcome.retry, attempts: n, gaveUp: 'attempts' };
    const wait = outcome.retry.retryAfterMs ?? fullJitterMs(n, policy);
    if (policy.now() - start + wait > policy.maxElapsedMs) {
      return { failed: outcome.retry, attempts: n, gaveUp: 'time' };
    }
    await policy.sleep(wait);
  }
}
