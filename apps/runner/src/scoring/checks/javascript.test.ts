import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configError, evaluate } from '../../../test/checks.ts';
import { createSandbox, type Sandbox } from '../../sandbox/sandbox.ts';
import { interpretPredicate } from './javascript.ts';

describe('javascript predicate results', () => {
  it('reads a boolean, a score and { pass, score, reason }', () => {
    expect(interpretPredicate(true)).toMatchObject({ pass: true, score: 1 });
    expect(interpretPredicate(0.25)).toMatchObject({ pass: false, score: 0.25 });
    expect(interpretPredicate({ pass: true, score: 0.8, reason: 'short' })).toEqual({
      pass: true,
      score: 0.8,
      reason: 'short',
    });
    expect(interpretPredicate('yes')).toMatchObject({ pass: false });
  });
});

describe('javascript', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox();
  });
  afterAll(() => sandbox?.close());

  it('runs the predicate in the sandbox with output and context', async () => {
    const r = await evaluate(
      { type: 'javascript', value: 'output.split("\\n").length === 3 && context.metrics.outputTokens < 50' },
      'a\nb\nc',
      { sandbox, metrics: { outputTokens: 10 } },
    );
    expect(r).toMatchObject({ pass: true, score: 1 });
  });

  it('cannot touch the runner: process state it changes stays in the sandbox', async () => {
    const r = await evaluate(
      { type: 'javascript', value: 'process.env.RINGSIDE_PWNED = "1"; return true;' },
      'x',
      {
        sandbox,
      },
    );
    expect(r).toMatchObject({ pass: true });
    expect(process.env.RINGSIDE_PWNED).toBeUndefined();
  });

  it('is skipped, not failed, when the sandbox is unavailable', async () => {
    const r = await evaluate({ type: 'javascript', value: 'true' }, 'x');
    expect(r).toMatchObject({ skipped: true });
  });

  it('reports a predicate that does not compile at load', () => {
    expect(configError({ type: 'javascript', value: 'output.length >' })).toMatch(/does not compile/);
  });
});
