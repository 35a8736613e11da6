/**
 * The blind-voting pool (PRODUCT F13): which pairs of answers can be shown, and picking one.
 * The scheduled job reads finished battles once (again if results arrive later) and stores every
 * two ok answers to the same task × repeat, leaving out answers that reveal who wrote them.
 */
import type { BattleType, TaskCategory } from '@ringside/shared';
import { step125 } from '../arena/coarse.ts';
import { identityLeak } from '../arena/identity-leak.ts';
import { DEFAULT_REVEAL, type RevealPolicy } from '../arena/reveal-policy.ts';
import { blindSql } from '../arena/seal.ts';
import type { Db } from '../db/client.ts';
import { arenaPairs } from '../db/schema.ts';
import { jsonInsert } from '../lib/json-insert.ts';
import { logUnreadable, readableJson } from '../lib/stored-json.ts';

/** Longer answers are not offered: nobody compares two 50-page answers blind. */
export const MAX_ANSWER_CHARS = 20_000;

/** Battles read per pool refresh. */
export const POOL_PAGE = 100;

export type PoolRefresh = { battlesScanned: number; pairsAdded: number; answersExcluded: number };

type AnswerRow = {
  id: string;
  battle_id: string;
  contestant_id: string;
  task_id: string;
  repeat: number;
  status: string;
  category: string;
  chars: number | null;
  text: string | null;
  readable: number;
};

/**
 * Reads up to `maxBattles` done battles that are new to the pool or got results since, and pools
 * their pairs. Only blind battles are pooled (arena/seal.ts): one whose identities are already
 * public gives no pairs. A blind battle that gets pairs is scheduled to be revealed
 * `reveal.afterMs` from now (if it was not already); one left with none is revealed at once.
 */
export async function refreshArenaPool(
  db: Db,
  now: number,
  maxBattles = POOL_PAGE,
  reveal: RevealPolicy = DEFAULT_REVEAL,
): Promise<PoolRefresh> {
  const d1 = db.$client;
  const { results: battles } = await d1
    .prepare(
      `SELECT b.id, b.type, ${blindSql('b', now)} AS blind,
         (SELECT MAX(r.created_at) FROM results r WHERE r.battle_id = b.id) AS results_at,
         json_valid(b.tasks) AS readable
       FROM battles b LEFT JOIN arena_scans s ON s.battle_id = b.id
       WHERE b.state = 'done'
         AND (s.battle_id IS NULL OR s.results_at < (SELECT MAX(r.created_at) FROM results r WHERE r.battle_id = b.id))
       LIMIT ?1`,
    )
    .bind(maxBattles)
    .all<{ id: string; type: BattleType; blind: number; results_at: number | null; readable: number }>();
  if (battles.length === 0) return { battlesScanned: 0, pairsAdded: 0, answersExcluded: 0 };

  const ids = JSON.stringify(battles.map((b) => b.id));
  const [contestantRows, answerRows] = await d1.batch([
    d1
      .prepare(
        'SELECT battle_id, id, key, provider, model FROM contestants WHERE battle_id IN (SELECT value FROM json_each(?1))',
      )
      .bind(ids),
    // Only the text of answers short enough to offer is read.
    d1
      .prepare(
        `SELECT id, battle_id, contestant_id, task_id, repeat, status, category, chars, readable,
           CASE WHEN chars <= ${MAX_ANSWER_CHARS} THEN json_extract(${readableJson('data')}, '$.output.text') END AS text
         FROM (SELECT *, json_valid(data) AS readable,
                 length(json_extract(${readableJson('data')}, '$.output.text')) AS chars FROM results
               WHERE battle_id IN (SELECT value FROM json_each(?1)) AND status = 'ok')`,
      )
      .bind(ids),
  ]);
  const contestants = new Map<string, { key: string; model: string }>();
  for (const c of (contestantRows?.results ?? []) as {
    battle_id: string;
    id: string;
    key: string;
    provider: string;
    model: string;
  }[]) {
    contestants.set(`${c.battle_id}\u0000${c.id}`, { key: c.key, model: c.model });
  }
  const typeOf = new Map(battles.map((b) => [b.id, b.type]));
  // A battle whose tasks SQLite cannot read could never show its prompt: none of its answers is
  // pooled (it is still marked scanned, so it does not come back every run).
  const unreadable = new Set(battles.filter((b) => !b.readable).map((b) => b.id));
  for (const id of unreadable) logUnreadable('battles', id, 'tasks is not JSON that SQLite reads');
  const blind = new Set(battles.filter((b) => b.blind).map((b) => b.id));

  const groups = new Map<string, AnswerRow[]>();
  let answersExcluded = 0;
  for (const a of (answerRows?.results ?? []) as AnswerRow[]) {
    if (!a.readable) logUnreadable('results', a.id, 'data is not JSON that SQLite reads');
    const who = contestants.get(`${a.battle_id}\u0000${a.contestant_id}`);
    if (!blind.has(a.battle_id)) continue;
    // Ids are the client's: one that names the model (`b1.gpt-4o.t1.0`) would name it in every
    // read that shows or pages by it, so its answer cannot be shown blind either.
    const ids = `${a.battle_id} ${a.id} ${a.contestant_id} ${a.task_id}`;
    if (
      !who ||
      !a.readable ||
      unreadable.has(a.battle_id) ||
      !a.text ||
      a.text.trim() === '' ||
      identityLeak(a.text, who) !== null ||
      identityLeak(ids, who) !== null
    ) {
      answersExcluded++;
      continue;
    }
    const g = `${a.battle_id}\u0000${a.task_id}\u0000${a.repeat}`;
    const list = groups.get(g) ?? [];
    list.push(a);
    groups.set(g, list);
  }

  const rows: (typeof arenaPairs.$inferInsert)[] = [];
  for (const answers of groups.values()) {
    answers.sort((x, y) => (x.id < y.id ? -1 : 1));
    for (let i = 0; i < answers.length; i++) {
      for (let j = i + 1; j < answers.length; j++) {
        const lo = answers[i] as AnswerRow;
        const hi = answers[j] as AnswerRow;
        const keyLo = contestants.get(`${lo.battle_id}\u0000${lo.contestant_id}`)?.key as string;
        const keyHi = contestants.get(`${hi.battle_id}\u0000${hi.contestant_id}`)?.key as string;
        // The same contestant twice (repeats of one slot) says nothing about who is better.
        if (keyLo === keyHi) continue;
        rows.push({
          key: `${lo.id}|${hi.id}`,
          battleId: lo.battle_id,
          taskId: lo.task_id,
          repeat: lo.repeat,
          battleType: typeOf.get(lo.battle_id) as string,
          category: lo.category as TaskCategory,
          resultLo: lo.id,
          resultHi: hi.id,
          contestantLo: lo.contestant_id,
          contestantHi: hi.contestant_id,
          keyLo,
          keyHi,
          votes: 0,
          createdAt: now,
        });
      }
    }
  }

  const inserts = jsonInsert(d1, arenaPairs, rows);
  // Blind battles read here: with pairs (these or earlier ones) they are revealed after the
  // window, unless already scheduled; with none there is nothing to vote on, so they are public now.
  const reveals = d1
    .prepare(
      `UPDATE battles SET revealed_at = CASE
           WHEN EXISTS (SELECT 1 FROM arena_pairs p WHERE p.battle_id = battles.id) THEN ?2 ELSE ?3 END
       WHERE id IN (SELECT value FROM json_each(?1)) AND revealed_at IS NULL`,
    )
    .bind(JSON.stringify([...blind]), now + reveal.afterMs, now);
  const scans = d1
    .prepare(
      `INSERT INTO arena_scans (battle_id, results_at, scanned_at)
       SELECT value ->> 0, value ->> 1, ?2 FROM json_each(?1) WHERE true
       ON CONFLICT (battle_id) DO UPDATE SET results_at = excluded.results_at, scanned_at = excluded.scanned_at`,
    )
    .bind(JSON.stringify(battles.map((b) => [b.id, b.results_at ?? 0])), now);
  const out = await d1.batch([...inserts, reveals, scans]);
  const pairsAdded = out.slice(0, inserts.length).reduce((n, r) => n + (r.meta.changes ?? 0), 0);
  return { battlesScanned: battles.length, pairsAdded, answersExcluded };
}

export type PoolPair = {
  key: string;
  battle_id: string;
  task_id: string;
  repeat: number;
  battle_type: BattleType;
  category: TaskCategory;
  result_lo: string;
  result_hi: string;
  key_lo: string;
  key_hi: string;
  votes: number;
};

/** How many least-voted candidates the pick chooses among. */
const CANDIDATES = 48;

/**
 * Candidates this voter (cookie or IP) has not voted on, fewest votes first, of battles still
 * blind at `now` (a revealed battle's answers are no longer shown blind). The choice among them is
 * `choosePair`'s.
 */
export async function pairCandidates(
  db: Db,
  voterId: string,
  ipHash: string,
  now = Date.now(),
): Promise<PoolPair[]> {
  const { results } = await db.$client
    .prepare(
      `SELECT key, battle_id, task_id, repeat, battle_type, category, result_lo, result_hi, key_lo, key_hi, votes
       FROM arena_pairs p
       WHERE NOT EXISTS (SELECT 1 FROM arena_votes v WHERE v.pair_key = p.key AND v.voter_id = ?1)
         AND NOT EXISTS (SELECT 1 FROM arena_votes v WHERE v.pair_key = p.key AND v.ip_hash = ?2)
         AND EXISTS (SELECT 1 FROM battles b WHERE b.id = p.battle_id AND ${blindSql('b', now)})
       ORDER BY p.votes LIMIT ${CANDIDATES}`,
    )
    .bind(voterId, ipHash)
    .all<PoolPair>();
  return results;
}

/**
 * Picks at random, favouring few votes (each vote more than the least-voted candidate halves the
 * weight) and close ratings (a gap of 200 points quarters it; unrated keys count as close, since
 * a first vote on them is informative).
 */
export function choosePair(
  candidates: readonly PoolPair[],
  ratings: ReadonlyMap<string, number>,
  random: () => number = Math.random,
): PoolPair | null {
  if (candidates.length === 0) return null;
  const fewest = Math.min(...candidates.map((p) => p.votes));
  const weights = candidates.map((p) => {
    const a = ratings.get(p.key_lo);
    const b = ratings.get(p.key_hi);
    const gap = a === undefined || b === undefined ? 0 : Math.abs(a - b);
    return 2 ** -(p.votes - fewest) / (1 + (gap / 200) ** 2 * 3);
  });
  let r = random() * weights.reduce((s, w) => s + w, 0);
  for (const [i, w] of weights.entries()) {
    r -= w;
    if (r < 0) return candidates[i] as PoolPair;
  }
  return candidates.at(-1) as PoolPair;
}

export type ShownAnswer = {
  text: string;
  ttftMs: number | null;
  e2eMs: number | null;
  outputTokens: number | null;
};

/** The two answers' texts and timings (rounded, arena/coarse.ts; no token count), and the task's prompt. */
export async function loadPairContent(db: Db, pair: PoolPair) {
  const d1 = db.$client;
  const [answers, task] = await d1.batch([
    d1
      .prepare(
        `SELECT id, json_extract(${readableJson('data')}, '$.output.text') AS text, ttft_ms, e2e_ms
         FROM results WHERE id IN (?1, ?2)`,
      )
      .bind(pair.result_lo, pair.result_hi),
    d1
      .prepare(
        `SELECT json_extract(t.value, '$.prompt') AS prompt, json_extract(t.value, '$.system') AS system
         FROM battles b, json_each(${readableJson('b.tasks')}) t WHERE b.id = ?1 AND json_extract(t.value, '$.id') = ?2`,
      )
      .bind(pair.battle_id, pair.task_id),
  ]);
  const byId = new Map<string, ShownAnswer>();
  for (const r of (answers?.results ?? []) as {
    id: string;
    text: string;
    ttft_ms: number | null;
    e2e_ms: number | null;
  }[]) {
    // Exact figures would find the answer's result (and its model) in other reads.
    byId.set(r.id, {
      text: r.text,
      ttftMs: step125(r.ttft_ms),
      e2eMs: step125(r.e2e_ms),
      outputTokens: null,
    });
  }
  const t = (task?.results[0] ?? null) as { prompt: string; system: string | null } | null;
  const lo = byId.get(pair.result_lo);
  const hi = byId.get(pair.result_hi);
  if (!lo || !hi || !t || typeof lo.text !== 'string' || typeof hi.text !== 'string') return null;
  return { lo, hi, prompt: t.prompt, system: t.system ?? null };
}

/** How many candidates a draw tries before it gives up. */
const DRAW_ATTEMPTS = 8;

/**
 * Chooses a pair and loads what it shows. A pair whose rows can no longer be read (deleted, or
 * JSON that SQLite refuses) is logged and another candidate drawn, so one bad pair in the pool
 * does not fail a share of every visitor's draws.
 */
export async function drawPair(
  db: Db,
  candidates: readonly PoolPair[],
  ratings: ReadonlyMap<string, number>,
  random: () => number = Math.random,
) {
  let left = candidates;
  for (let attempt = 0; attempt < DRAW_ATTEMPTS; attempt++) {
    const pair = choosePair(left, ratings, random);
    if (!pair) return null;
    const content = await loadPairContent(db, pair);
    if (content) return { pair, content };
    logUnreadable('arena_pairs', pair.key, 'its answers or task cannot be read');
    left = left.filter((p) => p !== pair);
  }
  return null;
}
