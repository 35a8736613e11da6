/**
 * Splits a byte stream into text lines (LF, CR or CRLF), decoding UTF-8 across reads: a read may
 * end anywhere, even inside a multi-byte character or between the CR and LF of one line break.
 */
export interface LineDecoder {
  /** Complete lines (without their line break) finished by these bytes. */
  push(bytes: Uint8Array): string[];
  /** The text after the last line break, or null when the stream ended on a line break. */
  end(): string | null;
}

const LF = 10;
const CR = 13;

export function createLineDecoder(): LineDecoder {
  const decoder = new TextDecoder('utf-8');
  let partial = '';
  // A CR ended the previous read: an LF that starts the next one belongs to the same break.
  let skipLf = false;

  function split(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    if (skipLf && text.length > 0) {
      if (text.charCodeAt(0) === LF) start = 1;
      skipLf = false;
    }
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      lines.push(partial + text.slice(start, i));
      partial = '';
      if (c === CR) {
        if (i + 1 === text.length) skipLf = true;
        else if (text.charCodeAt(i + 1) === LF) i++;
      }
      start = i + 1;
    }
    partial += text.slice(start);
    return lines;
  }

  return {
    push(bytes) {
      return split(decoder.decode(bytes, { stream: true }));
    },
    end() {
      // Flushing turns an incomplete trailing character into U+FFFD rather than losing it.
      const rest = partial + decoder.decode();
      partial = '';
      return rest === '' ? null : rest;
    },
  };
}
