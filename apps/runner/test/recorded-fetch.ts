import type { FetchLike, HttpRequestInit } from '../src/providers/http-client.ts';
import { chunkBytes, type LlamaRecording } from './fixtures.ts';

/**
 * A fetch double that answers with a llama-server recording on a virtual clock: when the provider
 * reads chunk i, the clock shows that chunk's recorded arrival time. Arrival stamps then equal the
 * recording exactly, which lets a test check the mapping from chunks to TTFT/ITL without any
 * dependence on how fast this machine is.
 */
export interface RecordedFetch {
  fetch: FetchLike;
  now: () => number;
  calls: { url: string; init: HttpRequestInit; body: unknown }[];
}

export function recordedFetch(
  rec: Pick<LlamaRecording, 'status' | 'headers' | 'headers_ms' | 'chunks'>,
): RecordedFetch {
  let clock = 0;
  const calls: RecordedFetch['calls'] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init, body: init.body === undefined ? undefined : JSON.parse(init.body) });
    clock = rec.headers_ms;
    let i = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const chunk = rec.chunks[i++];
          if (!chunk) return controller.close();
          clock = chunk.t_ms;
          controller.enqueue(chunkBytes(chunk));
        },
      },
      // Pull only when the provider reads, so the clock never runs ahead of the reader.
      { highWaterMark: 0 },
    );
    return {
      ok: rec.status >= 200 && rec.status < 300,
      status: rec.status,
      statusText: '',
      headers: new Headers(rec.headers),
      body,
      text: async () => rec.chunks.map((c) => c.bytes_utf8).join(''),
    };
  };
  return { fetch, now: () => clock, calls };
}
