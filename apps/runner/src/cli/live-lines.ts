import type { Contestant, LiveSlot, LiveState, SlotPhase } from '@ringside/shared';

/**
 * The terminal view's rows: one per contestant, read off the shared live fold (the same state
 * the dashboard shows). Pure: state in, lines out.
 */
export interface ContestantLine {
  contestant: Contestant;
  /** `waiting` until the contestant's first slot starts */
  phase: SlotPhase | 'waiting';
  /** the contestant's newest slot: task id and repeat */
  taskId: string | null;
  repeat: number;
  tokens: number;
  firstOffsetMs: number | null;
  lastOffsetMs: number | null;
  loadMs: number | null;
  /** the contestant's slots that have their result-end, in order of start */
  finished: LiveSlot[];
}

export function contestantLines(contestants: readonly Contestant[], live: LiveState): ContestantLine[] {
  const slots = Object.values(live.slots);
  return contestants.map((contestant): ContestantLine => {
    const own = slots.filter((s) => s.contestantId === contestant.id);
    const finished = own.filter((s) => s.metrics !== null);
    const current = own.at(-1);
    if (!current) {
      return {
        contestant,
        phase: 'waiting',
        taskId: null,
        repeat: 0,
        tokens: 0,
        firstOffsetMs: null,
        lastOffsetMs: null,
        loadMs: null,
        finished,
      };
    }
    const { phase, taskId, repeat, tokens, firstOffsetMs, lastOffsetMs, loadMs } = current;
    return { contestant, phase, taskId, repeat, tokens, firstOffsetMs, lastOffsetMs, loadMs, finished };
  });
}
