/**
 * Blind votes: recording one (deduplicated per pair by voter cookie and by IP hash), the reveal,
 * discarding a voter's votes, and the per-voter view moderators use.
 */
import type { ArenaVoteResponse, ArenaVoter, VoteChoice, VoteDimensions } from '@ringside/shared';
import type { Offer } from '../arena/pair-token.ts';
import { DEFAULT_REVEAL, type RevealPolicy } from '../arena/reveal-policy.ts';
import { isBlind } from '../arena/seal.ts';
import type { Voter } from '../arena/voter.ts';
import type { Db } from '../db/client.ts';
import { iso } from '../lib/cache.ts';
import { ApiException } from '../lib/errors.ts';
import { tryParseStored } from '../lib/stored-json.ts';

type PairSide = {
  result: string;
  contestant: string;
  key: string;
  provider: string;
  model: string;
  label: string | null;
  persona: string | null;
};

type PairRow = {
  key: string;
  battle_id: string;
  task_id: string;
  repeat: number;
  battle_type: string;
  category: string;
  result_lo: string;
  result_hi: string;
  contestant_lo: string;
  contestant_hi: string;
  key_lo: string;
  key_hi: string;
  lo_provider: string;
  lo_model: string;
  lo_label: string | null;
  lo_persona: string | null;
  hi_provider: string;
  hi_model: string;
  hi_label: string | null;
  hi_persona: string | null;
  revealed_at: number | null;
};

type VoteRow = { id: string; winner: VoteChoice; dimensions: string; created_at: number; result_a: string };

const DIMENSIONS = ['correctness', 'helpfulness', 'style', 'speed'] as const;

/** Dimensions in a fixed key order, so that a retried vote compares equal to the stored one. */
export function canonicalDimensions(d: VoteDimensions): VoteDimensions {
  const out: VoteDimensions = {};
  for (const k of DIMENSIONS) if (d[k] !== undefined) out[k] = d[k];
  return out;
}

const personaName = (json: string | null) =>
  json ? (tryParseStored<{ name?: string }>(json, 'contestants', 'persona')?.name ?? null) : null;

async function loadPair(db: Db, key: string): Promise<PairRow | null> {
  return db.$client
    .prepare(
      `SELECT p.key, p.battle_id, p.task_id, p.repeat, p.battle_type, p.category, p.result_lo, p.result_hi,
         p.contestant_lo, p.contestant_hi, p.key_lo, p.key_hi,
         lo.provider AS lo_provider, lo.model AS lo_model, lo.label AS lo_label, lo.persona AS lo_persona,
         hi.provider AS hi_provider, hi.model AS hi_model, hi.label AS hi_label, hi.persona AS hi_persona,
         (SELECT revealed_at FROM battles WHERE id = p.battle_id) AS revealed_at
       FROM arena_pairs p
       JOIN contestants lo ON lo.battle_id = p.battle_id AND lo.id = p.contestant_lo
       JOIN contestants hi ON hi.battle_id = p.battle_id AND hi.id = p.contestant_hi
       WHERE p.key = ?1`,
    )
    .bind(key)
    .first<PairRow>();
}

function sides(p: PairRow, flipped: boolean): { a: PairSide; b: PairSide } {
  const lo: PairSide = {
    result: p.result_lo,
    contestant: p.contestant_lo,
    key: p.key_lo,
    provider: p.lo_provider,
    model: p.lo_model,
    label: p.lo_label,
    persona: personaName(p.lo_persona),
  };
  const hi: PairSide = {
    result: p.result_hi,
    contestant: p.contestant_hi,
    key: p.key_hi,
    provider: p.hi_provider,
    model: p.hi_model,
    label: p.hi_label,
    persona: personaName(p.hi_persona),
  };
  return flipped ? { a: hi, b: lo } : { a: lo, b: hi };
}

const reveal = (s: PairSide) => ({
  contestantId: s.contestant,
  key: s.key,
  provider: s.provider,
  model: s.model,
  label: s.label,
  persona: s.persona,
});

/**
 * Stores the vote and reveals who A and B were. Dedup: one vote per pair per voter cookie and per
 * IP hash. The same voter sending the same vote again (a retry) gets 200 with `duplicate: true`;
 * a different vote on a pair already voted on, or a vote on a pair already voted on from the same
 * address, is refused with 409 and changes nothing.
 */
export async function recordVote(
  db: Db,
  input: {
    offer: Offer;
    voter: Voter;
    winner: VoteChoice;
    dimensions: VoteDimensions;
    now: number;
    reveal?: RevealPolicy;
  },
): Promise<{ status: 200 | 201; body: ArenaVoteResponse }> {
  const { offer, voter, winner, now } = input;
  const policy = input.reveal ?? DEFAULT_REVEAL;
  const pair = await loadPair(db, offer.k);
  if (!pair) {
    throw new ApiException(404, 'not_found', 'this pair is no longer offered', [
      { path: 'token', message: 'its battle was removed; fetch a new pair' },
    ]);
  }
  // Once a battle's identities are public a vote on it is no longer blind; a retry of a vote cast
  // before still gets its answer below.
  if (!isBlind({ revealedAt: pair.revealed_at }, now)) {
    const cast = await db.$client
      .prepare('SELECT 1 AS one FROM arena_votes WHERE pair_key = ?1 AND voter_id = ?2')
      .bind(pair.key, voter.voterId)
      .first();
    if (!cast) {
      throw new ApiException(
        410,
        'pair_revealed',
        'who wrote these answers is public now: the vote would not be blind',
        [{ path: 'token', message: 'fetch a new pair with GET /api/arena/pair' }],
      );
    }
  }
  const { a, b } = sides(pair, offer.f);
  const dimensions = canonicalDimensions(input.dimensions);
  const id = crypto.randomUUID();
  const d1 = db.$client;
  const [inserted] = await d1.batch([
    d1
      .prepare(
        `INSERT INTO arena_votes (id, pair_key, battle_id, task_id, repeat, battle_type, category,
           result_a, result_b, contestant_a, contestant_b, key_a, key_b, model_a, model_b,
           winner, dimensions, voter_id, ip_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
         ON CONFLICT DO NOTHING`,
      )
      .bind(
        id,
        pair.key,
        pair.battle_id,
        pair.task_id,
        pair.repeat,
        pair.battle_type,
        pair.category,
        a.result,
        b.result,
        a.contestant,
        b.contestant,
        a.key,
        b.key,
        `${a.provider}:${a.model}`,
        `${b.provider}:${b.model}`,
        winner,
        JSON.stringify(dimensions),
        voter.voterId,
        voter.ipHash,
        now,
      ),
    d1
      .prepare(
        `UPDATE arena_pairs SET votes =
           (SELECT COUNT(*) FROM arena_votes WHERE pair_key = ?1 AND discarded_at IS NULL) WHERE key = ?1`,
      )
      .bind(pair.key),
    // The vote that brings the battle's pairs to the reveal count makes its identities public.
    d1
      .prepare(
        `UPDATE battles SET revealed_at = ?2
         WHERE id = ?1 AND ?3 IS NOT NULL AND (revealed_at IS NULL OR revealed_at > ?2)
           AND (SELECT COALESCE(SUM(votes), 0) FROM arena_pairs WHERE battle_id = ?1) >= ?3`,
      )
      .bind(pair.battle_id, now, policy.afterVotes),
  ]);
  const revealed = { battleId: pair.battle_id, taskId: pair.task_id, a: reveal(a), b: reveal(b) };
  if ((inserted?.meta.changes ?? 0) === 1) {
    return {
      status: 201,
      body: {
        vote: { id, winner, dimensions, createdAt: iso(now) as string },
        duplicate: false,
        reveal: revealed,
      },
    };
  }

  const mine = await d1
    .prepare(
      'SELECT id, winner, dimensions, created_at, result_a FROM arena_votes WHERE pair_key = ?1 AND voter_id = ?2',
    )
    .bind(pair.key, voter.voterId)
    .first<VoteRow>();
  if (mine === null) {
    throw new ApiException(409, 'already_voted', 'a vote on this pair was already cast from this address', [
      { path: 'token', message: 'one vote per pair per address; fetch another pair' },
    ]);
  }
  // A retry sends the same choice about the same answer shown as A (two tokens for one pair may
  // show it either way round).
  const sameChoice =
    mine.result_a === a.result && mine.winner === winner && mine.dimensions === JSON.stringify(dimensions);
  if (!sameChoice) {
    throw new ApiException(409, 'already_voted', 'you already voted on this pair; a vote cannot be changed', [
      { path: 'winner', message: `your vote was '${mine.winner}'` },
    ]);
  }
  return {
    status: 200,
    body: {
      vote: {
        id: mine.id,
        winner: mine.winner,
        dimensions: JSON.parse(mine.dimensions) as VoteDimensions,
        createdAt: iso(mine.created_at) as string,
      },
      duplicate: true,
      reveal: revealed,
    },
  };
}

/** Marks the live votes of a voter cookie and/or an IP hash discarded; recounts the pairs they touched. */
export async function discardVotes(
  db: Db,
  who: { voterId?: string | undefined; ipHash?: string | undefined },
  now: number,
): Promise<number> {
  const d1 = db.$client;
  const match = '(voter_id = ?1 OR ip_hash = ?2)';
  const [, discarded] = await d1.batch([
    d1
      .prepare(
        `UPDATE arena_pairs SET votes = votes -
           (SELECT COUNT(*) FROM arena_votes v WHERE v.pair_key = arena_pairs.key AND v.discarded_at IS NULL AND ${match})
         WHERE key IN (SELECT pair_key FROM arena_votes WHERE discarded_at IS NULL AND ${match})`,
      )
      .bind(who.voterId ?? null, who.ipHash ?? null),
    d1
      .prepare(`UPDATE arena_votes SET discarded_at = ?3 WHERE discarded_at IS NULL AND ${match}`)
      .bind(who.voterId ?? null, who.ipHash ?? null, now),
  ]);
  return discarded?.meta.changes ?? 0;
}

/** Voters by number of votes since `since`, most first: what a moderator looks at. */
export async function listVoters(db: Db, since: number, limit: number): Promise<ArenaVoter[]> {
  const { results } = await db.$client
    .prepare(
      `SELECT voter_id, ip_hash, COUNT(*) AS votes, SUM(discarded_at IS NOT NULL) AS discarded,
         MIN(created_at) AS first_at, MAX(created_at) AS last_at
       FROM arena_votes WHERE created_at >= ?1
       GROUP BY voter_id, ip_hash ORDER BY votes DESC, last_at DESC LIMIT ?2`,
    )
    .bind(since, limit)
    .all<{
      voter_id: string;
      ip_hash: string;
      votes: number;
      discarded: number;
      first_at: number;
      last_at: number;
    }>();
  return results.map((r) => ({
    voterId: r.voter_id,
    ipHash: r.ip_hash,
    votes: r.votes,
    discarded: r.discarded,
    firstAt: iso(r.first_at) as string,
    lastAt: iso(r.last_at) as string,
  }));
}
