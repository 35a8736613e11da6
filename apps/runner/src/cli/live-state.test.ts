import type { BattleEvent, Contestant, Metrics } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { initialState, liveTokensPerSecond, reduce } from './live-state.ts';
import { renderLine, renderSummary } from './render.ts';

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

describe('live state', () => {
  it('follows a slot from start to end with tokens, live tok/s and TTFT', () => {
    const events: BattleEvent[] = [
      { type: 'contestant-start', ...slot },
      { type: 'token-delta', ...slot, seq: 0, text: 'ab', offsetsMs: [20, 25], chars: [1, 1], tokens: 2 },
      { type: 'token-delta', ...slot, seq: 1, text: 'cd', offsetsMs: [30, 40], chars: [1, 1], tokens: 2 },
    ];
    const s = events.reduce(reduce, initialState('t', cs));
    const line = s.lines.get('c1')!;
    expect(line.phase).toBe('streaming');
    expect(line.tokens).toBe(4);
    expect(line.firstOffsetMs).toBe(20);
    expect(liveTokensPerSecond(line)).toBe(150); // 3 gaps over 20 ms
    expect(renderLine(line)).toContain('TTFT    20ms');
    const done = reduce(s, {
      type: 'result-end',
      ...slot,
      status: 'ok',
      metrics: metrics(20, 150),
      error: null,
    });
    expect(done.lines.get('c1')?.phase).toBe('done');
  });

  it('summarises repeats as mean ± standard deviation', () => {
    let s = initialState('t', cs);
    for (const [i, ttft] of [10, 20, 30].entries()) {
      s = reduce(s, {
        type: 'result-end',
        ...slot,
        repeat: i,
        status: 'ok',
        metrics: metrics(ttft, 100),
        error: null,
      });
    }
    const table = renderSummary(s).join('\n');
    expect(table).toContain('20.0 ±10.0'); // TTFT mean 20, sd 10
    expect(table).toContain('3/3');
  });

  it('lists errors under the table', () => {
    const s = reduce(initialState('t', cs), {
      type: 'result-end',
      ...slot,
      status: 'error',
      metrics: metrics(1, 1),
      error: { kind: 'http-error', message: 'HTTP 500', retryable: true },
    });
    expect(renderSummary(s).join('\n')).toMatch(/errors:\n {2}tiny cold: error: HTTP 500/);
  });
});
