import { describe, expect, it } from 'vitest';
import { liveEvents } from '../../test/live-events.ts';
import type { BattleEvent } from '../events.ts';
import { EMPTY_LIVE_STATE, foldEvent, foldEvents, isLiveEnded, type LiveState, slotKey } from './fold.ts';

const e = liveEvents('b1');
const fold = (...events: BattleEvent[]) => foldEvents(EMPTY_LIVE_STATE, events);
const c1 = 'c1/t1/0';

describe('slotKey', () => {
  it('joins contestant, task and repeat with a character ids cannot hold', () => {
    expect(slotKey({ contestantId: 'c1', taskId: 't1', repeat: 2 })).toBe('c1/t1/2');
  });
});

describe('foldEvent: battle events', () => {
  it('keeps the battle-start and stays running', () => {
    const s = fold(e.start());
    expect(s.start?.title).toBe('Haiku about the sea');
    expect(s.state).toBe('running');
    expect(isLiveEnded(s)).toBe(false);
  });

  it('ends with the battle-end state: done or failed', () => {
    expect(fold(e.end(999, 'done'))).toMatchObject({ state: 'done', endAt: e.end().at });
    expect(fold(e.end(999, 'failed')).state).toBe('failed');
    expect(isLiveEnded(fold(e.end()))).toBe(true);
  });

  it('ends stopped on battle-stop', () => {
    expect(fold(e.stop()).state).toBe('stopped');
  });

  it('reopens an ended battle on a battle-start at another time (a resumed battle), keeping its slots', () => {
    const s = fold(e.start(0), e.slotStart('c1'), e.stop(5), e.start(10));
    expect(s).toMatchObject({ state: 'running', endAt: null, start: { at: e.start(10).at } });
    expect(Object.keys(s.slots)).toEqual([c1]);
  });
});

describe('foldEvent: slot events', () => {
  it('opens a slot in phase loading on contestant-start', () => {
    expect(fold(e.slotStart('c1')).slots[c1]).toEqual({
      contestantId: 'c1',
      taskId: 't1',
      repeat: 0,
      phase: 'loading',
      text: '',
      tokens: 0,
      firstOffsetMs: null,
      lastOffsetMs: null,
      loadMs: null,
      metrics: null,
      error: null,
      lastSeq: -1,
      startAt: e.slotStart('c1').at,
      seen: {},
    });
  });

  it('records the load time on contestant-load and leaves the phase alone', () => {
    expect(fold(e.slotStart('c1'), e.load('c1', 1500)).slots[c1]).toMatchObject({
      loadMs: 1500,
      phase: 'loading',
    });
  });

  it('appends token-deltas: text, tokens, first and latest chunk offsets, loading → streaming', () => {
    const s = fold(e.slotStart('c1'), e.delta('c1', 0, 'Wa', [12, 15]), e.delta('c1', 1, 'ves', [40]));
    expect(s.slots[c1]).toMatchObject({
      phase: 'streaming',
      text: 'Waves',
      tokens: 3,
      firstOffsetMs: 12,
      lastOffsetMs: 40,
      lastSeq: 1,
    });
  });

  it('keeps the offsets of a delta without chunks, and takes a seq that skips (merged frames)', () => {
    const s = fold(e.delta('c1', 0, 'a', [7]), e.delta('c1', 1, '', []), e.delta('c1', 5, 'b', [9]));
    expect(s.slots[c1]).toMatchObject({ text: 'ab', firstOffsetMs: 7, lastOffsetMs: 9, lastSeq: 5 });
  });

  it('sets phase error with its error on contestant-error', () => {
    const s = fold(e.slotStart('c1'), e.delta('c1', 0, 'a'), e.error('c1', 'HTTP 503'));
    expect(s.slots[c1]).toMatchObject({ phase: 'error', error: { message: 'HTTP 503' }, text: 'a' });
  });

  it('maps the result-end status to the phase and keeps its metrics and error', () => {
    const ok = fold(e.slotStart('c1'), e.resultEnd('c1')).slots[c1];
    expect(ok).toMatchObject({ phase: 'done', metrics: { e2eMs: 200 }, error: null });
    expect(fold(e.resultEnd('c1', { status: 'error' })).slots[c1]).toMatchObject({
      phase: 'error',
      error: { message: 'ended error' },
    });
    expect(fold(e.resultEnd('c1', { status: 'stopped' })).slots[c1]?.phase).toBe('stopped');
  });

  it('takes the load time from the result-end metrics only when no contestant-load gave one', () => {
    expect(fold(e.resultEnd('c1', { loadMs: 700 })).slots[c1]?.loadMs).toBe(700);
    expect(fold(e.load('c1', 1500), e.resultEnd('c1', { loadMs: 700 })).slots[c1]?.loadMs).toBe(1500);
  });

  it('opens the slot for an event whose contestant-start was lost', () => {
    expect(fold(e.delta('c2', 3, 'late')).slots['c2/t1/0']).toMatchObject({
      phase: 'streaming',
      text: 'late',
      startAt: null,
      lastSeq: 3,
    });
    expect(fold(e.load('c2', 5)).slots['c2/t1/0']?.phase).toBe('loading');
    expect(fold(e.error('c2')).slots['c2/t1/0']?.phase).toBe('error');
  });

  it('keeps slots apart and in order of first appearance, a restarted one in its place', () => {
    const s = fold(
      e.slotStart('c2'),
      e.slotStart('c1'),
      e.delta('c2', 0, 'two'),
      e.delta('c1', 0, 'one'),
      e.slotStart('c2', 500),
    );
    expect(Object.keys(s.slots)).toEqual(['c2/t1/0', c1]);
    expect(s.slots[c1]?.text).toBe('one');
    expect(fold(e.slotStart('c1', 1, 0), e.slotStart('c1', 1, 1)).slots['c1/t1/1']?.repeat).toBe(1);
  });
});

describe('foldEvent: restarts, order and duplicates', () => {
  it('resets a slot started again at another time (a restarted slot), load time and seq included', () => {
    const s = fold(
      e.slotStart('c1', 1),
      e.load('c1', 900),
      e.delta('c1', 4, 'old'),
      e.resultEnd('c1', { status: 'error' }),
      e.slotStart('c1', 500),
    );
    expect(s.slots[c1]).toMatchObject({
      phase: 'loading',
      text: '',
      tokens: 0,
      loadMs: null,
      metrics: null,
      error: null,
      lastSeq: -1,
      startAt: e.slotStart('c1', 500).at,
      seen: {},
    });
    // The restarted run's seq starts again from 0.
    expect(foldEvent(s, e.delta('c1', 0, 'new')).slots[c1]?.text).toBe('new');
  });

  it('returns the same state for every event it has already applied', () => {
    const events = [
      e.start(),
      e.slotStart('c1'),
      e.load('c1', 10),
      e.delta('c1', 0, 'a'),
      e.error('c1'),
      e.resultEnd('c1'),
      e.end(),
    ];
    for (const [i, x] of events.entries()) {
      const s = fold(...events.slice(0, i + 1));
      expect(foldEvent(s, x), x.type).toBe(s);
    }
  });

  it('drops a token-delta whose seq is not above the last applied (duplicate or older)', () => {
    const s = fold(e.delta('c1', 0, 'a'), e.delta('c1', 2, 'c'));
    expect(foldEvent(s, e.delta('c1', 1, 'b'))).toBe(s);
    expect(foldEvent(s, e.delta('c1', 2, 'c'))).toBe(s);
    expect(s.slots[c1]?.text).toBe('ac');
  });

  it('gives the same state for a stream delivered twice over as for the stream once', () => {
    const events = [
      e.start(),
      e.slotStart('c1'),
      e.slotStart('c2'),
      e.load('c1', 10),
      e.delta('c1', 0, 'a'),
      e.delta('c2', 0, 'x'),
      e.delta('c1', 1, 'b'),
      e.error('c2'),
      e.resultEnd('c2', { status: 'error' }),
      e.resultEnd('c1'),
      e.end(),
    ];
    // A publisher retry re-sends a whole batch after part of it went through.
    const twice = [...events.slice(0, 6), ...events.slice(3, 9), ...events.slice(6), ...events];
    expect(fold(...twice)).toEqual(fold(...events));
  });

  it('lets result-end have the last word: a contestant-error after it changes nothing', () => {
    const s = fold(e.slotStart('c1'), e.resultEnd('c1'));
    expect(foldEvent(s, e.error('c1', 'late'))).toBe(s);
  });

  it('appends a delta arriving after the result-end, and keeps the finished phase', () => {
    const s = fold(e.slotStart('c1'), e.resultEnd('c1'), e.delta('c1', 0, 'late'));
    expect(s.slots[c1]).toMatchObject({ phase: 'done', text: 'late' });
    expect(fold(e.error('c1'), e.delta('c1', 0, 'x')).slots[c1]?.phase).toBe('error');
  });

  it('ends a battle again on a later battle-end at another time', () => {
    expect(fold(e.stop(5), e.end(9, 'failed')).state).toBe('failed');
  });
});

describe('foldEvents', () => {
  it('names, in order, the events that changed the state', () => {
    const applied: string[] = [];
    const events = [e.slotStart('c1'), e.delta('c1', 0, 'a'), e.delta('c1', 0, 'a'), e.end(), e.end()];
    foldEvents(EMPTY_LIVE_STATE, events, (x) => applied.push(x.type));
    expect(applied).toEqual(['contestant-start', 'token-delta', 'battle-end']);
  });

  it('gives the same state as folding the events one by one', () => {
    const events = [e.start(), e.slotStart('c1'), e.delta('c1', 0, 'a'), e.stop(), e.delta('c1', 1, 'b')];
    expect(foldEvents(EMPTY_LIVE_STATE, events)).toEqual(events.reduce(foldEvent, EMPTY_LIVE_STATE));
    expect(foldEvents(EMPTY_LIVE_STATE, [])).toBe(EMPTY_LIVE_STATE);
  });
});

describe('foldEvent: purity', () => {
  it('never changes the state it is given, and shares the slots an event does not touch', () => {
    const before = fold(e.start(), e.slotStart('c1'), e.slotStart('c2'), e.delta('c1', 0, 'a'));
    const copy: LiveState = structuredClone(before);
    const after = foldEvents(before, [e.delta('c2', 0, 'b'), e.resultEnd('c1'), e.end()]);
    expect(before).toEqual(copy);
    // A second fold onto the same state leaves the first one's result alone.
    foldEvents(before, [e.delta('c2', 0, 'other'), e.delta('c1', 1, 'other')]);
    expect(after.slots['c2/t1/0']?.text).toBe('b');
    expect(after.slots[c1]?.text).toBe('a');
    expect(after.slots[c1]).not.toBe(before.slots[c1]);
    expect(foldEvent(after, e.delta('c2', 1, 'c')).slots[c1]).toBe(after.slots[c1]);
  });
});
