import {
  type ContestantView,
  isSealedContestant,
  isSealedResult,
  type LiveSlot,
  type LiveState,
  phaseOfStatus,
  type ResultError,
  type ResultView,
  type SlotPhase,
  slotKey,
} from '@ringside/shared';
import type { ReplayFrame } from '../../lib/replay.ts';

/**
 * What one contestant's column shows for the selected task: the replay frame while replaying,
 * the live slot while the battle streams (or until its stored result exists), else the stored
 * result. One place decides, so the view components only render.
 */
/** A live slot's phase, or `waiting` for a contestant that has not started the task. */
export type ColumnPhase = SlotPhase | 'waiting';

export interface Column {
  /** sealed (a letter) while the battle is blind to this reader (PRODUCT F13) */
  contestant: ContestantView;
  index: number;
  label: string;
  source: 'replay' | 'live' | 'stored' | 'none';
  phase: ColumnPhase;
  text: string;
  tokens: number | null;
  firstOffsetMs: number | null;
  lastOffsetMs: number | null;
  result: ResultView | null;
  live: LiveSlot | null;
  /** sealed results carry only the kind of an error */
  error: (Pick<ResultError, 'kind'> & { message?: string }) | null;
  /** the stored answer was withheld while the battle is blind: it names its model */
  withheld: boolean;
}

/**
 * The contestant's own label, else provider:model with the persona (the same model may enter
 * twice); a sealed contestant of a blind battle is its letter.
 */
export function contestantLabel(c: ContestantView): string {
  if (isSealedContestant(c)) return `Contestant ${c.label}`;
  if (c.label) return c.label;
  const base = `${c.provider}:${c.model}`;
  return c.persona ? `${base} (${c.persona.name})` : base;
}

export function buildColumns(
  battle: { contestants: readonly ContestantView[]; results: readonly ResultView[] },
  taskId: string | undefined,
  repeat: number,
  live: LiveState,
  replay: ReplayFrame | null,
): Column[] {
  return battle.contestants.map((contestant, index): Column => {
    const result =
      battle.results.find(
        (r) => r.contestantId === contestant.id && r.taskId === taskId && r.repeat === repeat,
      ) ?? null;
    const slot = taskId
      ? (live.slots[slotKey({ contestantId: contestant.id, taskId, repeat })] ?? null)
      : null;
    const withheld = result !== null && isSealedResult(result) && result.withheld;
    const base = { contestant, index, label: contestantLabel(contestant), result, live: slot, withheld };
    const frame = replay?.tracks.find((t) => t.key === contestant.id);
    if (replay && frame && result) {
      return {
        ...base,
        source: 'replay',
        phase: frame.done ? 'done' : frame.chunks > 0 ? 'streaming' : 'waiting',
        text: result.output.text.slice(0, frame.length),
        tokens: frame.chunks,
        firstOffsetMs: frame.firstOffsetMs,
        lastOffsetMs: frame.lastOffsetMs,
        error: frame.done ? result.error : null,
      };
    }
    if (slot && !result) {
      return {
        ...base,
        source: 'live',
        phase: slot.phase,
        text: slot.text,
        tokens: slot.tokens,
        firstOffsetMs: slot.firstOffsetMs,
        lastOffsetMs: slot.lastOffsetMs,
        error: slot.error,
      };
    }
    if (result) {
      return {
        ...base,
        source: 'stored',
        phase: phaseOfStatus(result.status),
        text: result.output.text,
        tokens: result.metrics.outputTokens,
        firstOffsetMs: result.metrics.ttftMs,
        lastOffsetMs: result.metrics.e2eMs,
        error: result.error,
      };
    }
    return {
      ...base,
      source: 'none',
      phase: 'waiting',
      text: '',
      tokens: null,
      firstOffsetMs: null,
      lastOffsetMs: null,
      error: null,
    };
  });
}
