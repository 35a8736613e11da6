import { describe, expect, it } from 'vitest';
import { extractCode, fencedBlocks } from './extract-code.ts';

describe('extractCode', () => {
  it('takes the block tagged with the task language over an untagged one', () => {
    const answer = 'Usage:\n```\nprint(f(2))\n```\nCode:\n```python\ndef f(x):\n    return x * 2\n```\n';
    expect(extractCode(answer, 'python')).toMatchObject({
      code: 'def f(x):\n    return x * 2',
      from: 'tagged',
      tag: 'python',
      blocks: 2,
    });
  });

  it('takes the largest matching block, the last one on a tie', () => {
    const answer = '```py\nx = 1\n```\n```py\ndef full():\n    return 42\n```\n```py\ny = 2\n```';
    expect(extractCode(answer, 'python').code).toBe('def full():\n    return 42');
    expect(extractCode('```js\na()\n```\n```js\nb()\n```', 'javascript').code).toBe('b()');
  });

  it('ignores blocks of other languages and falls back to an untagged block', () => {
    const answer = '```bash\nnpm test\n```\n```\nfunction f() {}\n```';
    expect(extractCode(answer, 'javascript')).toMatchObject({ code: 'function f() {}', from: 'untagged' });
  });

  it('accepts a TypeScript block for a JavaScript task and the reverse', () => {
    expect(extractCode('```ts\nconst a: number = 1;\n```', 'javascript').tag).toBe('ts');
    expect(extractCode('```javascript\nconst a = 1;\n```', 'typescript').tag).toBe('javascript');
  });

  it('uses the raw answer when there is no fence at all', () => {
    expect(extractCode('def f():\n    return 1', 'python')).toMatchObject({ from: 'raw', blocks: 0 });
  });

  it('keeps the code of an answer cut off inside its fence', () => {
    expect(extractCode('Here:\n```python\ndef f():\n    return', 'python').code).toBe('def f():\n    return');
  });

  it('reads ~~~ fences, longer fences and info strings after the tag', () => {
    expect(fencedBlocks('~~~python title="a.py"\na = 1\n~~~\n````js\nb ```\n````')).toEqual([
      { tag: 'python', code: 'a = 1' },
      { tag: 'js', code: 'b ```' },
    ]);
  });
});
