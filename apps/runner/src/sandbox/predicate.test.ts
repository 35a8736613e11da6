import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predicateBody, predicateSyntaxError, runPredicate } from './predicate.ts';
import { createSandbox, type Sandbox } from './sandbox.ts';

describe('predicate source', () => {
  it('turns an expression into a return, and keeps a function body as it is', () => {
    expect(predicateBody('output.length < 10;')).toBe('return (output.length < 10);');
    expect(predicateBody('const n = output.length;\nreturn n < 10;')).toBe(
      'const n = output.length;\nreturn n < 10;',
    );
  });

  it('finds a syntax error without running the predicate', () => {
    expect(predicateSyntaxError('output.length <')).toMatch(/Unexpected/);
    expect(predicateSyntaxError('globalThis.ran = true')).toBeNull();
    expect((globalThis as { ran?: boolean }).ran).toBeUndefined();
  });
});

describe('runPredicate', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox();
    if (!sandbox.available) throw new Error(`sandbox unavailable: ${sandbox.unavailableReason}`);
  });
  afterAll(() => sandbox?.close());

  it('returns the value the predicate computed from the output and context', async () => {
    const run = await runPredicate(sandbox, {
      source: 'output.split(" ").length === context.words',
      output: 'three small words',
      context: { words: 3 },
    });
    expect(run).toMatchObject({ status: 'value', value: true });
  });

  it('reports a predicate that throws or never ends', async () => {
    const threw = await runPredicate(sandbox, { source: 'output.nope.x', output: '', context: {} });
    expect(threw).toMatchObject({ status: 'error' });
    expect(threw.status === 'error' && threw.message).toContain('the predicate threw');
    const hung = await runPredicate(sandbox, {
      source: 'while (true) {}\nreturn true;',
      output: '',
      context: {},
      limits: { wallMs: 500 },
    });
    expect(hung.status === 'error' && hung.message).toContain('timed out');
  });
});
