/**
 * The LLM judge (PRODUCT F10) for one task of a battle: stage 1 digests each answer, stage 2 shows
 * the judge the task, the reference and the digests of answers labelled A, B, C… in a seeded
 * order, and reads back a winner with reasons and rubric scores. A malformed reply is retried
 * once, then the verdict is a judge error. Never throws for what the model does.
 */
import type { Evaluation, JudgeVerdict, Result, Task } from '@ringside/shared';
import type { ChatMessage } from '../providers/types.ts';
import { anonymise, seedFrom } from './anonymise.ts';
import { callModel, type ModelRef } from './model-call.ts';
import {
  automaticSummary,
  DIGEST_SYSTEM,
  digestPrompt,
  JUDGE_SYSTEM,
  type JudgeEntry,
  judgePrompt,
  retryPrompt,
} from './prompts.ts';
import { type ParsedVerdict, parseVerdict } from './verdict.ts';

export interface JudgeTaskInput {
  battleId: string;
  task: Task;
  /** one result per contestant for this task (2–8) */
  results: Result[];
  judge: ModelRef;
  /** order seed; default: derived from battle and task ids, so a re-judge shows the same order */
  seed?: number;
  signal?: AbortSignal;
}

export interface JudgeOutcome {
  verdict: JudgeVerdict;
  /** one `judge` evaluation per result, to store with it (kept apart from human votes) */
  evaluations: { resultId: string; contestantId: string; evaluation: Evaluation }[];
}

const DIGEST_SAMPLING = { temperature: 0, maxTokens: 400 };
const JUDGE_SAMPLING = { temperature: 0, maxTokens: 1_200 };
const FALLBACK_DIGEST = 1_500;

export function judgeName(judge: ModelRef): string {
  return `judge:${judge.provider.id}:${judge.model}`.slice(0, 128);
}

export async function judgeTask(input: JudgeTaskInput): Promise<JudgeOutcome> {
  const { task, judge, battleId } = input;
  const seed = input.seed ?? seedFrom(`${battleId}:${task.id}`);
  const shown = anonymise(input.results, seed);
  const labels = shown.map((s) => s.label);
  const call = (purpose: string, system: string, turns: ChatMessage[], defaults: typeof JUDGE_SAMPLING) =>
    callModel(judge, system, turns, {
      battleId,
      purpose,
      defaults,
      ...(input.signal ? { signal: input.signal } : {}),
    });

  // Stage 1: digests, one call per answer, one at a time (a local judge holds one model).
  const digests: JudgeVerdict['digests'] = [];
  for (const { label, item } of shown) {
    if (item.status !== 'ok' || item.output.text.trim() === '') {
      digests.push({ label, text: '(no answer)' });
      continue;
    }
    const reply = await call(
      `digest-${label}`,
      DIGEST_SYSTEM,
      [{ role: 'user', content: digestPrompt(task, item.output.text) }],
      DIGEST_SAMPLING,
    );
    const text = reply.text.trim();
    if (reply.error || text === '') {
      // the judge still sees the answer, cut short, rather than nothing
      digests.push({
        label,
        text: item.output.text.slice(0, FALLBACK_DIGEST),
        error: reply.error ?? 'empty digest',
      });
    } else {
      digests.push({ label, text: text.slice(0, 20_000) });
    }
  }

  // Stage 2: the verdict, retried once when the reply is malformed.
  const entries: JudgeEntry[] = shown.map(({ label, item }, i) => ({
    label,
    digest: digests[i]!.text,
    automatic: automaticSummary(item),
  }));
  const turns: ChatMessage[] = [{ role: 'user', content: judgePrompt(task, entries) }];
  let attempts = 0;
  let parsed: ParsedVerdict | null = null;
  let failure: { message: string; reply?: string } | null = null;
  while (attempts < 2 && !parsed) {
    attempts++;
    const reply = await call(`judge-${attempts}`, JUDGE_SYSTEM, turns, JUDGE_SAMPLING);
    if (reply.error) {
      failure = { message: `the judge call failed: ${reply.error}` };
      continue;
    }
    const outcome = parseVerdict(reply.text, labels);
    if (outcome.ok) {
      parsed = outcome.verdict;
    } else {
      failure = { message: outcome.error, reply: reply.text.slice(0, 20_000) };
      turns.push(
        { role: 'assistant', content: reply.text.slice(0, 8_000) },
        { role: 'user', content: retryPrompt(outcome.error) },
      );
    }
  }

  const order = shown.map(({ label, item }) => ({
    label,
    contestantId: item.contestantId,
    resultId: item.id,
  }));
  const base = {
    battleId,
    taskId: task.id,
    judge: { provider: judge.provider.id, model: judge.model },
    seed,
    order,
    digests,
    attempts,
    at: new Date().toISOString(),
  };
  if (!parsed) {
    const error = failure ?? { message: 'no verdict' };
    const verdict: JudgeVerdict = {
      ...base,
      status: 'error',
      winner: null,
      tie: false,
      reasons: '',
      scores: [],
      error,
    };
    return {
      verdict,
      evaluations: order.map((o) => ({
        resultId: o.resultId,
        contestantId: o.contestantId,
        evaluation: {
          source: 'judge',
          evaluator: judgeName(judge),
          score: null,
          raw: null,
          maxScore: null,
          passed: null,
          details: {
            status: 'error',
            winner: null,
            tie: false,
            order,
            label: o.label,
            error: 'judge-error',
            message: error.message,
            attempts,
          },
        },
      })),
    };
  }
  const tie = parsed.winner === 'TIE';
  const winner = tie ? null : (order.find((o) => o.label === parsed.winner)?.contestantId ?? null);
  const scores = order.map((o) => ({
    contestantId: o.contestantId,
    label: o.label,
    ...parsed.scores[o.label]!,
  }));
  const verdict: JudgeVerdict = {
    ...base,
    status: 'ok',
    winner,
    tie,
    reasons: parsed.reasons,
    scores,
    error: null,
  };
  return {
    verdict,
    evaluations: order.map((o, i) => {
      const rubric = scores[i]!;
      const mean = (rubric.correctness + rubric.efficiency + rubric.clarity) / 3;
      return {
        resultId: o.resultId,
        contestantId: o.contestantId,
        evaluation: {
          source: 'judge',
          evaluator: judgeName(judge),
          score: mean / 100,
          raw: mean,
          maxScore: 100,
          passed: null,
          // the verdict itself (status, winner id, tie, order: the shared JudgeOutcomeSchema the
          // ratings read), then this answer's label and rubric scores
          details: {
            status: 'ok',
            winner,
            tie,
            order,
            seed,
            label: o.label,
            isWinner: o.contestantId === winner,
            correctness: rubric.correctness,
            efficiency: rubric.efficiency,
            clarity: rubric.clarity,
            reasons: parsed.reasons,
          },
        },
      };
    }),
  };
}
