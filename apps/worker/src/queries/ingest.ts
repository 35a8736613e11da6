import type { BattleInput, Contestant, IngestResponse, Result, Task } from '@ringside/shared';
import { getTableColumns } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { battles, contestants, evaluations, results } from '../db/schema.ts';
import { hashOf, resultHash } from '../lib/canonical.ts';
import { chunk, rowsPerInsert } from '../lib/chunks.ts';
import { ApiException } from '../lib/errors.ts';
import { jsonInsert, toD1 } from '../lib/json-insert.ts';
import { loadBattles } from './battles.ts';
import {
  battleIdentity,
  type Creator,
  toBattleRow,
  toContestantRows,
  toEvaluationRows,
  toResultRow,
} from './rows.ts';

interface KnownBattle {
  contestants: Map<string, Contestant>;
  tasks: Map<string, Task>;
}

const CONTESTANT_COLUMNS = Object.keys(getTableColumns(contestants)).length;

/**
 * Stores results (and the battle they belong to, when it is new) in one D1 batch, so the write is
 * all-or-nothing. Idempotent: a result id already stored with the same canonical body counts as a
 * duplicate; with another body the whole request is refused with 409 and nothing changes.
 */
export async function ingestResults(
  db: Db,
  input: { battle?: BattleInput | undefined; results: Result[] },
  creator: Creator,
  mark: (phase: string) => void = () => {},
): Promise<IngestResponse> {
  const now = Date.now();
  const d1 = db.$client;
  const statements: D1PreparedStatement[] = [];
  const known = new Map<string, KnownBattle>();
  let battleCreated = false;

  // 1. The battle posted with the results: created if new, otherwise it must be the same battle.
  if (input.battle) {
    const b = input.battle;
    const identityHash = await hashOf(battleIdentity(b));
    const existing = (await loadBattles(db, [b.id])).get(b.id);
    if (existing && existing.identityHash !== identityHash) {
      throw new ApiException(
        409,
        'battle_conflict',
        `battle '${b.id}' exists with other contestants, tasks or type`,
        [
          {
            path: 'battle',
            message: 'differs from the stored battle; update it with PUT /api/battles/:id first',
          },
        ],
      );
    }
    if (!existing) {
      battleCreated = true;
      statements.push(
        toD1(
          d1,
          db
            .insert(battles)
            .values(toBattleRow(b, identityHash, now, creator))
            .onConflictDoNothing(),
        ),
      );
      for (const rows of chunk(toContestantRows(b.id, b.contestants), rowsPerInsert(CONTESTANT_COLUMNS))) {
        statements.push(toD1(d1, db.insert(contestants).values(rows).onConflictDoNothing()));
      }
    }
    known.set(b.id, {
      contestants: new Map(b.contestants.map((c) => [c.id, c])),
      tasks: new Map(b.tasks.map((t) => [t.id, t])),
    });
  }

  // 2. Every other battle the results name must already exist.
  const missing = [...new Set(input.results.map((r) => r.battleId))].filter((id) => !known.has(id));
  for (const [id, b] of await loadBattles(db, missing)) {
    known.set(id, {
      contestants: new Map(b.contestants.map((c) => [c.id, c])),
      tasks: new Map(b.tasks.map((t) => [t.id, t])),
    });
  }

  mark('battles');
  // 3. References and hashes; duplicates inside the request collapse to one.
  const byId = new Map<string, { result: Result; hash: string; contestant: Contestant; task: Task }>();
  const refErrors: { path: string; message: string }[] = [];
  for (const [i, r] of input.results.entries()) {
    const battle = known.get(r.battleId);
    const contestant = battle?.contestants.get(r.contestantId);
    const task = battle?.tasks.get(r.taskId);
    if (!battle) refErrors.push({ path: `results.${i}.battleId`, message: `unknown battle '${r.battleId}'` });
    else if (!contestant)
      refErrors.push({
        path: `results.${i}.contestantId`,
        message: `battle '${r.battleId}' has no contestant '${r.contestantId}'`,
      });
    else if (!task)
      refErrors.push({
        path: `results.${i}.taskId`,
        message: `battle '${r.battleId}' has no task '${r.taskId}'`,
      });
    if (!contestant || !task) continue;
    const hash = await resultHash(r);
    const seen = byId.get(r.id);
    if (seen && seen.hash !== hash) {
      throw new ApiException(409, 'result_conflict', `result '${r.id}' appears twice with different bodies`, [
        { path: `results.${i}.id`, message: 'duplicate id with a different body' },
      ]);
    }
    byId.set(r.id, { result: r, hash, contestant, task });
  }
  if (refErrors.length > 0) {
    throw new ApiException(
      404,
      'not_found',
      'results refer to unknown battles, contestants or tasks',
      refErrors.slice(0, 50),
    );
  }

  mark('hash');
  // 4. Already stored ids: same body → duplicate, other body → conflict.
  // One statement for any number of ids: they travel as a JSON array (see json-insert.ts).
  const stored = new Map<string, string>();
  const rows = await d1
    .prepare('SELECT id, body_hash AS hash FROM results WHERE id IN (SELECT value FROM json_each(?1))')
    .bind(JSON.stringify([...byId.keys()]))
    .all<{ id: string; hash: string }>();
  for (const row of rows.results) stored.set(row.id, row.hash);
  const conflicts = [...stored].filter(([id, hash]) => byId.get(id)?.hash !== hash).map(([id]) => id);
  if (conflicts.length > 0) {
    throw new ApiException(
      409,
      'result_conflict',
      `${conflicts.length} result id(s) are already stored with a different body`,
      conflicts
        .slice(0, 50)
        .map((id) => ({ path: 'results', message: `result '${id}' differs from the stored one`, id })),
    );
  }

  mark('lookup');
  // 5. One batch: battle, contestants, new results, their evaluations.
  const fresh = [...byId.values()].filter(({ result }) => !stored.has(result.id));
  const resultRows = fresh.map(({ result, hash, contestant, task }) =>
    toResultRow(result, { contestant, task, bodyHash: hash, now }),
  );
  const firstResultStatement = statements.length;
  statements.push(...jsonInsert(d1, results, resultRows));
  const resultStatements = statements.length - firstResultStatement;
  const evaluationRows = fresh.flatMap(({ result }) => toEvaluationRows(result, now));
  statements.push(...jsonInsert(d1, evaluations, evaluationRows));

  let created = 0;
  if (statements.length > 0) {
    // D1 runs a batch as one transaction: any failing statement rolls back all of them.
    const out = await d1.batch(statements);
    for (let i = firstResultStatement; i < firstResultStatement + resultStatements; i++)
      created += out[i]?.meta.changes ?? 0;
  }
  mark('write');
  return { created, duplicates: byId.size - created, battleCreated, ids: [...byId.keys()] };
}
