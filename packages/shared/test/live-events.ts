import type { BattleEvent, Metrics, ResultStatus } from '../src/index.ts';

/** Live events of one battle for tests: every slot is task `t1`, repeat 0 unless told; `ms` sets `at`. */

type Of<T extends BattleEvent['type']> = Extract<BattleEvent, { type: T }>;

export const at = (ms: number) => new Date(Date.UTC(2026, 10, 22, 1, 0, 0, ms)).toISOString();

export const metrics = (over: Partial<Metrics> = {}): Metrics => ({
  ttftMs: 10,
  e2eMs: 200,
  tpotMs: 5,
  itlMs: null,
  decodeTpsClient: 200,
  decodeTpsServer: null,
  promptTokens: 12,
  outputTokens: 3,
  outputTokensSource: 'usage',
  loadMs: null,
  costUsd: null,
  ...over,
});

export function liveEvents(battleId = 'b1') {
  const slot = (contestantId: string, repeat = 0) => ({ battleId, contestantId, taskId: 't1', repeat });
  return {
    start: (ms = 0): Of<'battle-start'> => ({
      type: 'battle-start',
      battleId,
      at: at(ms),
      title: 'Haiku about the sea',
      battleType: 'qa',
      contestants: [
        { id: 'c1', provider: 'embedded', model: 'tiny', lane: 'local', sampling: {} },
        { id: 'c2', provider: 'ollama', model: 'llama3.2', lane: 'local', sampling: {} },
      ],
      tasks: [{ id: 't1', prompt: 'Write a haiku about the sea.' }],
    }),
    slotStart: (c: string, ms = 1, repeat = 0): Of<'contestant-start'> => ({
      type: 'contestant-start',
      ...slot(c, repeat),
      at: at(ms),
    }),
    load: (c: string, loadMs: number, ms = 2): Of<'contestant-load'> => ({
      type: 'contestant-load',
      ...slot(c),
      at: at(ms),
      loadMs,
    }),
    delta: (c: string, seq: number, text: string, offsetsMs = [10 + seq * 50]): Of<'token-delta'> => ({
      type: 'token-delta',
      ...slot(c),
      at: at(100 + seq),
      seq,
      text,
      offsetsMs,
      chars: offsetsMs.map(() => 1),
      tokens: offsetsMs.length,
    }),
    error: (c: string, message = 'HTTP 500', ms = 800): Of<'contestant-error'> => ({
      type: 'contestant-error',
      ...slot(c),
      at: at(ms),
      error: { kind: 'http-error', message, retryable: false },
    }),
    resultEnd: (
      c: string,
      {
        status = 'ok',
        ms = 900,
        repeat = 0,
        ...over
      }: Partial<Metrics> & { status?: ResultStatus; ms?: number; repeat?: number } = {},
    ): Of<'result-end'> => ({
      type: 'result-end',
      ...slot(c, repeat),
      at: at(ms),
      status,
      metrics: metrics(over),
      error: status === 'ok' ? null : { kind: 'http-error', message: `ended ${status}`, retryable: false },
    }),
    end: (ms = 999, state: 'done' | 'failed' = 'done'): Of<'battle-end'> => ({
      type: 'battle-end',
      battleId,
      at: at(ms),
      state,
    }),
    stop: (ms = 999): Of<'battle-stop'> => ({ type: 'battle-stop', battleId, at: at(ms), reason: 'owner' }),
  };
}
