import type { ViewerFrame } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_LIVE,
  liveTokensPerSecond,
  parseFrame,
  reconnectDelayMs,
  reduceLive,
  slotKey,
} from './live-state.ts';

const at = '2026-11-22T10:00:00.000Z';
const slot = { battleId: 'b1', at, contestantId: 'a', taskId: 't1', repeat: 0 };
const delta = (seq: number, text: string, offsetsMs: number[]): ViewerFrame => ({
  type: 'token-delta',
  ...slot,
  seq,
  text,
  offsetsMs,
  chars: offsetsMs.map(() => 1),
  tokens: offsetsMs.length,
});
const key = slotKey('a', 't1', 0);

describe('parseFrame', () => {
  it('accepts a valid viewer frame', () => {
    expect(parseFrame(JSON.stringify(delta(0, 'Hi', [10, 12])))?.type).toBe('token-delta');
  });

  it('rejects non-JSON, unknown types, wrong shapes and binary data', () => {
    expect(parseFrame('not json')).toBeNull();
    expect(parseFrame(JSON.stringify({ type: 'token-delta', text: 1 }))).toBeNull();
    expect(parseFrame(JSON.stringify({ type: 'rm-rf', battleId: 'b1', at }))).toBeNull();
    expect(parseFrame(new ArrayBuffer(4))).toBeNull();
  });
});

describe('reduceLive', () => {
  it('grows the text of a slot delta by delta and tracks first and last arrival', () => {
    let s = reduceLive(EMPTY_LIVE, { type: 'contestant-start', ...slot });
    expect(s.slots[key]?.phase).toBe('loading');
    s = reduceLive(s, delta(0, 'Hel', [100, 120]));
    s = reduceLive(s, delta(1, 'lo', [170]));
    expect(s.slots[key]).toMatchObject({
      phase: 'streaming',
      text: 'Hello',
      tokens: 3,
      firstOffsetMs: 100,
      lastOffsetMs: 170,
    });
    expect(liveTokensPerSecond(s.slots[key]!)).toBeCloseTo(2000 / 70);
  });

  it('skips a delta it has already applied', () => {
    let s = reduceLive(EMPTY_LIVE, delta(0, 'a', [1]));
    s = reduceLive(s, delta(1, 'b', [2]));
    s = reduceLive(s, delta(1, 'b', [2]));
    expect(s.slots[key]?.text).toBe('ab');
  });

  it('replaces everything with a snapshot (late join, reconnect)', () => {
    const before = reduceLive(EMPTY_LIVE, delta(0, 'stale', [1]));
    const s = reduceLive(before, {
      type: 'battle-snapshot',
      battleId: 'b1',
      at,
      start: null,
      state: 'running',
      slots: [
        {
          contestantId: 'a',
          taskId: 't1',
          repeat: 0,
          phase: 'streaming',
          text: 'So far',
          tokens: 2,
          firstOffsetMs: 50,
          lastOffsetMs: 90,
          loadMs: 1200,
          metrics: null,
          error: null,
        },
      ],
    });
    expect(s.slots[key]).toMatchObject({ text: 'So far', tokens: 2, loadMs: 1200, seq: null });
    expect(s.latest).toBe(key);
    expect(s.ended).toBeNull();
    // The next live delta continues the snapshot's text.
    expect(reduceLive(s, delta(7, '!', [95])).slots[key]?.text).toBe('So far!');
  });

  it('marks the end from result-end, battle-end, battle-stop and a final snapshot', () => {
    const metrics = {
      ttftMs: 100,
      e2eMs: 170,
      tpotMs: 35,
      itlMs: null,
      decodeTpsClient: 28.6,
      decodeTpsServer: null,
      promptTokens: 5,
      outputTokens: 3,
      outputTokensSource: 'usage' as const,
      loadMs: null,
      costUsd: null,
    };
    const s = reduceLive(EMPTY_LIVE, { type: 'result-end', ...slot, status: 'ok', metrics, error: null });
    expect(s.slots[key]).toMatchObject({ phase: 'done', metrics });
    expect(reduceLive(s, { type: 'battle-end', battleId: 'b1', at, state: 'done' }).ended).toBe('done');
    expect(reduceLive(s, { type: 'battle-stop', battleId: 'b1', at }).ended).toBe('stopped');
    expect(
      reduceLive(s, { type: 'battle-snapshot', battleId: 'b1', at, start: null, state: 'failed', slots: [] })
        .ended,
    ).toBe('failed');
  });

  it('follows the slot that started last', () => {
    let s = reduceLive(EMPTY_LIVE, { type: 'contestant-start', ...slot });
    s = reduceLive(s, { type: 'contestant-start', ...slot, contestantId: 'b', taskId: 't2' });
    expect(s.latest).toBe(slotKey('b', 't2', 0));
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 0.5 s up to 10 s, with jitter of ±20 %', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => reconnectDelayMs(n, mid))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(reconnectDelayMs(0, () => 0)).toBe(400);
    expect(reconnectDelayMs(0, () => 1)).toBe(600);
  });
});
