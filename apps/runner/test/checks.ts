/** Test helper: one assertion through the real path (registry → prepare → run → threshold/not). */
import { type Assertion, type Result, type Task, TaskSchema } from '@ringside/shared';
import { type Sandbox, unavailableSandbox } from '../src/sandbox/sandbox.ts';
import type { CheckOutcome, CheckSkipped } from '../src/scoring/checks/types.ts';
import { compileTask } from '../src/scoring/compile-task.ts';
import { runCheck } from '../src/scoring/score-result.ts';
import { noMetrics } from './results.ts';

export function taskWith(assertion: Partial<Assertion> & { type: string }, extra: Partial<Task> = {}): Task {
  return TaskSchema.parse({ id: 't1', prompt: 'p', assertions: [assertion], ...extra });
}

export async function evaluate(
  assertion: Partial<Assertion> & { type: string },
  output: string,
  opts: { metrics?: Partial<Result['metrics']>; reference?: string; sandbox?: Sandbox } = {},
): Promise<CheckOutcome | CheckSkipped> {
  const task = taskWith(assertion, opts.reference ? { reference: opts.reference } : {});
  const compiled = compileTask(task);
  if (!compiled.ok) throw new Error(compiled.issues.map((i) => i.message).join('; '));
  return runCheck(
    compiled.compiled.checks[0]!,
    output,
    task,
    { metrics: { ...noMetrics, ...opts.metrics } },
    opts.sandbox ?? unavailableSandbox('none in this test'),
  );
}

/** The load-time error of an assertion, or null when it compiles. */
export function configError(
  assertion: Partial<Assertion> & { type: string },
  extra: Partial<Task> = {},
): string | null {
  const compiled = compileTask(taskWith(assertion, extra));
  return compiled.ok ? null : compiled.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}
