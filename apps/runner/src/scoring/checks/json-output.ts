/** The JSON in an answer: the whole trimmed output, else its largest ```json fenced block. */
import { fencedBlocks } from '../../sandbox/extract-code.ts';

export type ParsedJson =
  | { ok: true; value: unknown; from: 'whole' | 'fenced' }
  | { ok: false; error: string };

export function parseJsonOutput(output: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(output.trim()), from: 'whole' };
  } catch (error) {
    const blocks = fencedBlocks(output).filter((b) => b.tag === 'json' || b.tag === '');
    const largest = blocks.sort((a, b) => b.code.length - a.code.length)[0];
    if (largest) {
      try {
        return { ok: true, value: JSON.parse(largest.code), from: 'fenced' };
      } catch {}
    }
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
