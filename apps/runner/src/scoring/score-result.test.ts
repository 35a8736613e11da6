import { type Result, type Task, type TaskInput, TaskSchema } from '@ringside/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noMetrics, resultFixture } from '../../test/results.ts';
import { createSandbox, type Sandbox } from '../sandbox/sandbox.ts';
import { scoreResult, TaskConfigError } from './score-result.ts';

const result = (text: string, extra: Partial<Result> = {}): Result =>
  resultFixture(text, { metrics: { ...noMetrics, outputTokens: 40, e2eMs: 900 }, ...extra });

const task = (extra: Partial<TaskInput>): Task => TaskSchema.parse({ id: 't1', prompt: 'p', ...extra });

describe('scoreResult', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox();
  });
  afterAll(() => sandbox?.close());

  it('records one check evaluation per assertion and scores their weighted mean', async () => {
    const t = task({
      assertions: [
        { type: 'icontains', value: 'paris', weight: 3 },
        { type: 'max-tokens', value: 10, weight: 1 },
      ],
    });
    const scored = await scoreResult(t, result('The capital is Paris.'));
    expect(scored.score).toBeCloseTo(0.75);
    expect(scored.passed).toBe(false);
    expect(scored.evaluations).toMatchObject([
      { source: 'check', evaluator: 'icontains', score: 1, passed: true, details: { index: 0, weight: 3 } },
      {
        source: 'check',
        evaluator: 'max-tokens',
        score: 0,
        passed: false,
        details: { reason: '40 output tokens (limit 10)' },
      },
    ]);
  });

  it('passes by passThreshold when the task sets one', async () => {
    const t = task({
      passThreshold: 0.7,
      assertions: [
        { type: 'icontains', value: 'paris', weight: 3 },
        { type: 'max-tokens', value: 10, weight: 1 },
      ],
    });
    expect((await scoreResult(t, result('Paris'))).passed).toBe(true);
  });

  it('runs the hidden tests in the sandbox as a code evaluation with per-test results', async () => {
    const t = task({
      assertions: [{ type: 'regex', value: 'def \\w+' }],
      tests: {
        language: 'python',
        weight: 3,
        code: 'def test_one():\n    assert double(2) == 4\n\ndef test_two():\n    assert double(-1) == -2\n',
      },
    });
    const scored = await scoreResult(t, result('```python\ndef double(x):\n    return abs(x) * 2\n```'), {
      sandbox,
    });
    const code = scored.evaluations.find((e) => e.source === 'code');
    expect(code).toMatchObject({
      evaluator: 'tests:python',
      score: 0.5,
      raw: 1,
      maxScore: 2,
      passed: false,
      details: {
        reason: 'test-failure',
        tests: [
          { name: 'test_one', passed: true },
          { name: 'test_two', passed: false },
        ],
      },
    });
    expect(scored.score).toBeCloseTo((1 * 1 + 3 * 0.5) / 4);
  });

  it('records hidden tests as not run when there is no sandbox, and scores the rest', async () => {
    const t = task({
      assertions: [{ type: 'contains', value: 'def' }],
      tests: { language: 'python', code: 'def test_x():\n    assert True\n' },
    });
    const scored = await scoreResult(t, result('def f(): pass'));
    expect(scored).toMatchObject({ score: 1, passed: true });
    expect(scored.evaluations[1]).toMatchObject({
      source: 'code',
      score: null,
      passed: null,
      details: { reason: 'sandbox-unavailable' },
    });
  });

  it('scores a failed model call 0 without running checks, and leaves a stopped one unscored', async () => {
    const t = task({ assertions: [{ type: 'not-contains', value: 'x' }] });
    const failed = await scoreResult(
      t,
      result('', { status: 'error', error: { kind: 'total-timeout', message: 'slow', retryable: false } }),
    );
    expect(failed).toMatchObject({ score: 0, passed: false, evaluations: [{ evaluator: 'answer' }] });
    expect(await scoreResult(t, result('', { status: 'stopped' }))).toEqual({
      score: null,
      passed: null,
      evaluations: [],
    });
  });

  it('leaves a task without assertions or tests unscored', async () => {
    expect(await scoreResult(task({}), result('hi'))).toEqual({ score: null, passed: null, evaluations: [] });
  });

  it('throws TaskConfigError for a task whose checks cannot run', async () => {
    const t = task({ assertions: [{ type: 'regex', value: '(' }] });
    await expect(scoreResult(t, result('x'))).rejects.toThrow(TaskConfigError);
    await expect(scoreResult(t, result('x'))).rejects.toThrow(/assertions\.0\.value: regex: invalid regex/);
  });
});
