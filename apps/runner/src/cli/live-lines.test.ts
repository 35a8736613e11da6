import {
  type BattleEvent,
  type Contestant,
  EMPTY_LIVE_STATE,
  foldEvents,
  type Metrics,
} from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { contestantLines } from './live-lines.ts';

// What each event means is the shared fold's (packages/shared/src/live/fold.test.ts); here only
// how the terminal view reads one line per contestant off it.
const cs: Contestant[] = [
  { id: 'c1', provider: 'embedded', model: 'tiny', label: 'tiny cold', lane: 'local', sampling: {} },
  { id: 'c2', provider: 'openai', model: 'gpt', lane: 'cloud', sampling: {} },
];
const at = '2026-11-22T00:00:00.000Z';
const slot = (taskId: string, repeat = 0) => ({ battleId: 'b', contestantId: 'c1', taskId, repeat, at });
const metrics = { ttftMs: 20, e2eMs: 100, outputTokens: 10 } as Metrics;
const lines = (...events: BattleEvent[]) => contestantLines(cs, foldEvents(EMPTY_LIVE_STATE, events));

describe('contestantLines', () => {
  it('shows a contestant that has not started as waiting', () => {
    expect(lines()[1]).toMatchObject({ contestant: cs[1], phase: 'waiting', taskId: null, finished: [] });
  });

  it("follows the contestant's newest slot and lists the finished ones", () => {
    const [line] = lines(
      { type: 'contestant-start', ...slot('t1') },
      { type: 'result-end', ...slot('t1'), status: 'ok', metrics, error: null },
      { type: 'contestant-start', ...slot('t2') },
      { type: 'contestant-load', ...slot('t2'), loadMs: 800 },
      {
        type: 'token-delta',
        ...slot('t2'),
        seq: 0,
        text: 'ab',
        offsetsMs: [20, 25],
        chars: [1, 1],
        tokens: 2,
      },
    );
    expect(line).toMatchObject({
      phase: 'streaming',
      taskId: 't2',
      tokens: 2,
      firstOffsetMs: 20,
      lastOffsetMs: 25,
      loadMs: 800,
    });
    expect(line?.finished.map((f) => [f.taskId, f.phase])).toEqual([['t1', 'done']]);
  });

  it('shows a contestant-error as the phase of its line', () => {
    const [line] = lines(
      { type: 'contestant-start', ...slot('t1') },
      {
        type: 'contestant-error',
        ...slot('t1'),
        error: { kind: 'http-error', message: 'HTTP 500', retryable: false },
      },
    );
    expect(line).toMatchObject({ phase: 'error', finished: [] });
  });
});
