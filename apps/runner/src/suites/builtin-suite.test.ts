import type { Result, Suite } from '@ringside/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noMetrics, resultFixture } from '../../test/results.ts';
import { createSandbox, type Sandbox } from '../sandbox/sandbox.ts';
import { scoreResult } from '../scoring/score-result.ts';
import { loadSuite } from './load-suite.ts';

const answer = (taskId: string, text: string): Result =>
  resultFixture(text, {
    id: `r-${taskId}`,
    taskId,
    metrics: { ...noMetrics, outputTokens: 50, e2eMs: 1000, ttftMs: 100 },
  });

describe('the built-in suite', () => {
  let suite: Suite;
  let sandbox: Sandbox;
  beforeAll(async () => {
    suite = await loadSuite('builtin');
    sandbox = await createSandbox();
    if (!sandbox.available) throw new Error(`sandbox unavailable: ${sandbox.unavailableReason}`);
  });
  afterAll(() => sandbox?.close());

  it('has at least 16 tasks across the four categories of PRODUCT F4', () => {
    expect(suite.tasks.length).toBeGreaterThanOrEqual(16);
    for (const category of ['code-generation', 'research-analysis', 'problem-solving', 'creative'] as const) {
      expect(suite.tasks.filter((t) => t.category === category).length, category).toBeGreaterThanOrEqual(3);
    }
  });

  it('gives every code-generation task hidden tests, in Python and in JavaScript/TypeScript', () => {
    const code = suite.tasks.filter((t) => t.category === 'code-generation');
    expect(code.every((t) => t.tests)).toBe(true);
    const languages = new Set(code.map((t) => t.tests?.language));
    expect(languages).toEqual(new Set(['python', 'javascript', 'typescript']));
  });

  it('gives every task at least one assertion or hidden tests, and a reference', () => {
    for (const t of suite.tasks) {
      expect(t.assertions.length + (t.tests ? 1 : 0), t.id).toBeGreaterThan(0);
      expect(t.reference, t.id).toBeTruthy();
    }
  });

  it('passes every task with its own reference answer (hidden tests run in the sandbox)', async () => {
    const failures: string[] = [];
    await Promise.all(
      suite.tasks.map(async (task) => {
        const scored = await scoreResult(task, answer(task.id, task.reference!), { sandbox });
        if (!scored.passed) {
          const why = scored.evaluations
            .filter((e) => e.passed !== true)
            .map((e) => `${e.evaluator}: ${String(e.details?.reason)} ${String(e.details?.message ?? '')}`);
          failures.push(`${task.id}: ${why.join('; ')}`);
        }
      }),
    );
    expect(failures).toEqual([]);
  });

  it('fails the hidden tests of every code task for an answer that does nothing', async () => {
    const code = suite.tasks.filter((t) => t.tests);
    const results = await Promise.all(
      code.map(async (task) => {
        const stub = task.tests!.language === 'python' ? 'pass' : '// nothing';
        const scored = await scoreResult(task, answer(task.id, stub), { sandbox });
        return scored.evaluations.find((e) => e.source === 'code')?.passed;
      }),
    );
    expect(results.every((passed) => passed === false)).toBe(true);
  });
});
