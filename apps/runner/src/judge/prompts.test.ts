import { TaskSchema } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { result, task } from '../../test/judge-fixtures.ts';
import { automaticSummary, digestPrompt, judgePrompt } from './prompts.ts';

describe('judge prompts', () => {
  it('tells the judge what the automatic checks and hidden tests found', () => {
    const scored = result('c', 'x', {
      score: 0.8,
      passed: true,
      evaluations: [
        { source: 'code', evaluator: 'tests:python', score: 0.75, raw: 3, maxScore: 4, passed: false },
      ],
    });
    expect(automaticSummary(scored)).toBe('automatic score 0.80 (passed); hidden tests 3/4 passed');
    expect(automaticSummary(result('c', 'x'))).toBe('no automatic checks');
  });

  it("includes the task's rubric and asks for every label's scores", () => {
    const withRubric = TaskSchema.parse({
      ...task,
      rubric: [{ name: 'cites sources', description: 'names where facts come from' }],
    });
    const prompt = judgePrompt(withRubric, [
      { label: 'A', digest: 'a', automatic: 'none' },
      { label: 'B', digest: 'b', automatic: 'none' },
    ]);
    expect(prompt).toContain("The task's own criteria:\n- cites sources: names where facts come from");
    expect(prompt).toContain('"winner": "A" | "B" | "tie"');
    expect(prompt).toContain('"B": {"correctness": 0-100');
  });

  it('cuts very long answers before the digest call', () => {
    const prompt = digestPrompt(task, 'x'.repeat(30_000));
    expect(prompt).toContain('[… 6000 more characters]');
  });
});
