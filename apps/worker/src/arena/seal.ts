/**
 * Blind battles (PRODUCT F13, README "Blind votes"): which battles a reader sees sealed. A battle
 * is blind while `battles.revealed_at` is null or in the future; a blind battle is hidden from
 * every reader except its owner (the token that created it) and admins. The rules are written
 * once, as SQL text over a battle row, so every query (drizzle or prepared D1) uses the same one.
 */
import { type Contestant, contestantKey } from '@ringside/shared';

/** Who reads, and when: the token's id (null without one), whether it is an admin, the request time. */
export type Viewer = { tokenId: string | null; admin: boolean; now: number };

export const ANONYMOUS_VIEWER_FIELDS = { tokenId: null, admin: false } as const;

/** A reader without a token: what the public sees, and what the leaderboard is computed from. */
export const publicViewer = (now: number): Viewer => ({ ...ANONYMOUS_VIEWER_FIELDS, now });

/** A reader who sees everything (admin tools, tests). */
export const adminViewer = (now: number): Viewer => ({ tokenId: null, admin: true, now });

/** What a battle row carries for these rules. */
export type BattleSeal = { revealedAt: number | null; ownerTokenId: string | null };

/** Only the arena may pool a runner battle of two or more contestant keys: the others are never blind. */
export function canBeBlind(b: {
  origin: string;
  contestants: readonly Pick<Contestant, 'provider' | 'model' | 'persona'>[];
}): boolean {
  return b.origin === 'runner' && new Set(b.contestants.map(contestantKey)).size >= 2;
}

export const isBlind = (s: Pick<BattleSeal, 'revealedAt'>, now: number) =>
  s.revealedAt === null || s.revealedAt > now;

/** True when `viewer` must get the sealed view of this battle. */
export function isHiddenFrom(viewer: Viewer, s: BattleSeal): boolean {
  if (viewer.admin || !isBlind(s, viewer.now)) return false;
  return viewer.tokenId === null || s.ownerTokenId !== viewer.tokenId;
}

const int = (n: number) => {
  if (!Number.isFinite(n)) throw new Error(`not a time: ${n}`);
  return String(Math.trunc(n));
};

// Token ids are `[a-z2-9]{12}` (packages/shared/src/token.ts); anything else never reaches SQL.
const TOKEN_ID_RE = /^[a-z2-9]{12}$/;

/** SQL text: the battle row `alias` is blind at `now`. */
export function blindSql(alias: string, now: number): string {
  return `(${alias}.revealed_at IS NULL OR ${alias}.revealed_at > ${int(now)})`;
}

/**
 * SQL text, true when the battle whose id is `battleIdExpr` (a qualified column, e.g.
 * `"results"."battle_id"`) is hidden from `viewer`. Values are inlined, so the text can go into
 * prepared statements of any numbering; both are checked to be a number and a token id.
 */
export function hiddenSql(viewer: Viewer, battleIdExpr: string): string {
  if (viewer.admin) return '0';
  let owner = '';
  if (viewer.tokenId !== null) {
    if (!TOKEN_ID_RE.test(viewer.tokenId)) throw new Error('not a token id');
    owner = ` AND (sealed_b.owner_token_id IS NULL OR sealed_b.owner_token_id <> '${viewer.tokenId}')`;
  }
  return `EXISTS (SELECT 1 FROM battles sealed_b WHERE sealed_b.id = ${battleIdExpr} AND ${blindSql('sealed_b', viewer.now)}${owner})`;
}
