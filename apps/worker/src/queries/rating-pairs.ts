/**
 * Reads the pairwise outcomes of each rating source out of D1 (the pure rules are in
 * `arena/outcomes.ts`), plus the speed samples the leaderboard shows beside ratings. Reads page
 * through the tables so memory holds the outcomes, not the rows.
 */
import { JudgeOutcomeSchema } from '@ringside/shared';
import {
  autoOutcomes,
  type Entrant,
  judgeOutcomes,
  OutcomeTable,
  type ScoredAnswer,
  type TaggedOutcome,
  type TaskGroup,
  voteOutcome,
} from '../arena/outcomes.ts';
import { hiddenSql, type Viewer } from '../arena/seal.ts';
import type { Db } from '../db/client.ts';

export type SourceData = { items: TaggedOutcome[]; modelOf: Map<string, string> };

/** Speed samples per scope × slice × key: TTFT and decode tok/s of ok results. */
export type SpeedSamples = Map<string, Map<string, { ttft: number[]; tps: number[]; n: number }>>;
export const speedBucket = (scope: string, slice: string) => `${scope}\u0000${slice}`;

/** Battle states whose results count: finished, or stopped with what they had. */
const RATED_STATES = "('done', 'judging', 'stopped')";
const BATTLES_PER_PAGE = 50;
const VOTES_PER_PAGE = 50_000;

type ResultRow = {
  battle_id: string;
  contestant_id: string;
  task_id: string;
  repeat: number;
  status: 'ok' | 'error' | 'stopped';
  score: number | null;
  category: string;
  ttft_ms: number | null;
  decode_tps: number | null;
};

type JudgeRow = {
  battle_id: string;
  task_id: string;
  repeat: number;
  evaluator: string;
  details: string;
  created_at: number;
};

/**
 * One pass over the rated battles, oldest first: the automatic and judge sources and the speed
 * samples, which all come from results. Battles hidden from `viewer` are left out: the
 * leaderboard reads as the public, so a blind battle counts from its reveal (arena/seal.ts).
 */
export async function scanBattles(
  db: Db,
  viewer: Viewer,
): Promise<{ auto: SourceData; judge: SourceData; speed: SpeedSamples }> {
  const d1 = db.$client;
  const visible = `NOT ${hiddenSql(viewer, 'battles.id')}`;
  const autoTable = new OutcomeTable();
  const judgeTable = new OutcomeTable();
  const auto: TaggedOutcome[] = [];
  const judge: TaggedOutcome[] = [];
  const speed: SpeedSamples = new Map();
  const sample = (scope: string, slice: string, key: string, r: ResultRow) => {
    const bucketKey = speedBucket(scope, slice);
    let bucket = speed.get(bucketKey);
    if (!bucket) {
      bucket = new Map();
      speed.set(bucketKey, bucket);
    }
    let s = bucket.get(key);
    if (!s) {
      s = { ttft: [], tps: [], n: 0 };
      bucket.set(key, s);
    }
    s.n++;
    if (r.ttft_ms !== null) s.ttft.push(r.ttft_ms);
    if (r.decode_tps !== null) s.tps.push(r.decode_tps);
  };

  let after: { createdAt: number; id: string } | null = null;
  for (;;) {
    const page: { id: string; type: string; created_at: number }[] = (
      await (after
        ? d1
            .prepare(
              `SELECT id, type, created_at FROM battles WHERE state IN ${RATED_STATES} AND ${visible}
               AND (created_at, id) > (?2, ?3) ORDER BY created_at, id LIMIT ?1`,
            )
            .bind(BATTLES_PER_PAGE, after.createdAt, after.id)
        : d1
            .prepare(
              `SELECT id, type, created_at FROM battles WHERE state IN ${RATED_STATES} AND ${visible}
               ORDER BY created_at, id LIMIT ?1`,
            )
            .bind(BATTLES_PER_PAGE)
      ).all<{ id: string; type: string; created_at: number }>()
    ).results;
    if (page.length === 0) break;
    const last = page.at(-1) as { id: string; created_at: number };
    after = { createdAt: last.created_at, id: last.id };

    const ids = JSON.stringify(page.map((b) => b.id));
    const [contestantRows, resultRows, judgeRows] = await d1.batch([
      d1
        .prepare(
          'SELECT battle_id, id, key, provider, model FROM contestants WHERE battle_id IN (SELECT value FROM json_each(?1))',
        )
        .bind(ids),
      d1
        .prepare(
          `SELECT battle_id, contestant_id, task_id, repeat, status, score, category, ttft_ms, decode_tps
           FROM results WHERE battle_id IN (SELECT value FROM json_each(?1))`,
        )
        .bind(ids),
      d1
        .prepare(
          `SELECT r.battle_id, r.task_id, r.repeat, e.evaluator, e.details, e.created_at
           FROM results r JOIN evaluations e ON e.result_id = r.id
           WHERE r.battle_id IN (SELECT value FROM json_each(?1)) AND e.source = 'judge' AND e.details IS NOT NULL`,
        )
        .bind(ids),
    ]);
    const entrants = new Map<string, Entrant>();
    for (const c of (contestantRows?.results ?? []) as {
      battle_id: string;
      id: string;
      key: string;
      provider: string;
      model: string;
    }[]) {
      entrants.set(`${c.battle_id}\u0000${c.id}`, {
        contestantId: c.id,
        key: c.key,
        model: `${c.provider}:${c.model}`,
      });
    }
    const typeOf = new Map(page.map((b) => [b.id, b.type]));

    // Task groups: battle × task × repeat, with the answers given in each.
    const groups = new Map<string, { group: TaskGroup; answers: ScoredAnswer[] }>();
    for (const r of (resultRows?.results ?? []) as ResultRow[]) {
      const who = entrants.get(`${r.battle_id}\u0000${r.contestant_id}`);
      if (!who) continue;
      const type = typeOf.get(r.battle_id) as string;
      const g = `${r.battle_id}\u0000${r.task_id}\u0000${r.repeat}`;
      let entry = groups.get(g);
      if (!entry) {
        entry = {
          group: { battleId: r.battle_id, taskId: r.task_id, repeat: r.repeat, category: r.category, type },
          answers: [],
        };
        groups.set(g, entry);
      }
      entry.answers.push({ ...who, status: r.status, score: r.score });
      if (r.status === 'ok') {
        for (const slice of ['all', `category:${r.category}`, `type:${type}`]) {
          sample('contestant', slice, who.key, r);
          sample('model', slice, who.model, r);
        }
      }
    }
    for (const { group, answers } of groups.values()) {
      answers.sort((x, y) => (x.contestantId < y.contestantId ? -1 : 1));
      for (const o of autoOutcomes(autoTable, group, answers)) auto.push(o);
    }

    // One verdict per task group and judge model: the latest, when a judge ran twice.
    const verdicts = new Map<string, JudgeRow>();
    for (const j of (judgeRows?.results ?? []) as JudgeRow[]) {
      const k = `${j.battle_id}\u0000${j.task_id}\u0000${j.repeat}\u0000${j.evaluator}`;
      const seen = verdicts.get(k);
      if (!seen || seen.created_at < j.created_at) verdicts.set(k, j);
    }
    for (const j of verdicts.values()) {
      const entry = groups.get(`${j.battle_id}\u0000${j.task_id}\u0000${j.repeat}`);
      if (!entry) continue;
      let details: unknown;
      try {
        details = JSON.parse(j.details);
      } catch {
        continue;
      }
      const verdict = JudgeOutcomeSchema.safeParse(details);
      if (!verdict.success) continue;
      for (const o of judgeOutcomes(judgeTable, entry.group, verdict.data, entry.answers)) judge.push(o);
    }
    if (page.length < BATTLES_PER_PAGE) break;
  }
  return {
    auto: { items: auto, modelOf: autoTable.modelOf },
    judge: { items: judge, modelOf: judgeTable.modelOf },
    speed,
  };
}

type VoteRow = [
  rowid: number,
  battleId: string,
  taskId: string,
  repeat: number,
  type: string,
  category: string,
  contestantA: string,
  contestantB: string,
  keyA: string,
  keyB: string,
  modelA: string,
  modelB: string,
  winner: 'a' | 'b' | 'tie' | 'bothbad',
];

/** The human source: every vote not discarded, in the order they were cast, but not on battles hidden from `viewer`. */
export async function loadVotes(db: Db, viewer: Viewer): Promise<SourceData> {
  const d1 = db.$client;
  const table = new OutcomeTable();
  const items: TaggedOutcome[] = [];
  let after = 0;
  for (;;) {
    const rows = await d1
      .prepare(
        `SELECT rowid, battle_id, task_id, repeat, battle_type, category, contestant_a, contestant_b,
           key_a, key_b, model_a, model_b, winner
         FROM arena_votes WHERE rowid > ?1 AND discarded_at IS NULL
           AND NOT ${hiddenSql(viewer, 'arena_votes.battle_id')} ORDER BY rowid LIMIT ?2`,
      )
      .bind(after, VOTES_PER_PAGE)
      .raw<VoteRow>();
    for (const [, battleId, taskId, repeat, type, category, ca, cb, ka, kb, ma, mb, winner] of rows) {
      items.push(
        voteOutcome(
          table,
          { battleId, taskId, repeat, category, type },
          { contestantId: ca, key: ka, model: ma },
          { contestantId: cb, key: kb, model: mb },
          winner,
        ),
      );
    }
    if (rows.length < VOTES_PER_PAGE) break;
    after = (rows.at(-1) as VoteRow)[0];
  }
  return { items, modelOf: table.modelOf };
}
