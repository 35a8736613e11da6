import type { BattleEvent, BattleSnapshotEvent, BattleStartView, SnapshotSlot } from '../events.ts';
import type { ResultStatus } from '../result.ts';

/**
 * The one fold of a battle's live events (PRODUCT F16): what the BattleRoom keeps (and sends a
 * late viewer as its snapshot), what the dashboard's live view shows and what the runner's
 * terminal view shows. Pure: `foldEvent` returns a new state, or the very same object when the
 * event changes nothing (a duplicate, or an event superseded by one already applied), so a caller
 * tells the two apart by identity.
 *
 * Each event means one thing, everywhere:
 * - `battle-start`: the battle's title, contestants and tasks; reopens an ended battle (resume).
 * - `contestant-start`: opens the slot (contestant × task × repeat) afresh in phase `loading`;
 *   a slot started again at another `at` (a restarted slot) loses what it had.
 * - `contestant-load`: the slot's load time; the phase stays.
 * - `token-delta`: appends text and tokens, tracks first and latest chunk offsets; a `loading`
 *   slot becomes `streaming`, a finished one keeps its phase.
 * - `contestant-error`: phase `error` with its error, unless the slot already has its result-end.
 * - `result-end`: the slot's last word: phase from its status (`ok` → `done`, `stopped` →
 *   `stopped`, `error` → `error`), its metrics and error; the load time from the metrics if no
 *   `contestant-load` gave one.
 * - `battle-end`: the battle is `done` or `failed`; `battle-stop`: it is `stopped`.
 *
 * A slot event whose `contestant-start` never arrived (a publisher that gave up on a batch) opens
 * its slot. Publishing is retried, so any event may arrive twice: a `token-delta` whose `seq` is
 * not above the slot's last is dropped, and so is any other event with the same type, slot and
 * `at` as the last one of its type applied.
 */

export type SlotPhase = SnapshotSlot['phase'];
export type LiveBattleState = BattleSnapshotEvent['state'];

export interface LiveSlot extends Readonly<SnapshotSlot> {
  /** `seq` of the last token-delta applied; -1 before the first (or when a snapshot left it out) */
  readonly lastSeq: number;
  /** `at` of the contestant-start that opened this run of the slot */
  readonly startAt: string | null;
  /** `at` of the last load, error and result-end applied, to drop their duplicates */
  readonly seen: { readonly load?: string; readonly error?: string; readonly end?: string };
}

export interface LiveState {
  /** the battle-start event; a sealed viewer's snapshot carries its view (contestants as letters) */
  readonly start: BattleStartView | null;
  readonly state: LiveBattleState;
  /** `at` of the battle-end or battle-stop that ended the battle */
  readonly endAt: string | null;
  /** by `slotKey`, in order of first appearance */
  readonly slots: Readonly<Record<string, LiveSlot>>;
}

export const EMPTY_LIVE_STATE: LiveState = Object.freeze({
  start: null,
  state: 'running',
  endAt: null,
  slots: Object.freeze({}),
});

export const isLiveEnded = (state: LiveState): boolean => state.state !== 'running';

/**
 * `/` cannot occur in ids (IdSchema), so the key is unambiguous, and it is never an array index,
 * so an object keyed by it keeps its insertion order.
 */
export const slotKey = (s: { contestantId: string; taskId: string; repeat: number }): string =>
  `${s.contestantId}/${s.taskId}/${s.repeat}`;

export const phaseOfStatus = (status: ResultStatus): SlotPhase =>
  status === 'ok' ? 'done' : status === 'stopped' ? 'stopped' : 'error';

export const foldEvent = (state: LiveState, e: BattleEvent): LiveState => foldEvents(state, [e]);

/**
 * Folds `events` in order; `onApplied` is called with each one that changed the state. The
 * slots are copied once per call, not once per event: a room with hundreds of slots folds a
 * published batch for the price of one copy.
 */
export function foldEvents(
  state: LiveState,
  events: readonly BattleEvent[],
  onApplied?: (e: BattleEvent) => void,
): LiveState {
  let next = state;
  // a copy of the slots made by this call, so it may be written to: never the caller's
  let own: Record<string, LiveSlot> | null = null;
  for (const e of events) {
    if (e.type === 'battle-start' || e.type === 'battle-end' || e.type === 'battle-stop') {
      const folded = foldBattle(next, e);
      if (folded === next) continue;
      next = folded;
    } else {
      const key = slotKey(e);
      const prev = next.slots[key];
      const slot = foldSlot(prev, e);
      if (slot === prev) continue;
      if (own === null) {
        own = { ...next.slots };
        next = { ...next, slots: own };
      }
      own[key] = slot;
    }
    onApplied?.(e);
  }
  return next;
}

type BattleLevelEvent = Extract<BattleEvent, { type: 'battle-start' | 'battle-end' | 'battle-stop' }>;

function foldBattle(state: LiveState, e: BattleLevelEvent): LiveState {
  if (e.type === 'battle-start') {
    if (state.start?.at === e.at) return state;
    return { ...state, start: e, state: 'running', endAt: null };
  }
  if (state.endAt === e.at) return state;
  return { ...state, state: e.type === 'battle-stop' ? 'stopped' : e.state, endAt: e.at };
}

type SlotEvent = Exclude<BattleEvent, BattleLevelEvent>;

function foldSlot(prev: LiveSlot | undefined, e: SlotEvent): LiveSlot {
  if (e.type === 'contestant-start') return prev?.startAt === e.at ? prev : openSlot(e, e.at);
  const slot = prev ?? openSlot(e, null);
  switch (e.type) {
    case 'contestant-load':
      if (slot.seen.load === e.at) return slot;
      return { ...slot, loadMs: e.loadMs, seen: { ...slot.seen, load: e.at } };
    case 'token-delta':
      if (e.seq <= slot.lastSeq) return slot;
      return {
        ...slot,
        phase: slot.phase === 'loading' ? 'streaming' : slot.phase,
        text: slot.text + e.text,
        tokens: slot.tokens + e.tokens,
        firstOffsetMs: slot.firstOffsetMs ?? e.offsetsMs[0] ?? null,
        lastOffsetMs: e.offsetsMs.at(-1) ?? slot.lastOffsetMs,
        lastSeq: e.seq,
      };
    case 'contestant-error':
      // metrics are set by result-end only: once there, it has the last word.
      if (slot.seen.error === e.at || slot.metrics !== null) return slot;
      return { ...slot, phase: 'error', error: e.error, seen: { ...slot.seen, error: e.at } };
    case 'result-end':
      if (slot.seen.end === e.at) return slot;
      return {
        ...slot,
        phase: phaseOfStatus(e.status),
        metrics: e.metrics,
        error: e.error,
        loadMs: slot.loadMs ?? e.metrics.loadMs,
        seen: { ...slot.seen, end: e.at },
      };
  }
}

function openSlot(e: SlotEvent, startAt: string | null): LiveSlot {
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
