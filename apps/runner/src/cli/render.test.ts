import {
  type BattleEvent,
  type Contestant,
  EMPTY_LIVE_STATE,
  foldEvents,
  type Metrics,
} from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { contestantLines } from './live-lines.ts';
import { renderLine, renderLive, renderSummary } from './render.ts';

const cs: Contestant[] = [
  { id: 'c1', provider: 'embedded', model: 'tiny', label: 'tiny cold', lane: 'local', sampling: {} },
  { id: 'c2', provider: 'openai', model: 'gpt', lane: 'cloud', sampling: {} },
];
const at = '2026-11-22T00:00:00.000Z';
const slot = { battleId: 'b', contestantId: 'c1', taskId: 't1', repeat: 0, at };
const metrics = (ttft: number, tps: number): Metrics => ({
  ttftMs: ttft,
  e2eMs: 100,
  tpotMs: 1,
  itlMs: null,
  decodeTpsClient: tps,
  decodeTpsServer: null,
  promptTokens: 3,
  outputTokens: 10,
  outputTokensSource: 'usage',
  loadMs: null,
  costUsd: null,
});
const lines = (...events: BattleEvent[]) => contestantLines(cs, foldEvents(EMPTY_LIVE_STATE, events));

describe('renderLine', () => {
  it('shows a streaming slot with its tokens, live tok/s and TTFT', () => {
    const [line] = lines(
      { type: 'contestant-start', ...slot },
      { type: 'token-delta', ...slot, seq: 0, text: 'ab', offsetsMs: [20, 25], chars: [1, 1], tokens: 2 },
      { type: 'token-delta', ...slot, seq: 1, text: 'cd', offsetsMs: [30, 40], chars: [1, 1], tokens: 2 },
    );
    const text = renderLine(line!);
    expect(text).toMatch(/^tiny cold +local +streaming +t1 +4 tok +150 tok\/s +TTFT +20ms$/);
  });

  it('shows a contestant that has not started as waiting, without figures', () => {
    expect(renderLive('t', lines())).toEqual([
      '▶ t',
      expect.stringMatching(/^tiny cold +local +waiting +- +0 tok +- tok\/s +TTFT +-$/),
      expect.stringMatching(/^openai:gpt +cloud +waiting/),
    ]);
  });
});

describe('renderSummary', () => {
  it('summarises repeats as mean ± standard deviation', () => {
    const table = renderSummary(
      lines(
        ...[10, 20, 30].map(
          (ttft, i): BattleEvent => ({
            type: 'result-end',
            ...slot,
            repeat: i,
            status: 'ok',
            metrics: metrics(ttft, 100),
            error: null,
          }),
        ),
      ),
    ).join('\n');
    expect(table).toContain('20.0 ±10.0'); // TTFT mean 20, sd 10
    expect(table).toContain('3/3');
  });

  it('lists errors under the table and counts only ok slots', () => {
    const table = renderSummary(
      lines({
        type: 'result-end',
        ...slot,
        status: 'error',
        metrics: metrics(1, 1),
        error: { kind: 'http-error', message: 'HTTP 500', retryable: true },
      }),
    ).join('\n');
    expect(table).toMatch(/errors:\n {2}tiny cold: error: HTTP 500/);
    expect(table).toContain('0/1');
  });
});
