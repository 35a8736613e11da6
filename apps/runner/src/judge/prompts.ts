/** The texts the judge pipeline sends (pure, so what the judge sees is tested word for word). */
import type { Result, Task } from '@ringside/shared';

const MAX_ANSWER = 24_000;
const clip = (s: string, max: number) =>
  s.length > max ? `${s.slice(0, max)}\n[… ${s.length - max} more characters]` : s;

export const DIGEST_SYSTEM =
  'You write a neutral digest of one answer to a task, for a judge who will compare several answers. ' +
  'Report what the answer says or does, its approach, any code and whether it looks complete, and ' +
  'mistakes or omissions you notice. Do not compare it with other answers and do not give a score.';

export function digestPrompt(task: Task, answer: string): string {
  return [
    `Task:\n${clip(task.prompt, 8_000)}`,
    `Answer:\n${clip(answer, MAX_ANSWER)}`,
    'Write the digest in at most 150 words.',
  ].join('\n\n');
}

export const JUDGE_SYSTEM =
  'You are an impartial judge comparing anonymous answers to the same task. Judge the substance, ' +
  'not the length or the style of writing, and ignore the order in which the answers are shown. ' +
  'Reply with one JSON object and nothing else.';

/** A line on what the automatic checks said, so the judge weighs facts it cannot see (test runs). */
export function automaticSummary(result: Result): string {
  if (result.status !== 'ok') return `the model call failed (${result.error?.kind ?? result.status})`;
  const parts: string[] = [];
  if (result.score !== null)
    parts.push(`automatic score ${result.score.toFixed(2)}${result.passed ? ' (passed)' : ''}`);
  for (const e of result.evaluations) {
    if (e.source === 'code' && e.maxScore !== null) parts.push(`hidden tests ${e.raw}/${e.maxScore} passed`);
  }
  return parts.join('; ') || 'no automatic checks';
}

export interface JudgeEntry {
  label: string;
  digest: string;
  automatic: string;
}

export function judgePrompt(task: Task, entries: readonly JudgeEntry[]): string {
  const labels = entries.map((e) => e.label);
  const rubric = (task.rubric ?? []).map((r) => `- ${r.name}${r.description ? `: ${r.description}` : ''}`);
  const scoreShape = labels.map(
    (l) => `"${l}": {"correctness": 0-100, "efficiency": 0-100, "clarity": 0-100}`,
  );
  return [
    `Task:\n${clip(task.prompt, 8_000)}`,
    task.reference ? `Reference answer:\n${clip(task.reference, 8_000)}` : 'There is no reference answer.',
    rubric.length > 0 ? `The task's own criteria:\n${rubric.join('\n')}` : '',
    ...entries.map((e) => `### Answer ${e.label}\nDigest: ${e.digest}\nAutomatic checks: ${e.automatic}`),
    [
      `Name the better answer (${labels.join(', ')}) or "tie", give your reasons in a few sentences, and`,
      'score each answer from 0 to 100 for correctness, efficiency and clarity. Reply with JSON:',
      `{"winner": "${labels.join('" | "')}" | "tie", "reasons": "...", "scores": {${scoreShape.join(', ')}}}`,
    ].join('\n'),
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function retryPrompt(error: string): string {
  return `Your reply could not be used (${error}). Reply again with only the JSON object, in the format asked.`;
}
