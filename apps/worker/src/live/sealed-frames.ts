/**
 * What a viewer of a blind battle gets live (PRODUCT F13, README "Blind votes") when it is neither
 * the battle's owner nor an admin: contestants as letters, each slot's progress and speed, but no
 * text. Text cannot be taken back once streamed, and an answer that names its model would name
 * its letter, and so every answer of that contestant in the voting pool. Pure.
 */
import type { BattleSnapshotEvent, Contestant, ResultError, ViewerFrame } from '@ringside/shared';
import { coarseMetrics } from '../arena/coarse.ts';
import { lettersOf, sealContestants, sealedTitle } from '../arena/seal-view.ts';

type Start = Extract<ViewerFrame, { type: 'battle-start' }>;

const scrub = (e: ResultError): ResultError => ({ kind: e.kind, message: '', retryable: e.retryable });

/** Letters by the contestants' order in `battle-start` (their positions); unknown ids get '?'. */
export function sealLetters(start: { contestants: readonly Pick<Contestant, 'id'>[] } | null) {
  const letters = lettersOf(start?.contestants ?? []);
  return (id: string) => letters.get(id) ?? '?';
}

function sealStart(start: Start): Start {
  const full = start.contestants.filter((c): c is Contestant => !('sealed' in c));
  return { ...start, title: sealedTitle(start.title, full), contestants: sealContestants(start.contestants) };
}

/** One live frame for a sealed viewer, or null when it is not sent at all (a model's load time tells its size). */
export function sealFrame(frame: ViewerFrame, letterOf: (id: string) => string): ViewerFrame | null {
  switch (frame.type) {
    case 'battle-snapshot':
      return sealSnapshot(frame, letterOf);
    case 'battle-start':
      return sealStart(frame);
    case 'contestant-load':
      return null;
    case 'contestant-start':
      return { ...frame, contestantId: letterOf(frame.contestantId) };
    case 'token-delta':
      return { ...frame, contestantId: letterOf(frame.contestantId), text: '', chars: [] };
    case 'result-end':
      return {
        ...frame,
        contestantId: letterOf(frame.contestantId),
        metrics: coarseMetrics(frame.metrics),
        error: frame.error ? scrub(frame.error) : null,
      };
    case 'contestant-error':
      return { ...frame, contestantId: letterOf(frame.contestantId), error: scrub(frame.error) };
    case 'battle-stop': {
      const { reason: _reason, ...rest } = frame;
      return rest;
    }
    case 'battle-end':
      return frame;
  }
}

export function sealSnapshot(s: BattleSnapshotEvent, letterOf: (id: string) => string): BattleSnapshotEvent {
  return {
    ...s,
    start: s.start ? sealStart(s.start) : null,
    slots: s.slots.map((slot) => ({
      ...slot,
      contestantId: letterOf(slot.contestantId),
      text: '',
      loadMs: null,
      metrics: slot.metrics ? coarseMetrics(slot.metrics) : null,
      error: slot.error ? scrub(slot.error) : null,
    })),
    sealed: true,
  };
}
