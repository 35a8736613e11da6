import {
  type BattleEvent,
  foldEvents,
  fromSnapshot,
  type LiveSlot,
  type LiveState,
  ViewerBatchSchema,
  type ViewerFrame,
} from '@ringside/shared';

/**
 * The live battle view's side of the viewer socket (PRODUCT F16): its messages, and the shared
 * live fold (`@ringside/shared` `foldEvent`) on top of the room's snapshot: a snapshot replaces
 * everything (a late joiner or a reconnect catches up from it), then each event is folded in.
 * Pure: frames in, state out.
 */

/**
 * One message of the batch-mode viewer socket (`?batch=1`): a JSON array of frames, applied in
 * order; the bare text `pong` answers our `ping`. Anything else is `invalid` (counted, ignored).
 */
export type LiveMessage = { kind: 'frames'; frames: ViewerFrame[] } | { kind: 'pong' } | { kind: 'invalid' };

export function parseMessage(data: unknown): LiveMessage {
  if (data === 'pong') return { kind: 'pong' };
  if (typeof data !== 'string') return { kind: 'invalid' };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { kind: 'invalid' };
  }
  const parsed = ViewerBatchSchema.safeParse(json);
  return parsed.success ? { kind: 'frames', frames: parsed.data } : { kind: 'invalid' };
}

/** Whether a frame means the battle is over (the room then closes with 1000). */
export const isEndFrame = (frame: ViewerFrame) =>
  frame.type === 'battle-end' ||
  frame.type === 'battle-stop' ||
  (frame.type === 'battle-snapshot' && frame.state !== 'running');

/**
 * What to do when the socket closes: `done` once the battle ended (the stored battle is the
 * truth from then on), `resync` at once on 4001 (the room dropped a viewer that fell behind; the
 * next connect's snapshot catches it up), else `backoff` (network drop, restart, failed send).
 */
export function closeAction(code: number, ended: boolean): 'done' | 'resync' | 'backoff' {
  if (ended) return 'done';
  if (code === 4001) return 'resync';
  return 'backoff';
}

export const reduceLive = (state: LiveState, frame: ViewerFrame): LiveState =>
  reduceLiveBatch(state, [frame]);

/** Applies one message's frames in order (a snapshot among them replaces everything before it). */
export function reduceLiveBatch(state: LiveState, frames: readonly ViewerFrame[]): LiveState {
  const i = frames.findLastIndex((f) => f.type === 'battle-snapshot');
  const last = frames[i];
  const base = last?.type === 'battle-snapshot' ? fromSnapshot(last) : state;
  const events = frames.slice(i + 1).filter((f): f is BattleEvent => f.type !== 'battle-snapshot');
  return foldEvents(base, events);
}

/**
 * The slot a live view follows: the newest one still loading or streaming, else the newest
 * (slots are kept in order of first appearance).
 */
export function followedSlot(state: LiveState): LiveSlot | null {
  const slots = Object.values(state.slots);
  return slots.findLast((s) => s.phase === 'loading' || s.phase === 'streaming') ?? slots.at(-1) ?? null;
}

/** Reconnect delay after `attempt` failures: 0.5 s doubling to at most 10 s, with ±20 % jitter. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(10_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}
