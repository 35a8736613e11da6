import { type BattleEvent, type BattleEventInput, BattleEventSchema } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { liveEvents } from './live-test-helpers.ts';
import { applyEvent, emptyRoom, toSnapshot } from './room-state.ts';

const e = liveEvents('b1');
const parse = (x: BattleEventInput): BattleEvent => BattleEventSchema.parse(x);

function fold(events: BattleEventInput[]) {
  const room = emptyRoom('b1');
  const changes = events.map((x) => applyEvent(room, parse(x)));
  return { room, changes };
}

describe('applyEvent', () => {
  it('appends deltas to their slot and tracks tokens, first and last offsets and phase', () => {
    const { room } = fold([e.slotStart('c1'), e.delta('c1', 0, 'Wa', 12), e.delta('c1', 1, 'ves', 40)]);
    expect(toSnapshot(room).slots).toEqual([
      expect.objectContaining({
        text: 'Waves',
        tokens: 2,
        firstOffsetMs: 12,
        lastOffsetMs: 40,
        phase: 'streaming',
      }),
    ]);
  });

  it('drops a delta whose seq it has already applied, and any other event seen at the same time', () => {
    const { changes } = fold([
      e.slotStart('c1'),
      e.delta('c1', 0, 'a'),
      e.delta('c1', 0, 'a'),
      e.resultEnd('c1'),
      e.resultEnd('c1'),
      e.slotStart('c1'),
      e.end(),
      e.end(),
    ]);
    expect(changes.map((c) => c !== null)).toEqual([true, true, false, true, false, false, true, false]);
  });

  it('resets a slot that is started again at another time (a restarted slot)', () => {
    const { room, changes } = fold([e.slotStart('c1', 1), e.delta('c1', 0, 'old'), e.slotStart('c1', 500)]);
    expect(changes[2]).toEqual({ kind: 'slot', key: 'c1/t1/0', reset: true, append: null });
    expect(toSnapshot(room).slots[0]).toMatchObject({ text: '', tokens: 0, phase: 'loading' });
    expect(room.slots.get('c1/t1/0')?.lastSeq).toBe(-1);
  });

  it('creates a slot for a delta whose contestant-start was lost', () => {
    const { room } = fold([e.delta('c2', 3, 'late')]);
    expect(toSnapshot(room).slots).toEqual([expect.objectContaining({ contestantId: 'c2', text: 'late' })]);
  });

  it('ends with the battle-end state, or stopped, and a new battle-start reopens', () => {
    expect(fold([e.end()]).room.state).toBe('done');
    expect(fold([e.stop()]).room.state).toBe('stopped');
    expect(fold([e.start(0), e.stop(5), e.start(10)]).room.state).toBe('running');
  });

  it('maps result-end status to the slot phase and keeps its metrics', () => {
    const { room } = fold([e.slotStart('c1'), e.resultEnd('c1')]);
    expect(toSnapshot(room).slots[0]).toMatchObject({ phase: 'done', metrics: { e2eMs: 200 } });
  });
});
