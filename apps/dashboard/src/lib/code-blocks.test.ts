import { describe, expect, it } from 'vitest';
import {
  codeOf,
  extractCodeBlocks,
  looksLikeUnifiedDiff,
  patchLines,
  patchOf,
  unifiedDiffLines,
} from './code-blocks.ts';

const answer = [
  'Here is the function:',
  '',
  '```python',
  'def add(a, b):',
  '    return a + b',
  '```',
  '',
  '1. And a test:',
  '',
  '   ```python',
  '   assert add(1, 2) == 3',
  '   ```',
  '',
  'Then:',
  '',
  '    indented = True',
].join('\n');

describe('extractCodeBlocks', () => {
  it('finds fenced blocks, blocks nested in lists, and indented blocks, in order', () => {
    expect(extractCodeBlocks(answer)).toEqual([
      { lang: 'python', code: 'def add(a, b):\n    return a + b' },
      { lang: 'python', code: 'assert add(1, 2) == 3' },
      { lang: null, code: 'indented = True' },
    ]);
  });

  it('finds nothing in prose', () => {
    expect(extractCodeBlocks('Just words, `inline` code is not a block.')).toEqual([]);
  });
});

describe('codeOf', () => {
  it('joins the code blocks of an answer', () => {
    expect(codeOf('a\n```js\nx()\n```\nb\n```js\ny()\n```')).toBe('x()\n\ny()');
  });

  it('uses the whole answer only when asked (coding battles)', () => {
    expect(codeOf('print(1)')).toBeNull();
    expect(codeOf('print(1)', true)).toBe('print(1)');
  });

  it('leaves diff blocks to the patch view', () => {
    expect(codeOf('```diff\n-a\n+b\n```')).toBeNull();
  });
});

const patch = [
  '--- a/x.py',
  '+++ b/x.py',
  '@@ -1,2 +1,2 @@',
  ' def f():',
  '-    return 1',
  '+    return 2',
].join('\n');

describe('patches', () => {
  it('recognises a unified diff and not prose with dashes', () => {
    expect(looksLikeUnifiedDiff(patch)).toBe(true);
    expect(looksLikeUnifiedDiff('--- a list\n+++ of things\nno hunk')).toBe(false);
  });

  it('takes the patch from a diff block or from an answer that is a diff', () => {
    expect(patchOf(`Fix:\n\`\`\`diff\n${patch}\n\`\`\``)).toBe(patch);
    expect(patchOf(patch)).toBe(patch);
    expect(patchOf('no patch here')).toBeNull();
  });

  it('types the lines of a patch', () => {
    expect(patchLines(patch).map((l) => l.kind)).toEqual(['file', 'file', 'hunk', 'ctx', 'del', 'add']);
  });
});

describe('unifiedDiffLines', () => {
  it('diffs two answers line by line with file headers and hunks', () => {
    const lines = unifiedDiffLines('a\nb\nc\n', 'a\nB\nc\n', 'model-a', 'model-b');
    expect(lines).toEqual([
      { kind: 'file', text: '--- model-a' },
      { kind: 'file', text: '+++ model-b' },
      { kind: 'hunk', text: '@@ -1,3 +1,3 @@' },
      { kind: 'ctx', text: ' a' },
      { kind: 'del', text: '-b' },
      { kind: 'add', text: '+B' },
      { kind: 'ctx', text: ' c' },
    ]);
  });

  it('has no hunks for identical code', () => {
    expect(unifiedDiffLines('same', 'same', 'a', 'b')).toHaveLength(2);
  });
});
