import type { BattleInput, ResultInput } from '@ringside/shared';

/** A small valid runner battle and results for it, for the results folder and upload tests. */
export function sampleBattle(overrides: Partial<BattleInput> = {}): BattleInput {
  return {
    id: 'b-haiku',
    type: 'qa',
    origin: 'runner',
    title: 'Haiku about the sea',
    state: 'queued',
    tasks: [
      { id: 't1', category: 'creative', prompt: 'Write a haiku about the sea.', assertions: [] },
      { id: 't2', category: 'creative', prompt: 'Write a haiku about the moon.', assertions: [] },
    ],
    contestants: [
      { id: 'c1', provider: 'embedded', model: 'tiny', lane: 'local', sampling: { temperature: 0.2 } },
      { id: 'c2', provider: 'ollama', model: 'llama3.2', lane: 'local', sampling: {} },
    ],
    ...overrides,
  } as BattleInput;
}

export function sampleResult(overrides: Partial<ResultInput> = {}): ResultInput {
  return {
    id: 'b-haiku-c1-t1-0',
    battleId: 'b-haiku',
    contestantId: 'c1',
    taskId: 't1',
    status: 'ok',
    output: { text: 'Waves fold into foam' },
    metrics: { ttftMs: 12.5, e2eMs: 80, outputTokens: 18, outputTokensSource: 'usage' },
    startedAt: '2026-11-22T01:00:00.000Z',
    endedAt: '2026-11-22T01:00:00.080Z',
    ...overrides,
  };
}

/** `n` distinct results of the sample battle, ids `r-0`… spread over its contestants and tasks. */
export function sampleResults(n: number, battleId = 'b-haiku', textBytes = 20): ResultInput[] {
  return Array.from({ length: n }, (_, i) =>
    sampleResult({
      id: `r-${i}`,
      battleId,
      contestantId: i % 2 === 0 ? 'c1' : 'c2',
      taskId: i % 4 < 2 ? 't1' : 't2',
      repeat: i,
      output: { text: `answer ${i} `.padEnd(textBytes, '~') },
    }),
  );
}
