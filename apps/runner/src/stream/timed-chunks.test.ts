import { describe, expect, it } from 'vitest';
import { readTimedChunks } from './timed-chunks.ts';

describe('readTimedChunks', () => {
  it('stamps each read with the clock value taken after the read resolved', async () => {
    let clock = 0;
    let i = 0;
    const parts = ['ab', '', 'c'];
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (i === parts.length) return controller.close();
          clock = (i + 1) * 10;
          controller.enqueue(new TextEncoder().encode(parts[i++]));
        },
      },
      { highWaterMark: 0 },
    );
    const out = [];
    for await (const c of readTimedChunks(body, { now: () => clock }))
      out.push([new TextDecoder().decode(c.bytes), c.at]);
    // the empty read is skipped: it carries nothing that could count as a token
    expect(out).toEqual([
      ['ab', 10],
      ['c', 30],
    ]);
  });

  it('passes a read error through mapError', async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('socket hang up'));
      },
    });
    const read = async () => {
      for await (const _ of readTimedChunks(body, {
        mapError: (e) => new RangeError(`mapped: ${(e as Error).message}`),
      })) {
        // nothing arrives
      }
    };
    await expect(read()).rejects.toThrow(new RangeError('mapped: socket hang up'));
  });

  it('cancels the body when the consumer stops early, releasing the connection', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array([1]));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const _ of readTimedChunks(body)) break;
    expect(cancelled).toBe(true);
  });
});
