import { createLineDecoder } from './line-decoder.ts';
import type { TimedChunk } from './timed-chunks.ts';

/**
 * Incremental Server-Sent Events parser (WHATWG "event stream interpretation") over timed byte
 * chunks. An event is dispatched at the blank line that ends it and carries the arrival time of
 * the read that completed it, so parsing never shifts TTFT or ITL.
 */
export interface SseEvent {
  /** the `event:` field, `message` when absent */
  event: string;
  data: string;
  id: string | undefined;
  /** `performance.now()` when the bytes that completed this event arrived */
  at: number;
}

export interface SseParser {
  push(bytes: Uint8Array, at: number): SseEvent[];
  /**
   * Ends the stream. Per the spec an event without its closing blank line is dropped; its raw
   * text is returned so a caller can recognise an error blob written without SSE framing
   * (llama-swap writes its start-failure JSON that way on a 200 stream).
   */
  end(): { unterminated: string | null };
}

export function createSseParser(): SseParser {
  const lines = createLineDecoder();
  let data: string[] = [];
  let event = '';
  let lastId: string | undefined;
  // Raw lines of the event being assembled, kept only to report an unterminated tail.
  let raw: string[] = [];

  function take(line: string, at: number, out: SseEvent[]): void {
    if (line === '') {
      if (data.length > 0) out.push({ event: event || 'message', data: data.join('\n'), id: lastId, at });
      data = [];
      event = '';
      raw = [];
      return;
    }
    if (line.charCodeAt(0) === 58 /* ':' */) return;
    raw.push(line);
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* ' ' */) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    // `retry` and unknown fields are ignored, as the spec says.
  }

  return {
    push(bytes, at) {
      const out: SseEvent[] = [];
      for (const line of lines.push(bytes)) take(line, at, out);
      return out;
    },
    end() {
      const tail = lines.end();
      const rest = tail === null ? raw : [...raw, tail];
      raw = [];
      data = [];
      const text = rest.join('\n');
      return { unterminated: text.trim() === '' ? null : text };
    },
  };
}

export type SseItem = ({ type: 'event' } & SseEvent) | { type: 'end'; unterminated: string | null };

/** Parses timed chunks into events, then one `end` item (so the tail is never silently lost). */
export async function* readSse(chunks: AsyncIterable<TimedChunk>): AsyncGenerator<SseItem> {
  const parser = createSseParser();
  for await (const chunk of chunks) {
    for (const ev of parser.push(chunk.bytes, chunk.at)) yield { type: 'event', ...ev };
  }
  yield { type: 'end', ...parser.end() };
}
