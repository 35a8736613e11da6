import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNdjsonParser, readNdjson } from './ndjson.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('createNdjsonParser', () => {
  it('returns the 22 lines of the recorded Ollama stream however the reads are cut', () => {
    const body = readFileSync(
      new URL('../providers/__fixtures__/providers/ollama-api-chat-stream.ndjson', import.meta.url),
    );
    for (const size of [1, 5, 97, body.length]) {
      const p = createNdjsonParser();
      const lines = [];
      for (let i = 0; i < body.length; i += size) lines.push(...p.push(body.subarray(i, i + size), i));
      expect(p.end(body.length)).toBeNull();
      expect(lines).toHaveLength(22);
      expect(JSON.parse(lines[21]!.text)).toMatchObject({ done: true, eval_count: 22 });
    }
  });

  it('stamps a line with the arrival of the read that completed it, and skips blank lines', () => {
    const p = createNdjsonParser();
    expect(p.push(bytes('{"a":'), 1)).toEqual([]);
    expect(p.push(bytes('1}\r\n\n{"b":2}\n'), 2)).toEqual([
      { text: '{"a":1}', at: 2, unterminated: false },
      { text: '{"b":2}', at: 2, unterminated: false },
    ]);
  });

  it('returns a last line without a newline, marked unterminated', async () => {
    async function* chunks() {
      yield { bytes: bytes('{"a":1}\n{"error":"x"}'), at: 4 };
    }
    const lines = [];
    for await (const line of readNdjson(chunks())) lines.push(line);
    expect(lines).toEqual([
      { text: '{"a":1}', at: 4, unterminated: false },
      { text: '{"error":"x"}', at: 4, unterminated: true },
    ]);
  });
});
