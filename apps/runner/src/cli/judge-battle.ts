/**
 * The LLM judge over a finished battle (PRODUCT F10), for `ringside suite run --judge`: every task
 * (and repeat) with two or more answers is judged; verdicts and their evaluations are written to
 * `judge.json` in the results folder (result files are write-once) and posted to the API. A judge
 * that fails is a recorded verdict with `status: 'error'`, never a crash.
 */
import path from 'node:path';
import type { Evaluation, JudgeVerdict, Result, Task } from '@ringside/shared';
import { IdSchema } from '@ringside/shared';
import { judgeName, judgeTask, type ModelRef } from '../judge/index.ts';
import { writeFileAtomic } from '../store/index.ts';
import type { ApiClient } from '../upload/index.ts';

export const JUDGE_FILE = 'judge.json';

export interface JudgedEvaluation {
  resultId: string;
  evaluation: Evaluation & { id: string };
}

export interface BattleJudgement {
  judge: { provider: string; model: string };
  verdicts: JudgeVerdict[];
  evaluations: JudgedEvaluation[];
}

/** One evaluation id per judge model (ids are scoped to the result): judging again is idempotent. */
export function judgeEvaluationId(judge: ModelRef): string {
  const id = judgeName(judge).replace(/[^A-Za-z0-9._:-]/g, '-');
  return IdSchema.safeParse(id).success ? id : 'judge';
}

/** The verdict of a judge call that threw (judgeTask returns errors; this is the last guard). */
function thrownVerdict(battleId: string, task: Task, judge: ModelRef, err: unknown): JudgeVerdict {
  return {
    battleId,
    taskId: task.id,
    judge: { provider: judge.provider.id, model: judge.model },
    status: 'error',
    winner: null,
    tie: false,
    reasons: '',
    seed: 0,
    order: [],
    scores: [],
    digests: [],
    attempts: 0,
    error: { message: (err instanceof Error ? err.message : String(err)).slice(0, 4_000) },
    at: new Date().toISOString(),
  };
}

export async function judgeBattle(opts: {
  battleId: string;
  tasks: readonly Task[];
  results: readonly Result[];
  judge: ModelRef;
  signal?: AbortSignal;
  onVerdict?: (v: JudgeVerdict) => void;
}): Promise<BattleJudgement> {
  const { battleId, judge } = opts;
  const id = judgeEvaluationId(judge);
  const out: BattleJudgement = {
    judge: { provider: judge.provider.id, model: judge.model },
    verdicts: [],
    evaluations: [],
  };
  for (const task of opts.tasks) {
    const repeats = [...new Set(opts.results.filter((r) => r.taskId === task.id).map((r) => r.repeat))].sort(
      (a, b) => a - b,
    );
    for (const repeat of repeats) {
      const results = opts.results.filter((r) => r.taskId === task.id && r.repeat === repeat);
      if (results.length < 2) continue;
      let verdict: JudgeVerdict;
      try {
        const outcome = await judgeTask({
          battleId,
          task,
          results,
          judge,
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
        verdict = outcome.verdict;
        for (const e of outcome.evaluations) {
          out.evaluations.push({
            resultId: e.resultId,
            evaluation: { ...e.evaluation, id, details: { ...e.evaluation.details, repeat } },
          });
        }
      } catch (err) {
        verdict = thrownVerdict(battleId, task, judge, err);
      }
      out.verdicts.push(verdict);
      opts.onVerdict?.(verdict);
    }
  }
  return out;
}

export async function writeJudgement(folderPath: string, j: BattleJudgement): Promise<string> {
  const file = path.join(folderPath, JUDGE_FILE);
  await writeFileAtomic(file, `${JSON.stringify(j, null, 2)}\n`);
  return file;
}

/** Posts each result's judge evaluations; the first failure is returned (judge.json keeps them). */
export async function postJudgement(
  client: ApiClient,
  j: BattleJudgement,
): Promise<{ posted: number; failed: string | null }> {
  const byResult = new Map<string, Evaluation[]>();
  for (const e of j.evaluations)
    byResult.set(e.resultId, [...(byResult.get(e.resultId) ?? []), e.evaluation]);
  let posted = 0;
  for (const [resultId, evaluations] of byResult) {
    const out = await client.postEvaluations(resultId, evaluations as (Evaluation & { id: string })[]);
    if (!out.ok) return { posted, failed: out.message };
    posted += evaluations.length;
  }
  return { posted, failed: null };
}
