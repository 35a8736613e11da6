import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { evaluations } from '../db/schema.ts';
import { chunk, D1_MAX_PARAMS } from '../lib/chunks.ts';

type EvaluationRow = typeof evaluations.$inferSelect;

/** Evaluations of the given results, grouped by result id (ids chunked under D1's parameter limit). */
export async function loadEvaluations(
  db: Db,
  resultIds: readonly string[],
): Promise<Map<string, EvaluationRow[]>> {
  const out = new Map<string, EvaluationRow[]>();
  for (const part of chunk(resultIds, D1_MAX_PARAMS - 1)) {
    for (const e of await db.select().from(evaluations).where(inArray(evaluations.resultId, part))) {
      const list = out.get(e.resultId);
      if (list) list.push(e);
      else out.set(e.resultId, [e]);
    }
  }
  return out;
}
