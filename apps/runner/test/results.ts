/** The one result fixture of the runner's tests: a complete, valid Result, overridden per test. */
import type { Result } from '@ringside/shared';

export const noMetrics: Result['metrics'] = {
  ttftMs: null,
  e2eMs: null,
  tpotMs: null,
  itlMs: null,
  decodeTpsClient: null,
  decodeTpsServer: null,
  promptTokens: null,
  outputTokens: null,
  outputTokensSource: null,
  loadMs: null,
  costUsd: null,
};

export function resultFixture(text: string, extra: Partial<Result> = {}): Result {
  return {
    id: 'r1',
    battleId: 'b1',
    contestantId: 'c1',
    taskId: 't1',
    repeat: 0,
    status: 'ok',
    output: { text },
    metrics: noMetrics,
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
