import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHiddenTests } from './hidden-tests.ts';
import { createSandbox, type Sandbox, unavailableSandbox } from './sandbox.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ limits: { wallMs: 5_000 } });
  if (!sandbox.available) throw new Error(`sandbox unavailable: ${sandbox.unavailableReason}`);
});
afterAll(() => sandbox?.close());

const PY_TESTS =
  'def test_small():\n    assert add(1, 2) == 3\n\ndef test_negative():\n    assert add(-1, -2) == -3\n';
const JS_TESTS =
  "test('small', () => assert.equal(add(1, 2), 3));\ntest('negative', () => assert.equal(add(-1, -2), -3));";

describe('runHiddenTests', () => {
  it('passes a correct Python answer, test by test, ignoring its __main__ block', async () => {
    const answer =
      'Sure!\n```python\ndef add(a, b):\n    return a + b\n\nif __name__ == "__main__":\n    print(add(input(), 1))\n```';
    const run = await runHiddenTests(sandbox, { language: 'python', answer, tests: PY_TESTS });
    expect(run).toMatchObject({ reason: 'ok', passed: 2, total: 2, extracted: { from: 'tagged' } });
    expect(run.tests.map((t) => t.name)).toEqual(['test_small', 'test_negative']);
  });

  it('records which Python test failed, with the failing line', async () => {
    const run = await runHiddenTests(sandbox, {
      language: 'python',
      answer: '```python\ndef add(a, b):\n    return abs(a) + abs(b)\n```',
      tests: PY_TESTS,
    });
    expect(run).toMatchObject({ reason: 'test-failure', passed: 1, total: 2 });
    expect(run.tests[1]).toMatchObject({ name: 'test_negative', passed: false, kind: 'assertion' });
    expect(run.message).toContain('assert add(-1, -2) == -3');
  });

  it('reports a Python syntax error, and an error raised while the answer loads', async () => {
    const syntax = await runHiddenTests(sandbox, {
      language: 'python',
      answer: 'def add(a, b)\n  return a',
      tests: PY_TESTS,
    });
    expect(syntax.reason).toBe('syntax-error');
    expect(syntax.message).toContain('solution.py');
    const runtime = await runHiddenTests(sandbox, {
      language: 'python',
      answer: 'import nonexistent_mod',
      tests: PY_TESTS,
    });
    expect(runtime).toMatchObject({ reason: 'runtime-error' });
    expect(runtime.message).toContain('ModuleNotFoundError');
  });

  it('keeps stdout of the answer as an excerpt', async () => {
    const run = await runHiddenTests(sandbox, {
      language: 'python',
      answer: 'def add(a, b):\n    print("adding", a, b)\n    return a + b',
      tests: PY_TESTS,
    });
    expect(run.reason).toBe('ok');
    expect(run.stdout).toBe('adding 1 2\nadding -1 -2\n');
  });

  it('runs JavaScript answers, CommonJS style included, against the hidden tests', async () => {
    const esm = await runHiddenTests(sandbox, {
      language: 'javascript',
      answer: '```js\nexport function add(a, b) { return a + b; }\n```',
      tests: JS_TESTS,
    });
    expect(esm).toMatchObject({ reason: 'ok', passed: 2 });
    const cjs = await runHiddenTests(sandbox, {
      language: 'javascript',
      answer: '```javascript\nconst add = (a, b) => a + b;\nmodule.exports = { add };\n```',
      tests: JS_TESTS,
    });
    expect(cjs).toMatchObject({ reason: 'ok', passed: 2 });
  });

  it('fails a wrong JavaScript answer on the assertion and names the test', async () => {
    const run = await runHiddenTests(sandbox, {
      language: 'javascript',
      answer: '```js\nfunction add(a, b) { return a - b; }\n```',
      tests: JS_TESTS,
    });
    expect(run).toMatchObject({ reason: 'test-failure', passed: 0, total: 2 });
    expect(run.tests[0]).toMatchObject({ name: 'small', kind: 'assertion' });
  });

  it('runs TypeScript through type stripping, and reports a TypeScript syntax error', async () => {
    const ok = await runHiddenTests(sandbox, {
      language: 'typescript',
      answer: '```ts\nfunction add(a: number, b: number): number {\n  return a + b;\n}\n```',
      tests: "test('typed', () => { const n: number = add(2, 2); assert.equal(n, 4); });",
    });
    expect(ok).toMatchObject({ reason: 'ok', passed: 1 });
    const bad = await runHiddenTests(sandbox, {
      language: 'typescript',
      answer: '```ts\nfunction add(a: number, b: number {\n```',
      tests: "test('typed', () => {});",
    });
    expect(bad.reason).toBe('syntax-error');
  });

  it('names the test that hung when time ran out, keeping the ones that passed', async () => {
    const run = await runHiddenTests(sandbox, {
      language: 'python',
      answer: 'def add(a, b):\n    while a < 0:\n        pass\n    return a + b',
      tests: PY_TESTS,
      limits: { wallMs: 2_500 },
    });
    expect(run.reason).toBe('timeout');
    expect(run.tests).toMatchObject([
      { name: 'test_small', passed: true },
      { name: 'test_negative', passed: false, kind: 'timeout' },
    ]);
  });

  it('refuses to run without isolation: sandbox-unavailable, nothing executed', async () => {
    const run = await runHiddenTests(unavailableSandbox('missing bwrap'), {
      language: 'python',
      answer: 'def add(a, b): return a + b',
      tests: PY_TESTS,
    });
    expect(run).toMatchObject({ reason: 'sandbox-unavailable', total: 0, message: 'not run: missing bwrap' });
  });
});
