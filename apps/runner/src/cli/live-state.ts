import type { BattleEvent, Contestant, Metrics } from '@ringside/shared';

/**
 * What the live terminal view shows, folded from the same battle events the dashboard receives
 * (issue 4: one event schema for both). Pure: events in, state out.
 */
export type SlotPhase = 'waiting' | 'loading' | 'streaming' | 'done' | 'error' | 'stopped';

export interface ContestantLine {
  contestant: Contestant;
  phase: SlotPhase;
  /** the slot currently running or last finished: task id and repeat */
  taskId: string | null;
  repeat: number;
  tokens: number;
  firstOffsetMs: number | null;
  lastOffsetMs: number | null;
  loadMs: number | null;
  finished: { metrics: Metrics; status: string; error: string | null }[];
}

export interface LiveState {
  title: string;
  lines: Map<string, ContestantLine>;
  ended: 'done' | 'failed' | 'stopped' | null;
}

export function initialState(title: string, contestants: readonly Contestant[]): LiveState {
  const lines = new Map<string, ContestantLine>();
  for (const c of contestants) {
    lines.set(c.id, {
      contestant: c,
      phase: 'waiting',
      taskId: null,
      repeat: 0,
      tokens: 0,
      firstOffsetMs: null,
      lastOffsetMs: null,
      loadMs: null,
      finished: [],
    });
  }
  return { title, lines, ended: null };
}

export function reduce(state: LiveState, e: BattleEvent): LiveState {
  if (e.type === 'battle-end') return { ...state, ended: e.state };
  if (e.type === 'battle-stop') return { ...state, ended: 'stopped' };
  if (e.type === 'battle-start') return state;
  const line = state.lines.get(e.contestantId);
  if (!line) return state;
  const next: ContestantLine = { ...line };
  switch (e.type) {
    case 'contestant-start':
      Object.assign(next, {
        phase: 'loading',
        taskId: e.taskId,
        repeat: e.repeat,
        tokens: 0,
        firstOffsetMs: null,
        lastOffsetMs: null,
      });
      break;
    case 'contestant-load':
      next.loadMs = e.loadMs;
      break;
    case 'token-delta':
      next.phase = 'streaming';
      next.tokens += e.tokens;
      next.firstOffsetMs ??= e.offsetsMs[0] ?? null;
      next.lastOffsetMs = e.offsetsMs.at(-1) ?? next.lastOffsetMs;
      break;
    case 'result-end':
      next.phase = e.status === 'ok' ? 'done' : e.status === 'stopped' ? 'stopped' : 'error';
      next.finished = [
        ...line.finished,
        { metrics: e.metrics, status: e.status, error: e.error?.message ?? null },
      ];
      break;
    case 'contestant-error':
      break;
  }
  const lines = new Map(state.lines);
  lines.set(e.contestantId, next);
  return { ...state, lines };
}

/** Live decode rate from what has streamed so far: (chunks − 1) / (last − first). */
export function liveTokensPerSecond(line: ContestantLine): number | null {
  if (line.tokens < 2 || line.firstOffsetMs === null || line.lastOffsetMs === null) return null;
  const ms = line.lastOffsetMs - line.firstOffsetMs;
  return ms > 0 ? ((line.tokens - 1) * 1000) / ms : null;
}
