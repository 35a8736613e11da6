import { type BattleEvent, EMPTY_LIVE_STATE, foldEvents, type LiveState, slotKey } from '@ringside/shared';

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
  const applied: BattleEvent[] = [];
  const changes: Change[] = [];
  // slots opened earlier in this batch: started again, they too are a reset
  const opened = new Set<string>();
  const next = foldEvents(live, events, (e) => {
    applied.push(e);
    if (e.type === 'battle-start' || e.type === 'battle-end' || e.type === 'battle-stop') {
      changes.push({ kind: 'room' });
      return;
    }
    const key = slotKey(e);
    changes.push({
      kind: 'slot',
      key,
      // A slot started again loses its text: the store drops the rows it had.
      reset: e.type === 'contestant-start' && (Object.hasOwn(live.slots, key) || opened.has(key)),
      append: e.type === 'token-delta' ? { seq: e.seq, text: e.text } : null,
    });
    opened.add(key);
  });
  return { live: next, applied, changes };
}
