import { type BattleEvent, EMPTY_LIVE_STATE, foldEvent, type LiveState, slotKey } from '@ringside/shared';

/**
 * A battle room's state: the shared live fold of its events (`@ringside/shared` `foldEvent`, which
 * also drops duplicates), and what the room's store needs from each batch to persist it.
 */
export interface RoomState {
  readonly battleId: string;
  live: LiveState;
}

/** What an applied event changed, for the store. */
export type Change =
  | { kind: 'room' }
  | { kind: 'slot'; key: string; reset: boolean; append: { seq: number; text: string } | null };

export interface AppliedBatch {
  live: LiveState;
  /** the events that changed the state, in order: what viewers are sent */
  applied: BattleEvent[];
  /** one per applied event */
  changes: Change[];
}

export const emptyRoom = (battleId: string): RoomState => ({ battleId, live: EMPTY_LIVE_STATE });

/**
 * Folds a published batch. Publishing is retried after network errors, so every event may arrive
 * twice: an event the fold leaves the state unchanged by is a duplicate, neither sent nor stored.
 */
export function applyBatch(live: LiveState, events: readonly BattleEvent[]): AppliedBatch {
  const out: AppliedBatch = { live, applied: [], changes: [] };
  for (const e of events) {
    const next = foldEvent(out.live, e);
    if (next === out.live) continue;
    out.changes.push(changeOf(out.live, e));
    out.applied.push(e);
    out.live = next;
  }
  return out;
}

function changeOf(before: LiveState, e: BattleEvent): Change {
  if (e.type === 'battle-start' || e.type === 'battle-end' || e.type === 'battle-stop')
    return { kind: 'room' };
  const key = slotKey(e);
  return {
    kind: 'slot',
    key,
    // A slot started again loses its text: the store drops the rows it had.
    reset: e.type === 'contestant-start' && Object.hasOwn(before.slots, key),
    append: e.type === 'token-delta' ? { seq: e.seq, text: e.text } : null,
  };
}
