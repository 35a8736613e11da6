import type {
  Battle,
  BattleInput,
  CiInfo,
  Contestant,
  Evaluation,
  Result,
  StoredResult,
  Task,
} from '@ringside/shared';
import { CiInfoSchema, contestantKey } from '@ringside/shared';
import { canBeBlind } from '../arena/seal.ts';
import type { battles, contestants, evaluations, results } from '../db/schema.ts';
import { iso, ms } from '../lib/cache.ts';
import { parseStored, readableRows } from '../lib/stored-json.ts';

/** Mapping between the shared wire shapes and D1 rows, in one place for writes and reads. */

type BattleRow = typeof battles.$inferSelect;
type ContestantRow = typeof contestants.$inferSelect;
type ResultRow = typeof results.$inferSelect;
type EvaluationRow = typeof evaluations.$inferSelect;

/** The part of a result kept as JSON text in `results.data`. */
interface ResultData {
  output: Result['output'];
  metrics: Result['metrics'];
  chunks: Result['chunks'];
  server: Result['server'];
  telemetry: Result['telemetry'];
  fingerprint: Result['fingerprint'];
  error: Result['error'];
  startedAt: string;
  endedAt: string | null;
}

/** What may not change once results exist. */
export function battleIdentity(b: BattleInput) {
  return {
    type: b.type,
    origin: b.origin,
    suite: b.suite ?? null,
    tasks: b.tasks,
    contestants: b.contestants,
  };
}

/** The token that creates a battle: its name is kept for admins, its id decides who owns the battle. */
export interface Creator {
  name: string;
  tokenId: string;
}

export function toBattleRow(
  b: BattleInput,
  identityHash: string,
  now: number,
  creator: Creator,
): typeof battles.$inferInsert {
  return {
    id: b.id,
    type: b.type,
    origin: b.origin,
    title: b.title,
    state: b.state,
    suiteName: b.suite?.name ?? null,
    suiteVersion: b.suite?.version ?? null,
    ciCommit: b.ci?.commit ?? null,
    ciBranch: b.ci?.branch ?? null,
    ciUrl: b.ci?.url ?? null,
    ciJob: b.ci?.job ?? null,
    tasks: JSON.stringify(b.tasks),
    identityHash,
    createdBy: creator.name,
    ownerTokenId: creator.tokenId,
    // Blind from the start when the arena could pool it (arena/seal.ts); public from the start otherwise.
    revealedAt: canBeBlind(b) ? null : now,
    createdAt: ms(b.createdAt) ?? now,
    updatedAt: now,
    startedAt: ms(b.startedAt),
    endedAt: ms(b.endedAt),
  };
}

export function toContestantRows(battleId: string, list: Contestant[]): (typeof contestants.$inferInsert)[] {
  return list.map((c, position) => ({
    battleId,
    id: c.id,
    position,
    provider: c.provider,
    model: c.model,
    label: c.label ?? null,
    lane: c.lane,
    key: contestantKey(c),
    persona: c.persona ? JSON.stringify(c.persona) : null,
    sampling: JSON.stringify(c.sampling),
  }));
}

export function fromContestantRow(r: ContestantRow): Contestant {
  return {
    id: r.id,
    provider: r.provider,
    model: r.model,
    ...(r.label ? { label: r.label } : {}),
    lane: r.lane,
    ...(r.persona ? { persona: parseStored(r.persona, 'contestants', `${r.battleId}/${r.id}`) } : {}),
    sampling: parseStored(r.sampling, 'contestants', `${r.battleId}/${r.id}`),
  };
}

/**
 * A battle row's CI metadata, or null. A link stored before only http(s) links were taken is left
 * out, so what is served still fits the shared schema (and never becomes a `javascript:` link).
 */
export function ciFromRow(r: Pick<BattleRow, 'ciCommit' | 'ciBranch' | 'ciUrl' | 'ciJob'>): CiInfo | null {
  const url = r.ciUrl && CiInfoSchema.shape.url.safeParse(r.ciUrl).success ? r.ciUrl : null;
  const ci = {
    ...(r.ciCommit ? { commit: r.ciCommit } : {}),
    ...(r.ciBranch ? { branch: r.ciBranch } : {}),
    ...(url ? { url } : {}),
    ...(r.ciJob ? { job: r.ciJob } : {}),
  };
  return Object.keys(ci).length > 0 ? ci : null;
}

export function fromBattleRow(r: BattleRow, contestantRows: ContestantRow[]): Battle {
  return {
    id: r.id,
    type: r.type,
    origin: r.origin,
    title: r.title,
    state: r.state,
    suite: r.suiteName ? { name: r.suiteName, version: r.suiteVersion ?? '1' } : null,
    ci: ciFromRow(r),
    tasks: parseStored<Task[]>(r.tasks, 'battles', r.id),
    contestants: [...contestantRows].sort((a, b) => a.position - b.position).map(fromContestantRow),
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
  };
}

export function toResultRow(
  r: Result,
  ctx: { contestant: Contestant; task: Task; bodyHash: string; now: number },
): typeof results.$inferInsert {
  const data: ResultData = {
    output: r.output,
    metrics: r.metrics,
    chunks: r.chunks,
    server: r.server,
    telemetry: r.telemetry,
    fingerprint: r.fingerprint,
    error: r.error,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
  };
  return {
    id: r.id,
    battleId: r.battleId,
    contestantId: r.contestantId,
    taskId: r.taskId,
    repeat: r.repeat,
    status: r.status,
    provider: ctx.contestant.provider,
    model: ctx.contestant.model,
    category: ctx.task.category,
    ttftMs: r.metrics.ttftMs,
    e2eMs: r.metrics.e2eMs,
    decodeTps: r.metrics.decodeTpsClient ?? r.metrics.decodeTpsServer,
    score: r.score,
    passed: r.passed,
    createdAt: ctx.now,
    bodyHash: ctx.bodyHash,
    data: JSON.stringify(data),
  };
}

export function evaluationId(resultId: string, e: Evaluation, index: number): string {
  return `${resultId}:${e.id ?? `e${index}`}`;
}

export function toEvaluationRows(r: Result, now: number): (typeof evaluations.$inferInsert)[] {
  return r.evaluations.map((e, i) => ({
    id: evaluationId(r.id, e, i),
    resultId: r.id,
    source: e.source,
    evaluator: e.evaluator,
    score: e.score,
    raw: e.raw,
    maxScore: e.maxScore,
    passed: e.passed,
    details: e.details ? JSON.stringify(e.details) : null,
    createdAt: ms(e.createdAt) ?? now,
  }));
}

export function fromEvaluationRow(e: EvaluationRow): Evaluation {
  return {
    id: e.id,
    source: e.source,
    evaluator: e.evaluator,
    score: e.score,
    raw: e.raw,
    maxScore: e.maxScore,
    passed: e.passed,
    ...(e.details ? { details: parseStored(e.details, 'evaluations', e.id) } : {}),
    createdAt: iso(e.createdAt)!,
  };
}

export function fromResultRow(r: ResultRow, evals: EvaluationRow[] = []): StoredResult {
  const data = parseStored<ResultData>(r.data, 'results', r.id);
  return {
    id: r.id,
    battleId: r.battleId,
    contestantId: r.contestantId,
    taskId: r.taskId,
    repeat: r.repeat,
    status: r.status,
    output: data.output,
    metrics: data.metrics,
    chunks: data.chunks,
    server: data.server,
    score: r.score,
    passed: r.passed,
    // An unreadable evaluation is left out; the result itself is still served.
    evaluations: readableRows(evals, fromEvaluationRow, 'evaluations'),
    telemetry: data.telemetry,
    fingerprint: data.fingerprint,
    error: data.error,
    startedAt: data.startedAt,
    endedAt: data.endedAt,
    provider: r.provider,
    model: r.model,
    category: r.category,
    createdAt: iso(r.createdAt)!,
  };
}
