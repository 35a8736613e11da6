/** Test data for the judge: a task and two contestants' results. */
import { type Result, type Task, TaskSchema } from '@ringside/shared';
import { noMetrics } from '../scoring/checks/testing.ts';

export const task: Task = TaskSchema.parse({
  id: 'capital',
  category: 'research-analysis',
  prompt: 'What is the capital of Australia?',
  reference: 'Canberra.',
});

export function result(contestantId: string, text: string, extra: Partial<Result> = {}): Result {
  return {
    id: `r-${contestantId}`,
    battleId: 'b1',
    contestantId,
    taskId: 'capital',
    repeat: 0,
    status: 'ok',
    output: { text },
    metrics: { ...noMetrics, e2eMs: 800, ttftMs: 90, outputTokens: 12 },
    chunks: null,
    server: null,
    score: null,
    passed: null,
    evaluations: [],
    telemetry: null,
    fingerprint: null,
    error: null,
    startedAt: '2026-11-22T00:00:00.000Z',
    endedAt: null,
    ...extra,
  };
}

export const results = [
  result('qwen-7b', 'The capital of Australia is Canberra.'),
  result('llama-3b', 'Sydney is the capital of Australia.'),
];
