import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStreamGuard, describeError } from './stream-guard.ts';
import { ProviderError } from './types.ts';

const timeouts = { connectMs: 100, firstTokenMs: 200, totalMs: 1_000 };

describe('createStreamGuard', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('aborts with connect-timeout when headers do not arrive in time', () => {
    const guard = createStreamGuard(timeouts);
    vi.advanceTimersByTime(100);
    expect(guard.signal.reason).toMatchObject({ kind: 'connect-timeout', isRetryable: true });
    expect(guard.ioError(new Error('aborted'), 'connect')).toBe(guard.signal.reason);
  });

  it('counts the first-token timeout from the request, not from the headers', () => {
    const guard = createStreamGuard(timeouts);
    vi.advanceTimersByTime(50);
    guard.headersReceived();
    vi.advanceTimersByTime(150);
    expect(guard.signal.reason).toMatchObject({ kind: 'first-token-timeout', isRetryable: true });
  });

  it('after the first token only the total timeout remains, and it is not retryable', () => {
    const guard = createStreamGuard(timeouts);
    guard.headersReceived();
    guard.tokenReceived();
    vi.advanceTimersByTime(999);
    expect(guard.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(() => guard.check()).toThrow(
      expect.objectContaining({ kind: 'total-timeout', isRetryable: false }),
    );
  });

  it('turns the caller’s abort into kind "stopped", also when already aborted', () => {
    const caller = new AbortController();
    const guard = createStreamGuard(timeouts, caller.signal);
    caller.abort();
    expect(guard.settle(new Error('AbortError'))).toMatchObject({ kind: 'stopped' });
    expect(createStreamGuard(timeouts, AbortSignal.abort()).signal.reason).toMatchObject({ kind: 'stopped' });
  });

  it('calls a failed read mid-stream connection-reset, retryable only before the first token', () => {
    const guard = createStreamGuard(timeouts);
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(guard.ioError(reset, 'body')).toMatchObject({ kind: 'connection-reset', isRetryable: true });
    guard.tokenReceived();
    expect(guard.ioError(reset, 'body')).toMatchObject({ kind: 'connection-reset', isRetryable: false });
  });

  it('leaves errors that are not its own untouched, and clears its timers on dispose', () => {
    const guard = createStreamGuard(timeouts);
    const bug = new TypeError('a bug');
    expect(guard.settle(bug)).toBe(bug);
    guard.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(guard.signal.reason).toBeInstanceOf(ProviderError);
  });
});

describe('describeError', () => {
  it('follows causes and error codes', () => {
    const cause = Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' });
    expect(describeError(new TypeError('fetch failed', { cause }))).toBe(
      'fetch failed: connect failed (ECONNREFUSED)',
    );
    expect(describeError(new AggregateError([cause], ''))).toBe('connect failed (ECONNREFUSED)');
  });
});
