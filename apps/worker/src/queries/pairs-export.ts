/**
 * Pairwise outcomes as JSON Lines in the rating fixture's format (`battle_id, model_a, model_b,
 * winner`, FastChat's names), which `ringside ratings --input` reads back. Votes stream page by
 * page from D1; the other sources are derived from results, so they are built first.
 */
import { lineFromPair, type PairOutcome, type RatingScope, type RatingSource } from '@ringside/shared';
import { blendOutcomes, type Slice, scopePairs } from '../arena/outcomes.ts';
import { hiddenSql, type Viewer } from '../arena/seal.ts';
import type { Db } from '../db/client.ts';
import { loadVotes, scanBattles } from './rating-pairs.ts';

const VOTES_PER_PAGE = 5_000;
const WINNER = { a: 'model_a', b: 'model_b', tie: 'tie', bothbad: 'tie (bothbad)' } as const;

const line = (p: PairOutcome) => `${JSON.stringify(lineFromPair(p))}\n`;

/** Lines of the human source, oldest vote first, one D1 page at a time. */
function votePages(db: Db, scope: RatingScope, slice: Slice, viewer: Viewer) {
  const [a, b] = scope === 'model' ? ['model_a', 'model_b'] : ['key_a', 'key_b'];
  const filter = slice.startsWith('category:')
    ? 'AND category = ?3'
    : slice.startsWith('type:')
      ? 'AND battle_type = ?3'
      : 'AND ?3 IS NULL';
  const value = slice === 'all' ? null : slice.slice(slice.indexOf(':') + 1);
  let after = 0;
  return async (): Promise<string | null> => {
    const { results } = await db.$client
      .prepare(
        `SELECT rowid AS rid, battle_id, ${a} AS a, ${b} AS b, winner FROM arena_votes
         WHERE rowid > ?1 AND discarded_at IS NULL ${filter}
           AND NOT ${hiddenSql(viewer, 'arena_votes.battle_id')} ORDER BY rowid LIMIT ?2`,
      )
      .bind(after, VOTES_PER_PAGE, value)
      .all<{ rid: number; battle_id: string; a: string; b: string; winner: keyof typeof WINNER }>();
    if (results.length === 0) return null;
    after = (results.at(-1) as { rid: number }).rid;
    let text = '';
    for (const r of results) {
      // Two personas of one model are the same model: no outcome at model scope.
      if (r.a === r.b) continue;
      text += line({ battleId: r.battle_id, modelA: r.a, modelB: r.b, winner: WINNER[r.winner] });
    }
    return text;
  };
}

async function derivedPairs(
  db: Db,
  source: Exclude<RatingSource, 'human'>,
  scope: RatingScope,
  slice: Slice,
  viewer: Viewer,
) {
  const battles = await scanBattles(db, viewer);
  if (source === 'auto') return scopePairs(battles.auto.items, scope, slice);
  if (source === 'judge') return scopePairs(battles.judge.items, scope, slice);
  const votes = await loadVotes(db, viewer);
  return scopePairs(blendOutcomes(battles.auto.items, battles.judge.items, votes.items).items, scope, slice);
}

/** Outcomes of battles hidden from `viewer` (blind, arena/seal.ts) are left out: each line names a battle and its models. */
export async function pairsJsonl(
  db: Db,
  q: { source: RatingSource; scope: RatingScope; slice: Slice },
  viewer: Viewer,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  if (q.source === 'human') {
    const next = votePages(db, q.scope, q.slice, viewer);
    // The first page is read before the stream exists, so a failing query is an error response.
    let pending: string | null = await next();
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (pending === null) {
            controller.close();
            return;
          }
          controller.enqueue(encoder.encode(pending));
          pending = await next();
        },
      },
      { highWaterMark: 0 },
    );
  }
  const pairs = await derivedPairs(db, q.source, q.scope, q.slice, viewer);
  let at = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (at >= pairs.length) {
          controller.close();
          return;
        }
        let text = '';
        for (const end = Math.min(pairs.length, at + 5_000); at < end; at++)
          text += line(pairs[at] as PairOutcome);
        controller.enqueue(encoder.encode(text));
      },
    },
    { highWaterMark: 0 },
  );
}
