import { ProviderError, type Timeouts } from './types.ts';

/**
 * The three timeouts of a streaming request and the caller's stop signal, as one AbortSignal for
 * fetch. Whatever fires first aborts the request with a ProviderError of its kind, and the next
 * read throws exactly that error, so output already delivered stays with the caller.
 *
 * Retry policy carried by the errors: connect and first-token timeouts are retryable (nothing was
 * produced); a total timeout is not (the model was producing, a retry would likely time out too).
 * A connection lost mid-stream is retryable only while no token has arrived, because a retry
 * would show viewers a second, different answer.
 */
export interface StreamGuard {
  readonly signal: AbortSignal;
  readonly gotToken: boolean;
  headersReceived(): void;
  tokenReceived(): void;
  /** Maps an error thrown by fetch (`connect`) or by a body read (`body`). */
  ioError(err: unknown, phase: 'connect' | 'body'): ProviderError;
  /** Throws the guard's failure if a timeout or the stop signal fired, even between reads. */
  check(): void;
  /** For a catch block: the guard's own failure if it fired, else the error unchanged. */
  settle(err: unknown): unknown;
  dispose(): void;
}

export function createStreamGuard(timeouts: Timeouts, external?: AbortSignal): StreamGuard {
  const controller = new AbortController();
  let gotToken = false;
  const fail = (err: ProviderError) => {
    if (!controller.signal.aborted) controller.abort(err);
  };
  const connect = setTimeout(
    () =>
      fail(
        new ProviderError('connect-timeout', `no response headers within ${timeouts.connectMs} ms`, {
          isRetryable: true,
        }),
      ),
    timeouts.connectMs,
  );
  const firstToken = setTimeout(
    () =>
      fail(
        new ProviderError(
          'first-token-timeout',
          `no token within ${timeouts.firstTokenMs} ms of the request`,
          {
            isRetryable: true,
          },
        ),
      ),
    timeouts.firstTokenMs,
  );
  const total = setTimeout(
    () => fail(new ProviderError('total-timeout', `the request took longer than ${timeouts.totalMs} ms`)),
    timeouts.totalMs,
  );
  const onStop = () =>
    fail(new ProviderError('stopped', 'the request was stopped', { cause: external?.reason }));
  if (external?.aborted) onStop();
  else external?.addEventListener('abort', onStop, { once: true });

  const ownFailure = (): ProviderError | undefined => {
    const reason: unknown = controller.signal.reason;
    return controller.signal.aborted && reason instanceof ProviderError ? reason : undefined;
  };

  return {
    signal: controller.signal,
    get gotToken() {
      return gotToken;
    },
    headersReceived() {
      clearTimeout(connect);
    },
    tokenReceived() {
      gotToken = true;
      clearTimeout(firstToken);
    },
    ioError(err, phase) {
      const own = ownFailure();
      if (own) return own;
      if (err instanceof ProviderError) return err;
      if (phase === 'connect') {
        return new ProviderError('connection-reset', `could not get a response: ${describeError(err)}`, {
          isRetryable: true,
          cause: err,
        });
      }
      return new ProviderError(
        'connection-reset',
        `the connection was lost mid-stream: ${describeError(err)}`,
        {
          isRetryable: !gotToken,
          cause: err,
        },
      );
    },
    check() {
      const own = ownFailure();
      if (own) throw own;
    },
    settle(err) {
      if (err instanceof ProviderError) return err;
      return ownFailure() ?? err;
    },
    dispose() {
      clearTimeout(connect);
      clearTimeout(firstToken);
      clearTimeout(total);
      external?.removeEventListener('abort', onStop);
      // Releases the socket if the stream was left unfinished; a no-op after a complete read.
      if (!controller.signal.aborted) controller.abort(new ProviderError('stopped', 'the stream was closed'));
    },
  };
}

/** `fetch failed: connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)` from an error and its causes. */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e != null; depth++) {
    if (e instanceof AggregateError && e.errors.length > 0) e = e.errors[0];
    if (!(e instanceof Error)) {
      parts.push(String(e));
      break;
    }
    const code = (e as { code?: unknown }).code;
    parts.push(typeof code === 'string' && !e.message.includes(code) ? `${e.message} (${code})` : e.message);
    e = e.cause;
  }
  return parts.filter((p) => p !== '').join(': ') || 'unknown error';
}
