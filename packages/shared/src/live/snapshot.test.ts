import { describe, expect, it } from 'vitest';
import { liveEvents } from '../../test/live-events.ts';
import { BattleSnapshotEventSchema } from '../events.ts';
import { EMPTY_LIVE_STATE, foldEvent, foldEvents } from './fold.ts';
import { fromSnapshot, toSnapshot } from './snapshot.ts';

const e = liveEvents('b1');
const now = new Date(Date.UTC(2026, 10, 22, 2));

describe('toSnapshot', () => {
  it('is a valid battle-snapshot of the state so far, slots in order, without the duplicate bookkeeping', () => {
    const s = foldEvents(EMPTY_LIVE_STATE, [
      e.start(),
      e.slotStart('c2'),
      e.slotStart('c1'),
      e.delta('c1', 0, 'Wa', [12]),
      e.resultEnd('c2'),
    ]);
    const snap = toSnapshot(s, 'b1', now);
    expect(BattleSnapshotEventSchema.parse(snap)).toEqual(snap);
    expect(snap).toMatchObject({
      type: 'battle-snapshot',
      battleId: 'b1',
      at: now.toISOString(),
      state: 'running',
    });
    expect(snap.start?.title).toBe('Haiku about the sea');
    expect(snap.slots.map((x) => [x.contestantId, x.phase, x.text])).toEqual([
      ['c2', 'done', ''],
      ['c1', 'streaming', 'Wa'],
    ]);
    expect(Object.keys(snap.slots[0]!)).not.toContain('lastSeq');
  });
});

describe('fromSnapshot', () => {
  it('gives back the state the snapshot was taken of, less what the snapshot leaves out', () => {
    const s = foldEvents(EMPTY_LIVE_STATE, [e.start(), e.slotStart('c1'), e.delta('c1', 0, 'Wa'), e.stop()]);
    const back = fromSnapshot(toSnapshot(s, 'b1', now));
    expect(back).toEqual({
      ...s,
      endAt: null,
      slots: { 'c1/t1/0': { ...s.slots['c1/t1/0'], lastSeq: -1, startAt: null, seen: {} } },
    });
  });

  it('lets the events after the snapshot continue it', () => {
    const s = foldEvents(EMPTY_LIVE_STATE, [e.slotStart('c1'), e.delta('c1', 0, 'So far', [50])]);
    const back = fromSnapshot(toSnapshot(s, 'b1', now));
    const next = foldEvents(back, [e.delta('c1', 7, '!', [95]), e.resultEnd('c1')]);
    expect(next.slots['c1/t1/0']).toMatchObject({
      text: 'So far!',
      firstOffsetMs: 50,
      lastOffsetMs: 95,
      phase: 'done',
    });
    expect(foldEvent(next, e.resultEnd('c1'))).toBe(next);
  });
});
