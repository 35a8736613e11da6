import { describe, expect, it } from 'vitest';
import { createLineDecoder } from './line-decoder.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('createLineDecoder', () => {
  it('decodes a multi-byte character split across reads', () => {
    const d = createLineDecoder();
    const all = bytes('sea ━ 🌊\n');
    const lines: string[] = [];
    for (const b of all) lines.push(...d.push(Uint8Array.of(b)));
    expect(lines).toEqual(['sea ━ 🌊']);
    expect(d.end()).toBeNull();
  });

  it('treats LF, CR and CRLF as one line break each, even when CR and LF arrive in separate reads', () => {
    const d = createLineDecoder();
    expect(d.push(bytes('a\r'))).toEqual(['a']);
    expect(d.push(bytes('\nb\rc\r\n\n'))).toEqual(['b', 'c', '']);
  });

  it('returns the text after the last line break at the end, and null when there is none', () => {
    const d = createLineDecoder();
    expect(d.push(bytes('x\n{"err'))).toEqual(['x']);
    expect(d.push(bytes('or":1}'))).toEqual([]);
    expect(d.end()).toBe('{"error":1}');
  });

  it('turns a character cut off by the end of the stream into U+FFFD instead of dropping it', () => {
    const d = createLineDecoder();
    d.push(bytes('━').subarray(0, 2));
    expect(d.end()).toBe('\uFFFD');
  });
});
