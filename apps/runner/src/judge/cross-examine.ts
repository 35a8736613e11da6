/**
 * Cross-examination (PRODUCT F11): after a battle, a chosen model is shown the battle's tasks and
 * results and answers a question about them; the exchange is returned for the battle's record.
 */
import type { Contestant, CrossExamination, Result, Task } from '@ringside/shared';
import { LABELS } from './anonymise.ts';
import { callModel, type ModelRef } from './model-call.ts';

export interface CrossExamineInput {
  battleId: string;
  tasks: Task[];
  results: Result[];
  /** names the results by contestant label or provider:model; without it, by contestant id */
  contestants?: Contestant[];
  examiner: ModelRef;
  question: string;
  /** show contestants as A, B, C… instead of their names */
  anonymise?: boolean;
  signal?: AbortSignal;
}

const PER_ANSWER = 4_000;
const TOTAL = 120_000;

export const CROSS_EXAMINE_SYSTEM =
  'You examine the results of a battle between language models: the same tasks were put to each ' +
  'contestant. Answer the question about these results precisely, citing contestants and tasks, ' +
  'and say when the results do not allow an answer.';

/** The prompt the examiner sees (pure): tasks, then each contestant's answer and figures, then the question. */
export function crossExaminePrompt(input: Omit<CrossExamineInput, 'examiner' | 'signal'>): string {
  const ids = [...new Set(input.results.map((r) => r.contestantId))];
  const nameOf = (id: string): string => {
    if (input.anonymise) return `Contestant ${LABELS[ids.indexOf(id)] ?? id}`;
    const c = input.contestants?.find((x) => x.id === id);
    return c ? (c.label ?? `${c.provider}:${c.model}${c.persona ? ` (${c.persona.name})` : ''}`) : id;
  };
  const sections = input.tasks.map((task) => {
    const answers = input.results
      .filter((r) => r.taskId === task.id)
      .map((r) => {
        const m = r.metrics;
        const figures = [
          m.ttftMs !== null ? `TTFT ${Math.round(m.ttftMs)} ms` : null,
          m.e2eMs !== null ? `E2E ${Math.round(m.e2eMs)} ms` : null,
          m.outputTokens !== null ? `${m.outputTokens} tokens` : null,
          r.score !== null ? `score ${r.score.toFixed(2)}` : null,
          r.status !== 'ok' ? `status ${r.status}${r.error ? ` (${r.error.kind})` : ''}` : null,
        ].filter(Boolean);
        const text =
          r.output.text.length > PER_ANSWER ? `${r.output.text.slice(0, PER_ANSWER)}\n[…]` : r.output.text;
        return `#### ${nameOf(r.contestantId)}${r.repeat ? ` (repeat ${r.repeat})` : ''} — ${figures.join(', ')}\n${text}`;
      });
    return [
      `### Task ${task.id}\n${task.prompt}`,
      ...(task.reference ? [`Reference:\n${task.reference}`] : []),
      ...answers,
    ].join('\n\n');
  });
  let body = sections.join('\n\n');
  if (body.length > TOTAL) body = `${body.slice(0, TOTAL)}\n[… results cut to fit]`;
  return `${body}\n\nQuestion: ${input.question}`;
}

export async function crossExamine(input: CrossExamineInput): Promise<CrossExamination> {
  const prompt = crossExaminePrompt(input);
  const reply = await callModel(input.examiner, CROSS_EXAMINE_SYSTEM, [{ role: 'user', content: prompt }], {
    battleId: input.battleId,
    purpose: 'cross-examine',
    defaults: { temperature: 0.2, maxTokens: 1_500 },
    ...(input.signal ? { signal: input.signal } : {}),
  });
  return {
    battleId: input.battleId,
    examiner: { provider: input.examiner.provider.id, model: input.examiner.model },
    question: input.question,
    prompt: [
      { role: 'system', content: CROSS_EXAMINE_SYSTEM },
      { role: 'user', content: prompt },
    ],
    answer: reply.text,
    status: reply.error ? 'error' : 'ok',
    error: reply.error,
    e2eMs: reply.e2eMs,
    at: new Date().toISOString(),
  };
}
