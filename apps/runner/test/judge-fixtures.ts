/** Test data for the judge: a task and two contestants' results. */
import { type Result, type Task, TaskSchema } from '@ringside/shared';
import { noMetrics, resultFixture } from './results.ts';

export const task: Task = TaskSchema.parse({
  id: 'capital',
  category: 'research-analysis',
  prompt: 'What is the capital of Australia?',
  reference: 'Canberra.',
});

export const result = (contestantId: string, text: string, extra: Partial<Result> = {}): Result =>
  resultFixture(text, {
    id: `r-${contestantId}`,
    contestantId,
    taskId: 'capital',
    metrics: { ...noMetrics, e2eMs: 800, ttftMs: 90, outputTokens: 12 },
    ...extra,
  });

export const results = [
  result('qwen-7b', 'The capital of Australia is Canberra.'),
  result('llama-3b', 'Sydney is the capital of Australia.'),
];
