import type { BattleSnapshotEvent, SnapshotSlot } from '../events.ts';
import { type LiveSlot, type LiveState, slotKey } from './fold.ts';

/**
 * The live state as a `battle-snapshot` frame and back: what the room sends a viewer that joins
 * late or resyncs, and what the viewer folds further events onto. The snapshot leaves out the
 * bookkeeping used to drop duplicates (`lastSeq`, `startAt`, `seen`, `endAt`), so after it any
 * next delta is taken; the room only sends frames it applied after the snapshot was taken.
 */
export function toSnapshot(state: LiveState, battleId: string, at: Date = new Date()): BattleSnapshotEvent {
  return {
    type: 'battle-snapshot',
    battleId,
    at: at.toISOString(),
    start: state.start,
    state: state.state,
    slots: Object.values(state.slots).map(
      ({ lastSeq: _seq, startAt: _start, seen: _seen, ...slot }): SnapshotSlot => slot,
    ),
  };
}

export function fromSnapshot(snapshot: BattleSnapshotEvent): LiveState {
  const slots: Record<string, LiveSlot> = {};
  for (const s of snapshot.slots) {
    slots[slotKey(s)] = { ...s, lastSeq: -1, startAt: null, seen: {} };
  }
  return { start: snapshot.start, state: snapshot.state, endAt: null, slots };
}
