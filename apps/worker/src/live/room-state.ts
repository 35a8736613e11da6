import type { BattleEvent, BattleSnapshotEvent, SnapshotSlot } from '@ringside/shared';

/**
 * A battle's live state so far, folded from its events: what a late viewer gets as its
 * `battle-snapshot`. Pure: the room persists the changes `applyEvent` reports.
 *
 * Publishing is retried after network errors, so every event may arrive twice. Duplicates are
 * recognised and dropped here: a `token-delta` by its per-slot `seq`, every other event by its
 * type, slot and `at` (a runner that restarts a slot sends a new `contestant-start` with a new
 * `at`, which resets the slot).
 */
export type BattleStartEvent = Extract<BattleEvent, { type: 'battle-start' }>;
export type RoomPhase = BattleSnapshotEvent['state'];

export interface SlotState extends SnapshotSlot {
  /** `seq` of the last token-delta applied; -1 before the first */
  lastSeq: number;
  /** `at` of the contestant-start that opened this run of the slot */
  startAt: string | null;
  /** `at` of the last load, error and result-end applied, to drop their duplicates */
  seen: { load?: string; error?: string; end?: string };
}

export interface RoomState {
  battleId: string;
  start: BattleStartEvent | null;
  state: RoomPhase;
  /** `at` of the battle-end or battle-stop that ended the battle */
  endAt: string | null;
  /** in order of first appearance */
  slots: Map<string, SlotState>;
}

/** What an applied event changed, for the store. */
export type Change =
  | { kind: 'room' }
  | { kind: 'slot'; key: string; reset: boolean; append: { seq: number; text: string } | null };

export const emptyRoom = (battleId: string): RoomState => ({
  battleId,
  start: null,
  state: 'running',
  endAt: null,
  slots: new Map(),
});

export const isEnded = (room: RoomState) => room.state !== 'running';

/** `/` cannot occur in ids (IdSchema), so the key is unambiguous. */
export const slotKey = (e: { contestantId: string; taskId: string; repeat: number }) =>
  `${e.contestantId}/${e.taskId}/${e.repeat}`;

function newSlot(
  e: { contestantId: string; taskId: string; repeat: number },
  startAt: string | null,
): SlotState {
  return {
    contestantId: e.contestantId,
    taskId: e.taskId,
    repeat: e.repeat,
    phase: 'loading',
    text: '',
    tokens: 0,
    firstOffsetMs: null,
    lastOffsetMs: null,
    loadMs: null,
    metrics: null,
    error: null,
    lastSeq: -1,
    startAt,
    seen: {},
  };
}

/** Applies `e` to `room` in place; returns what changed, or null for a duplicate. */
export function applyEvent(room: RoomState, e: BattleEvent): Change | null {
  switch (e.type) {
    case 'battle-start':
      if (room.start?.at === e.at) return null;
      room.start = e;
      // A stopped battle can be resumed: a new battle-start reopens the room.
      room.state = 'running';
      room.endAt = null;
      return { kind: 'room' };
    case 'battle-end':
    case 'battle-stop':
      if (room.endAt === e.at) return null;
      room.state = e.type === 'battle-stop' ? 'stopped' : e.state;
      room.endAt = e.at;
      return { kind: 'room' };
    default:
      return applySlotEvent(room, e);
  }
}

type SlotEvent = Exclude<BattleEvent, { type: 'battle-start' | 'battle-end' | 'battle-stop' }>;

function applySlotEvent(room: RoomState, e: SlotEvent): Change | null {
  const key = slotKey(e);
  const existing = room.slots.get(key);
  if (e.type === 'contestant-start') {
    if (existing?.startAt === e.at) return null;
    room.slots.set(key, newSlot(e, e.at));
    return { kind: 'slot', key, reset: existing !== undefined, append: null };
  }
  // Its contestant-start may have been dropped by a publisher that lost its connection.
  const slot = existing ?? newSlot(e, null);
  if (!existing) room.slots.set(key, slot);
  const change: Change = { kind: 'slot', key, reset: false, append: null };
  switch (e.type) {
    case 'contestant-load':
      if (slot.seen.load === e.at) return null;
      slot.seen.load = e.at;
      slot.loadMs = e.loadMs;
      return change;
    case 'token-delta': {
      if (e.seq <= slot.lastSeq) return null;
      slot.lastSeq = e.seq;
      slot.text += e.text;
      slot.tokens += e.tokens;
      slot.firstOffsetMs ??= e.offsetsMs[0] ?? null;
      slot.lastOffsetMs = e.offsetsMs.at(-1) ?? slot.lastOffsetMs;
      if (slot.phase === 'loading') slot.phase = 'streaming';
      change.append = { seq: e.seq, text: e.text };
      return change;
    }
    case 'contestant-error':
      if (slot.seen.error === e.at) return null;
      slot.seen.error = e.at;
      slot.error = e.error;
      slot.phase = 'error';
      return change;
    case 'result-end':
      if (slot.seen.end === e.at) return null;
      slot.seen.end = e.at;
      slot.metrics = e.metrics;
      slot.error = e.error;
      slot.loadMs ??= e.metrics.loadMs;
      slot.phase = e.status === 'ok' ? 'done' : e.status === 'stopped' ? 'stopped' : 'error';
      return change;
  }
}

export function toSnapshot(room: RoomState, at: Date = new Date()): BattleSnapshotEvent {
  return {
    type: 'battle-snapshot',
    battleId: room.battleId,
    at: at.toISOString(),
    start: room.start,
    state: room.state,
    slots: [...room.slots.values()].map(
      ({ lastSeq: _seq, startAt: _start, seen: _seen, ...slot }): SnapshotSlot => slot,
    ),
    sealed: false,
  };
}
