/** Reads a response body as byte chunks stamped with their arrival time. */
export interface TimedChunk {
  bytes: Uint8Array;
  /** `performance.now()` right after the read that delivered these bytes resolved */
  at: number;
}

export type Clock = () => number;

export const monotonicClock: Clock = () => performance.now();

/**
 * Yields each read of `body` with its arrival time. Errors from the read (a reset socket, an
 * abort) go through `mapError` so the caller decides what they mean. Stopping early cancels the
 * body, which releases the connection.
 */
export async function* readTimedChunks(
  body: ReadableStream<Uint8Array>,
  options: { now?: Clock; mapError?: (err: unknown) => unknown } = {},
): AsyncGenerator<TimedChunk> {
  const now = options.now ?? monotonicClock;
  const reader = body.getReader();
  let done = false;
  try {
    while (true) {
      let result: Awaited<ReturnType<typeof reader.read>>;
      try {
        result = await reader.read();
      } catch (err) {
        done = true;
        throw options.mapError ? options.mapError(err) : err;
      }
      const at = now();
      if (result.done) {
        done = true;
        return;
      }
      if (result.value.byteLength > 0) yield { bytes: result.value, at };
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
