import {
  type BattleEvent,
  type BattleEventInput,
  BattleEventSchema,
  EMPTY_LIVE_STATE,
} from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { liveEvents } from '../test/live-helpers.ts';
import { applyBatch } from './room-state.ts';

// What each event means is the shared fold's (packages/shared/src/live/fold.test.ts); here only
// what the room adds: which events are new, and what the store must write for them.
const e = liveEvents('b1');
const batch = (events: BattleEventInput[]) =>
  applyBatch(
    EMPTY_LIVE_STATE,
    events.map((x): BattleEvent => BattleEventSchema.parse(x)),
  );

describe('applyBatch', () => {
  it('keeps only the events that changed the state, in order, with one change each', () => {
    const { applied, changes } = batch([
      e.slotStart('c1'),
      e.delta('c1', 0, 'a'),
      e.delta('c1', 0, 'a'),
      e.resultEnd('c1'),
      e.resultEnd('c1'),
      e.slotStart('c1'),
      e.end(),
      e.end(),
    ]);
    expect(applied.map((x) => x.type)).toEqual([
      'contestant-start',
      'token-delta',
      'result-end',
      'battle-end',
    ]);
    expect(changes).toEqual([
      { kind: 'slot', key: 'c1/t1/0', reset: false, append: null },
      { kind: 'slot', key: 'c1/t1/0', reset: false, append: { seq: 0, text: 'a' } },
      { kind: 'slot', key: 'c1/t1/0', reset: false, append: null },
      { kind: 'room' },
    ]);
  });

  it('reports a slot started again at another time as a reset, and a first start as none', () => {
    const { changes, live } = batch([e.slotStart('c1', 1), e.delta('c1', 0, 'old'), e.slotStart('c1', 500)]);
    expect(changes[0]).toMatchObject({ reset: false });
    expect(changes[2]).toEqual({ kind: 'slot', key: 'c1/t1/0', reset: true, append: null });
    expect(live.slots['c1/t1/0']?.text).toBe('');
  });

  it('reports a restart of a slot opened in an earlier batch as a reset', () => {
    const first = batch([e.slotStart('c1', 1), e.delta('c1', 0, 'old')]);
    const { changes } = applyBatch(first.live, [BattleEventSchema.parse(e.slotStart('c1', 500))]);
    expect(changes).toEqual([{ kind: 'slot', key: 'c1/t1/0', reset: true, append: null }]);
  });

  it('reports battle-level events as room changes', () => {
    expect(batch([e.start(0), e.stop(5), e.start(10)]).changes).toEqual([
      { kind: 'room' },
      { kind: 'room' },
      { kind: 'room' },
    ]);
  });

  it('returns the state it was given when the whole batch was already applied', () => {
    const first = batch([e.slotStart('c1'), e.delta('c1', 0, 'a')]);
    const again = applyBatch(first.live, first.applied);
    expect(again).toEqual({ live: first.live, applied: [], changes: [] });
    expect(again.live).toBe(first.live);
  });
});
