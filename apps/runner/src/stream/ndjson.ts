import { createLineDecoder } from './line-decoder.ts';
import type { TimedChunk } from './timed-chunks.ts';

/**
 * Incremental newline-delimited JSON splitter (Ollama's stream). Lines are returned as text; the
 * caller parses them, so a malformed line becomes the caller's typed error, not a crash here.
 */
export interface NdjsonLine {
  text: string;
  /** `performance.now()` when the bytes that completed this line arrived */
  at: number;
  /** true for a last line that had no closing newline (still a record, but worth knowing) */
  unterminated: boolean;
}

export interface NdjsonParser {
  push(bytes: Uint8Array, at: number): NdjsonLine[];
  end(at: number): NdjsonLine | null;
}

export function createNdjsonParser(): NdjsonParser {
  const lines = createLineDecoder();
  return {
    push(bytes, at) {
      const out: NdjsonLine[] = [];
      for (const text of lines.push(bytes)) {
        if (text.trim() !== '') out.push({ text, at, unterminated: false });
      }
      return out;
    },
    end(at) {
      const tail = lines.end();
      return tail === null || tail.trim() === '' ? null : { text: tail, at, unterminated: true };
    },
  };
}

export async function* readNdjson(chunks: AsyncIterable<TimedChunk>): AsyncGenerator<NdjsonLine> {
  const parser = createNdjsonParser();
  let lastAt = 0;
  for await (const chunk of chunks) {
    lastAt = chunk.at;
    yield* parser.push(chunk.bytes, chunk.at);
  }
  const tail = parser.end(lastAt);
  if (tail) yield tail;
}
