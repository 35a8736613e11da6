import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSseParser, readSse, type SseEvent } from './sse.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../providers/__fixtures__/providers/${name}`, import.meta.url));
const bytes = (s: string) => new TextEncoder().encode(s);

function parseInReads(body: Uint8Array, size: number) {
  const p = createSseParser();
  const events: SseEvent[] = [];
  for (let i = 0; i < body.length; i += size) events.push(...p.push(body.subarray(i, i + size), i));
  return { events, ...p.end() };
}

describe('createSseParser', () => {
  it('dispatches an event only at its blank line, stamped with the arrival time of that read', () => {
    const p = createSseParser();
    expect(p.push(bytes('da'), 1)).toEqual([]);
    expect(p.push(bytes('ta: {"a":1}\n'), 2)).toEqual([]);
    expect(p.push(bytes('\n'), 3)).toEqual([{ event: 'message', data: '{"a":1}', id: undefined, at: 3 }]);
  });

  it('decodes emoji and box-drawing characters split inside their UTF-8 bytes', () => {
    // The llama-swap loading stream starts with `━━━━━` (3 bytes each); OpenAI's has a 4-byte emoji.
    const one = parseInReads(fixture('llama-swap-chat-stream-loading-state.txt'), 1);
    const whole = parseInReads(fixture('llama-swap-chat-stream-loading-state.txt'), 1 << 20);
    expect(one.events.map((e) => e.data)).toEqual(whole.events.map((e) => e.data));
    expect(JSON.parse(one.events[0]!.data).choices[0].delta.reasoning_content).toBe('━━━━━');
    const openai = parseInReads(fixture('openai-chat-stream-content.txt'), 3);
    const text = openai.events
      .filter((e) => e.data !== '[DONE]')
      .map((e) => JSON.parse(e.data).choices[0]?.delta?.content ?? '')
      .join('');
    expect(text).toMatch(/\p{Extended_Pictographic}/u);
    expect(text).not.toContain('\uFFFD');
  });

  it('skips comment lines: OpenRouter’s 17 `: OPENROUTER PROCESSING` pings yield no events', () => {
    const { events } = parseInReads(fixture('openrouter-chat-stream-midstream-error.txt'), 7);
    expect(events.every((e) => e.data.startsWith('{') || e.data === '[DONE]')).toBe(true);
    expect(events.filter((e) => e.data === '[DONE]')).toHaveLength(1);
    expect(events).toHaveLength(5);
  });

  it('reads CRLF and lone-CR framing like LF, including a CRLF split between two reads', () => {
    const p = createSseParser();
    const out = [
      ...p.push(bytes('data: a\r'), 1),
      ...p.push(bytes('\ndata: b\r\n\r'), 2),
      ...p.push(bytes('\n'), 3),
    ];
    expect(out.map((e) => e.data)).toEqual(['a\nb']);
    expect(p.push(bytes('data: c\r\r'), 4).map((e) => e.data)).toEqual(['c']);
  });

  it('keeps `event:` and `id:` fields, joins multi-line data and strips only one leading space', () => {
    const p = createSseParser();
    const out = p.push(bytes('event: message_stop\nid: 7\ndata:{"x":\ndata:  1}\n\ndata\n\n'), 5);
    expect(out).toEqual([
      { event: 'message_stop', data: '{"x":\n 1}', id: '7', at: 5 },
      { event: 'message', data: '', id: '7', at: 5 },
    ]);
  });

  it('parses the Anthropic stream’s event names and ignores its mid-stream ping’s framing', () => {
    const { events, unterminated } = parseInReads(fixture('anthropic-messages-stream-text.txt'), 11);
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'ping',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(unterminated).toBeNull();
  });

  it('drops a last line without its blank line but reports it: llama-swap’s raw start-failure JSON', () => {
    const { events, unterminated } = parseInReads(
      fixture('llama-swap-chat-stream-loading-then-start-failure.txt'),
      64,
    );
    expect(events.every((e) => JSON.parse(e.data).choices[0].delta.reasoning_content !== undefined)).toBe(
      true,
    );
    expect(JSON.parse(unterminated!)).toMatchObject({ src: 'llama-swap', error: { code: 'internal_error' } });
  });

  it('reports an event whose data lines arrived but whose blank line never did', () => {
    const p = createSseParser();
    expect(p.push(bytes('data: {"partial":true}\n'), 1)).toEqual([]);
    expect(p.end().unterminated).toBe('data: {"partial":true}');
  });
});

describe('readSse', () => {
  it('yields events with their chunk’s arrival time, then one end item', async () => {
    async function* chunks() {
      yield { bytes: bytes('data: 1\n\ndata: 2'), at: 10 };
      yield { bytes: bytes('\n\n: ping\n\n'), at: 20 };
    }
    const items = [];
    for await (const item of readSse(chunks())) items.push(item);
    expect(items).toEqual([
      { type: 'event', event: 'message', data: '1', id: undefined, at: 10 },
      { type: 'event', event: 'message', data: '2', id: undefined, at: 20 },
      { type: 'end', unterminated: null },
    ]);
  });
});
