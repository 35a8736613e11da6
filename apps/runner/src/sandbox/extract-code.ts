/**
 * Finds the code in a model's answer (PRODUCT F9): fenced blocks (``` or ~~~) tagged with the
 * task's language win, then untagged blocks, each time the largest (the last on a tie: answers
 * tend to end with the complete version); with no fence at all the whole text is the code. An
 * answer cut off inside a fence still yields what was written.
 */
export type CodeLanguage = 'python' | 'javascript' | 'typescript';

export interface ExtractedCode {
  code: string;
  /** where it came from: a tagged block, an untagged block, or the raw answer */
  from: 'tagged' | 'untagged' | 'raw';
  /** the block's language tag, lowercased ('' when untagged) */
  tag: string;
  /** fenced blocks seen in the answer, of any language */
  blocks: number;
}

const TAGS: Record<CodeLanguage, readonly string[]> = {
  python: ['python', 'py', 'python3', 'py3'],
  javascript: ['javascript', 'js', 'mjs', 'cjs', 'node', 'jsx'],
  typescript: ['typescript', 'ts', 'mts', 'tsx'],
};

/**
 * Tags accepted for a language: JavaScript and TypeScript take each other's blocks (JavaScript is
 * valid TypeScript, and a TypeScript block runs through type stripping).
 */
export function tagsFor(language: CodeLanguage): readonly string[] {
  return language === 'python' ? TAGS.python : [...TAGS.javascript, ...TAGS.typescript];
}

export interface FencedBlock {
  tag: string;
  code: string;
}

/** Every fenced block, in order; an unclosed last fence runs to the end of the text. */
export function fencedBlocks(text: string): FencedBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  let open: { fence: string; tag: string; body: string[] } | null = null;
  for (const line of lines) {
    if (open) {
      const close = line.match(/^\s*(`{3,}|~{3,})\s*$/);
      if (close && close[1]![0] === open.fence[0] && close[1]!.length >= open.fence.length) {
        blocks.push({ tag: open.tag, code: open.body.join('\n') });
        open = null;
      } else {
        open.body.push(line);
      }
      continue;
    }
    const start = line.match(/^\s*(`{3,}|~{3,})\s*([^\s`{]*)?.*$/);
    if (start) open = { fence: start[1]!, tag: (start[2] ?? '').toLowerCase(), body: [] };
  }
  if (open) blocks.push({ tag: open.tag, code: open.body.join('\n') });
  return blocks;
}

function largest(blocks: FencedBlock[]): FencedBlock | undefined {
  let best: FencedBlock | undefined;
  for (const b of blocks) if (!best || b.code.trim().length >= best.code.trim().length) best = b;
  return best;
}

export function extractCode(answer: string, language: CodeLanguage): ExtractedCode {
  const blocks = fencedBlocks(answer).filter((b) => b.code.trim().length > 0);
  const accepted = tagsFor(language);
  const tagged = largest(blocks.filter((b) => accepted.includes(b.tag)));
  if (tagged) return { code: tagged.code, from: 'tagged', tag: tagged.tag, blocks: blocks.length };
  const untagged = largest(blocks.filter((b) => b.tag === ''));
  if (untagged) return { code: untagged.code, from: 'untagged', tag: '', blocks: blocks.length };
  return { code: answer, from: 'raw', tag: '', blocks: blocks.length };
}
