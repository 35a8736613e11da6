/**
 * What a reader gets of battles and results (PRODUCT F13): in full, or sealed while the battle is
 * blind and the reader is neither its owner nor an admin (arena/seal.ts, arena/seal-view.ts); and
 * token names for admins only. Every read that serves battles or results goes through here.
 */
import type { Battle, BattleView, ResultView, StoredResult } from '@ringside/shared';
import { inArray } from 'drizzle-orm';
import { type BattleSeal, isBlind, isHiddenFrom, type Viewer } from '../arena/seal.ts';
import { sealBattle, sealResult } from '../arena/seal-view.ts';
import { withoutJudgeName } from '../auth/token-names.ts';
import type { Db } from '../db/client.ts';
import { battles } from '../db/schema.ts';
import { iso } from '../lib/cache.ts';
import { chunk, D1_MAX_PARAMS } from '../lib/chunks.ts';
import { loadBattles } from './battles.ts';

/** The blind-voting columns of battles, by id. */
export async function loadSeals(db: Db, ids: readonly string[]): Promise<Map<string, BattleSeal>> {
  const out = new Map<string, BattleSeal>();
  for (const part of chunk([...new Set(ids)], D1_MAX_PARAMS - 1)) {
    const rows = await db
      .select({ id: battles.id, revealedAt: battles.revealedAt, ownerTokenId: battles.ownerTokenId })
      .from(battles)
      .where(inArray(battles.id, part));
    for (const { id, ...seal } of rows) out.set(id, seal);
  }
  return out;
}

export const sealInfo = (seal: BattleSeal, now: number) =>
  isBlind(seal, now) ? { revealAt: iso(seal.revealedAt) } : null;

/** One battle for this reader; `seal` from `loadSeals`. */
export function viewBattle(b: Battle, seal: BattleSeal | undefined, viewer: Viewer): BattleView {
  const s = seal ?? { revealedAt: null, ownerTokenId: null };
  const info = sealInfo(s, viewer.now);
  return isHiddenFrom(viewer, s) && info ? sealBattle(b, info) : { ...b, sealed: info };
}

export async function viewBattles(db: Db, list: readonly Battle[], viewer: Viewer): Promise<BattleView[]> {
  const seals = await loadSeals(
    db,
    list.map((b) => b.id),
  );
  return list.map((b) => viewBattle(b, seals.get(b.id), viewer));
}

/** One result for this reader, given whether its battle is hidden and the battle's contestants. */
export function viewResult(
  r: StoredResult,
  hiddenIn: Battle['contestants'] | null,
  viewer: Viewer,
): ResultView {
  if (hiddenIn) return sealResult(r, hiddenIn);
  return viewer.admin ? r : { ...r, evaluations: r.evaluations.map((e) => withoutJudgeName(e, viewer)) };
}

export async function viewResults(
  db: Db,
  list: readonly StoredResult[],
  viewer: Viewer,
): Promise<ResultView[]> {
  if (list.length === 0) return [];
  const seals = await loadSeals(
    db,
    list.map((r) => r.battleId),
  );
  const hidden = [...seals].filter(([, s]) => isHiddenFrom(viewer, s)).map(([id]) => id);
  const contestantsOf: Map<string, Battle> = hidden.length > 0 ? await loadBattles(db, hidden) : new Map();
  return list.map((r) => {
    const b = contestantsOf.get(r.battleId);
    // A battle that is hidden but gone meanwhile: seal against no contestants rather than show it.
    const hiddenIn = hidden.includes(r.battleId) ? (b?.contestants ?? []) : null;
    return viewResult(r, hiddenIn, viewer);
  });
}
