import { structuredPatch } from 'diff';
import { Lexer, type Token } from 'marked';

/** What the diff view compares: the code in two contestants' answers (PRODUCT F17). */

export interface CodeBlock {
  lang: string | null;
  code: string;
}

function walk(tokens: readonly Token[], out: CodeBlock[]) {
  for (const t of tokens) {
    if (t.type === 'code') {
      out.push({
        lang: (t as { lang?: string }).lang?.trim().split(/\s+/)[0] || null,
        code: t.text as string,
      });
      continue;
    }
    // Code blocks nest in lists and quotes.
    if ('items' in t && Array.isArray(t.items)) walk(t.items as Token[], out);
    if ('tokens' in t && Array.isArray(t.tokens)) walk(t.tokens as Token[], out);
  }
}

/** Fenced and indented code blocks of a Markdown answer, in order. */
export function extractCodeBlocks(markdown: string): CodeBlock[] {
  const out: CodeBlock[] = [];
  walk(Lexer.lex(markdown, { gfm: true }), out);
  return out;
}

/** True for text that is a unified diff (a patch an agent produced), not code to compare. */
export function looksLikeUnifiedDiff(text: string): boolean {
  return (
    /^(?:diff --git |--- \S)/m.test(text) && /^\+\+\+ \S/m.test(text) && /^@@ -\d+(?:,\d+)? \+\d+/m.test(text)
  );
}

/**
 * The code of an answer for comparison: its code blocks joined; an answer without blocks counts
 * as code only when asked (coding battles, where the whole answer may be code).
 */
export function codeOf(markdown: string, wholeTextIfNoBlocks = false): string | null {
  const blocks = extractCodeBlocks(markdown).filter((b) => b.lang !== 'diff' && b.lang !== 'patch');
  if (blocks.length > 0) return blocks.map((b) => b.code.replace(/\n$/, '')).join('\n\n');
  return wholeTextIfNoBlocks && markdown.trim() ? markdown : null;
}

/** A patch carried by an answer: a ```diff block, or the whole answer when it is a diff. */
export function patchOf(markdown: string): string | null {
  const block = extractCodeBlocks(markdown).find(
    (b) => b.lang === 'diff' || b.lang === 'patch' || looksLikeUnifiedDiff(b.code),
  );
  if (block) return block.code;
  return looksLikeUnifiedDiff(markdown) ? markdown : null;
}

export type DiffLineKind = 'file' | 'hunk' | 'add' | 'del' | 'ctx';
export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

/** The unified diff of `a` → `b` as typed lines for rendering (3 lines of context). */
export function unifiedDiffLines(a: string, b: string, nameA: string, nameB: string): DiffLine[] {
  const patch = structuredPatch(nameA, nameB, a, b, undefined, undefined, { context: 3 });
  const lines: DiffLine[] = [
    { kind: 'file', text: `--- ${nameA}` },
    { kind: 'file', text: `+++ ${nameB}` },
  ];
  for (const h of patch.hunks) {
    lines.push({ kind: 'hunk', text: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@` });
    for (const l of h.lines) {
      if (l.startsWith('\\')) continue; // "\ No newline at end of file"
      lines.push({ kind: l[0] === '+' ? 'add' : l[0] === '-' ? 'del' : 'ctx', text: l });
    }
  }
  return lines;
}

/** Typed lines of a patch an answer carries, for the same rendering. */
export function patchLines(patch: string): DiffLine[] {
  return patch
    .replace(/\n$/, '')
    .split('\n')
    .map((text) => {
      if (/^(?:diff --git|index |--- |\+\+\+ )/.test(text)) return { kind: 'file', text };
      if (text.startsWith('@@')) return { kind: 'hunk', text };
      if (text.startsWith('+')) return { kind: 'add', text };
      if (text.startsWith('-')) return { kind: 'del', text };
      return { kind: 'ctx', text };
    });
}
