import { setTimeout as delay } from 'node:timers/promises';

/**
 * How hard an upload tries before it reports the API unavailable: exponential backoff with full
 * jitter, a server's Retry-After taking precedence, bounded in attempts and in time. Clock, sleep
 * and randomness are injected so tests neither wait nor guess.
 */
export interface RetryPolicy {
  /** attempts in all, the first one included */
  maxAttempts: number;
  /** no retry is waited for past this long after the first attempt (a longer Retry-After ends the call) */
  maxElapsedMs: number;
  /** cap of the first backoff; it doubles per failed attempt up to maxDelayMs */
  baseDelayMs: number;
  maxDelayMs: number;
  /** wall clock in ms; also what an HTTP-date Retry-After is measured against */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** in [0, 1) */
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  maxElapsedMs: 120_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  now: () => Date.now(),
  sleep: (ms) => delay(ms),
  random: () => Math.random(),
};

/** Full jitter: uniform in [0, min(maxDelay, base · 2^(failures − 1))). */
export function fullJitterMs(
  failures: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.floor(policy.random() * cap);
}
