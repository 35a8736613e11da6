import type { ViewerFrame } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import {
  closeAction,
  EMPTY_LIVE,
  liveTokensPerSecond,
  parseMessage,
  reconnectDelayMs,
  reduceLive,
  reduceLiveBatch,
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

const snapshot = (text: string, tokens: number): ViewerFrame => ({
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
      text,
      tokens,
      firstOffsetMs: 50,
      lastOffsetMs: 90,
      loadMs: 1200,
      metrics: null,
      error: null,
    },
  ],
});

describe('parseMessage', () => {
  it('reads a batch-mode message as its frames, in order', () => {
    const m = parseMessage(JSON.stringify([delta(0, 'Hi', [10, 12]), delta(1, '!', [15])]));
    expect(m.kind).toBe('frames');
    expect(m.kind === 'frames' ? m.frames.map((f) => f.type === 'token-delta' && f.text) : []).toEqual([
      'Hi',
      '!',
    ]);
  });

  it('reads the bare pong as a pong, not as an invalid message', () => {
    expect(parseMessage('pong')).toEqual({ kind: 'pong' });
  });

  it('rejects non-JSON, a bare frame, an empty batch, a batch with one bad frame and binary data', () => {
    expect(parseMessage('not json').kind).toBe('invalid');
    expect(parseMessage(JSON.stringify(delta(0, 'Hi', [10]))).kind).toBe('invalid');
    expect(parseMessage('[]').kind).toBe('invalid');
    expect(parseMessage(JSON.stringify([delta(0, 'Hi', [10]), { type: 'token-delta', text: 1 }])).kind).toBe(
      'invalid',
    );
    expect(parseMessage(JSON.stringify([{ type: 'rm-rf', battleId: 'b1', at }])).kind).toBe('invalid');
    expect(parseMessage(new ArrayBuffer(4)).kind).toBe('invalid');
  });
});

describe('reduceLiveBatch', () => {
  it('applies every frame of a batch in turn', () => {
    const s = reduceLiveBatch(EMPTY_LIVE, [
      { type: 'contestant-start', ...slot },
      delta(0, 'Hel', [100]),
      delta(1, 'lo', [120]),
    ]);
    expect(s.slots[key]).toMatchObject({ phase: 'streaming', text: 'Hello', tokens: 2 });
  });

  it('resets the live state on a snapshot arriving mid-stream, then applies what follows it', () => {
    let s = reduceLiveBatch(EMPTY_LIVE, [
      delta(0, 'old', [1]),
      { ...delta(0, 'other', [1]), contestantId: 'b' } as ViewerFrame,
    ]);
    s = reduceLiveBatch(s, [delta(1, ' text', [2]), snapshot('Resynced', 5), delta(9, '!', [95])]);
    expect(s.slots[key]).toMatchObject({ text: 'Resynced!', tokens: 6, seq: 9 });
    // The slot the snapshot does not name is gone: the snapshot replaces everything.
    expect(s.slots[slotKey('b', 't1', 0)]).toBeUndefined();
  });
});

describe('closeAction', () => {
  it('is done after the battle ended, whatever the code', () => {
    expect(closeAction(1000, true)).toBe('done');
    expect(closeAction(1006, true)).toBe('done');
  });

  it('resyncs at once on 4001 and backs off on any other drop, 1000 before the end included', () => {
    expect(closeAction(4001, false)).toBe('resync');
    expect(closeAction(1006, false)).toBe('backoff');
    expect(closeAction(1011, false)).toBe('backoff');
    expect(closeAction(1000, false)).toBe('backoff');
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
