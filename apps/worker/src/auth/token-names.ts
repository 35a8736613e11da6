/**
 * Token names say who wrote something (`setBy` of a winner override, `createdBy` of a suite, `by`
 * in an owner's judgement). They name people and machines, so only admins see them.
 */
import type { Evaluation } from '@ringside/shared';
import type { Viewer } from '../arena/seal.ts';

export function withoutSetBy<T extends { setBy: string | null }>(o: T, viewer: Viewer): T {
  return viewer.admin ? o : { ...o, setBy: null };
}

export function withoutCreatedBy<T extends { createdBy: string | null }>(o: T, viewer: Viewer): T {
  return viewer.admin ? o : { ...o, createdBy: null };
}

/** An owner's judgement keeps its thumbs, stars and note, without the token name in `details.by`. */
export function withoutJudgeName(e: Evaluation, viewer: Viewer): Evaluation {
  if (viewer.admin || e.source !== 'owner' || !e.details || !('by' in e.details)) return e;
  const { by: _by, ...details } = e.details;
  return { ...e, details };
}
