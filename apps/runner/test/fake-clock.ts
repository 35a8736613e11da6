/**
 * A clock for retry tests: `sleep` returns at once, moves `now` forward by what was asked and
 * records it, so backoff and Retry-After are asserted on, never waited for.
 */
export interface FakeClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  readonly sleeps: number[];
}

export function fakeClock(
  startMs = Date.UTC(2026, 10, 22, 12, 0, 0),
  onSleep?: (n: number) => unknown,
): FakeClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
      await onSleep?.(sleeps.length);
    },
    sleeps,
  };
}
