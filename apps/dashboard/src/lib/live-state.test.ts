import { EMPTY_LIVE_STATE, isLiveEnded, type ViewerFrame } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import {
  closeAction,
  followedSlot,
  parseMessage,
  reconnectDelayMs,
  reduceLive,
  reduceLiveBatch,
} from './live-state.ts';

// What each event means is the shared fold's (packages/shared/src/live/fold.test.ts); here only
// the viewer's side: messages, the snapshot under the events, and the slot the view follows.

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
const key = 'a/t1/0';

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
    const s = reduceLiveBatch(EMPTY_LIVE_STATE, [
      { type: 'contestant-start', ...slot },
      delta(0, 'Hel', [100]),
      delta(1, 'lo', [120]),
    ]);
    expect(s.slots[key]).toMatchObject({ phase: 'streaming', text: 'Hello', tokens: 2 });
  });

  it('resets the live state on a snapshot arriving mid-stream, then applies what follows it', () => {
    let s = reduceLiveBatch(EMPTY_LIVE_STATE, [
      delta(0, 'old', [1]),
      { ...delta(0, 'other', [1]), contestantId: 'b' } as ViewerFrame,
    ]);
    s = reduceLiveBatch(s, [delta(1, ' text', [2]), snapshot('Resynced', 5), delta(9, '!', [95])]);
    expect(s.slots[key]).toMatchObject({ text: 'Resynced!', tokens: 6, lastSeq: 9 });
    // The slot the snapshot does not name is gone: the snapshot replaces everything.
    expect(s.slots['b/t1/0']).toBeUndefined();
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
  it('replaces everything with a snapshot (late join, reconnect), and folds the next events onto it', () => {
    const before = reduceLive(EMPTY_LIVE_STATE, delta(0, 'stale', [1]));
    const s = reduceLive(before, snapshot('So far', 2));
    expect(s.slots[key]).toMatchObject({ text: 'So far', tokens: 2, loadMs: 1200, lastSeq: -1 });
    expect(isLiveEnded(s)).toBe(false);
    // The next live delta continues the snapshot's text, whatever its seq.
    expect(reduceLive(s, delta(7, '!', [95])).slots[key]?.text).toBe('So far!');
  });

  it('folds events with the shared fold: contestant-error sets the slot in error', () => {
    const s = reduceLiveBatch(EMPTY_LIVE_STATE, [
      { type: 'contestant-start', ...slot },
      {
        type: 'contestant-error',
        ...slot,
        error: { kind: 'http-error', message: 'HTTP 500', retryable: false },
      },
    ]);
    expect(s.slots[key]).toMatchObject({ phase: 'error', error: { message: 'HTTP 500' } });
  });

  it('takes the end from a final snapshot', () => {
    const final = { ...snapshot('done', 1), state: 'failed' } as ViewerFrame;
    expect(reduceLive(EMPTY_LIVE_STATE, final).state).toBe('failed');
  });
});

describe('followedSlot', () => {
  const start = (contestantId: string, taskId: string): ViewerFrame => ({
    type: 'contestant-start',
    ...slot,
    contestantId,
    taskId,
  });

  it('follows the newest slot still running, else the newest', () => {
    expect(followedSlot(EMPTY_LIVE_STATE)).toBeNull();
    let s = reduceLiveBatch(EMPTY_LIVE_STATE, [start('a', 't1'), start('b', 't2')]);
    expect(followedSlot(s)?.taskId).toBe('t2');
    s = reduceLive(s, {
      type: 'result-end',
      ...slot,
      contestantId: 'b',
      taskId: 't2',
      status: 'stopped',
      metrics: {
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
      },
      error: null,
    });
    expect(followedSlot(s)?.taskId).toBe('t1');
  });

  it('follows the streaming slot of a snapshot', () => {
    expect(followedSlot(reduceLive(EMPTY_LIVE_STATE, snapshot('x', 1)))?.contestantId).toBe('a');
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
