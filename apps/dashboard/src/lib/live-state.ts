import {
  type BattleStartViewSchema,
  type Metrics,
  type ResultError,
  ViewerBatchSchema,
  type ViewerFrame,
} from '@ringside/shared';
import type { z } from 'zod';

/**
 * What the live battle view shows, folded from the viewer socket's frames (PRODUCT F16): the
 * snapshot replaces everything (a late joiner or a reconnect catches up from it), then each
 * event updates one slot. Pure: frames in, state out.
 */

export type SlotPhase = 'waiting' | 'loading' | 'streaming' | 'done' | 'error' | 'stopped';

export interface LiveSlot {
  contestantId: string;
  taskId: string;
  repeat: number;
  phase: SlotPhase;
  text: string;
  tokens: number;
  firstOffsetMs: number | null;
  lastOffsetMs: number | null;
  loadMs: number | null;
  metrics: Metrics | null;
  error: ResultError | null;
  /** the last token-delta `seq` applied (frames re-sent after a reconnect are skipped) */
  seq: number | null;
}

export interface LiveState {
  start: z.infer<typeof BattleStartViewSchema> | null;
  slots: Record<string, LiveSlot>;
  /** the slot that started most recently: what a live view follows */
  latest: string | null;
  ended: 'done' | 'failed' | 'stopped' | null;
}

export const EMPTY_LIVE: LiveState = { start: null, slots: {}, latest: null, ended: null };

export const slotKey = (contestantId: string, taskId: string, repeat = 0) =>
  `${contestantId}\u0000${taskId}\u0000${repeat}`;

function emptySlot(contestantId: string, taskId: string, repeat: number): LiveSlot {
  return {
    contestantId,
    taskId,
    repeat,
    phase: 'waiting',
    text: '',
    tokens: 0,
    firstOffsetMs: null,
    lastOffsetMs: null,
    loadMs: null,
    metrics: null,
    error: null,
    seq: null,
  };
}

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

export function reduceLive(state: LiveState, frame: ViewerFrame): LiveState {
  switch (frame.type) {
    case 'battle-snapshot': {
      const slots: Record<string, LiveSlot> = {};
      let latest: string | null = null;
      for (const s of frame.slots) {
        const key = slotKey(s.contestantId, s.taskId, s.repeat);
        slots[key] = { ...s, seq: null };
        if (s.phase === 'loading' || s.phase === 'streaming' || latest === null) latest = key;
      }
      return { start: frame.start, slots, latest, ended: frame.state === 'running' ? null : frame.state };
    }
    case 'battle-start':
      return { ...state, start: frame };
    case 'battle-end':
      return { ...state, ended: frame.state };
    case 'battle-stop':
      return { ...state, ended: 'stopped' };
    default:
      break;
  }
  const key = slotKey(frame.contestantId, frame.taskId, frame.repeat);
  const prev = state.slots[key] ?? emptySlot(frame.contestantId, frame.taskId, frame.repeat);
  let next: LiveSlot = prev;
  switch (frame.type) {
    case 'contestant-start':
      next = {
        ...emptySlot(frame.contestantId, frame.taskId, frame.repeat),
        phase: 'loading',
        loadMs: prev.loadMs,
      };
      break;
    case 'contestant-load':
      next = { ...prev, loadMs: frame.loadMs };
      break;
    case 'token-delta':
      if (prev.seq !== null && frame.seq <= prev.seq) return state;
      next = {
        ...prev,
        phase: 'streaming',
        text: prev.text + frame.text,
        tokens: prev.tokens + frame.tokens,
        firstOffsetMs: prev.firstOffsetMs ?? frame.offsetsMs[0] ?? null,
        lastOffsetMs: frame.offsetsMs.at(-1) ?? prev.lastOffsetMs,
        seq: frame.seq,
      };
      break;
    case 'result-end':
      next = {
        ...prev,
        phase: frame.status === 'ok' ? 'done' : frame.status === 'stopped' ? 'stopped' : 'error',
        metrics: frame.metrics,
        error: frame.error,
      };
      break;
    case 'contestant-error':
      next = { ...prev, error: frame.error };
      break;
  }
  const latest = frame.type === 'contestant-start' || state.latest === null ? key : state.latest;
  return { ...state, slots: { ...state.slots, [key]: next }, latest };
}

/** Applies one message's frames in order (a snapshot among them resets everything before it). */
export const reduceLiveBatch = (state: LiveState, frames: readonly ViewerFrame[]): LiveState =>
  frames.reduce(reduceLive, state);

/** Live decode rate from what streamed so far: (tokens − 1) / (last − first arrival). */
export function liveTokensPerSecond(
  s: Pick<LiveSlot, 'tokens' | 'firstOffsetMs' | 'lastOffsetMs'>,
): number | null {
  if (s.tokens < 2 || s.firstOffsetMs === null || s.lastOffsetMs === null) return null;
  const ms = s.lastOffsetMs - s.firstOffsetMs;
  return ms > 0 ? ((s.tokens - 1) * 1000) / ms : null;
}

/** Reconnect delay after `attempt` failures: 0.5 s doubling to at most 10 s, with ±20 % jitter. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(10_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}
