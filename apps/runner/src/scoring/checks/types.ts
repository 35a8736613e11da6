/** The shape every assertion type of the registry has (PRODUCT F8). */
import type { Result, Task } from '@ringside/shared';
import type { Sandbox } from '../../sandbox/sandbox.ts';

export interface CheckContext<P> {
  /** the assertion's value, as its check's `prepare` validated and compiled it */
  value: P;
  /** the task's reference answer, when it has one */
  reference: string | undefined;
  /** the result's measured metrics (tokens, TTFT, E2E…) */
  metrics: Result['metrics'];
  task: Task;
}

/** A verdict: `score` in [0, 1]; `pass` is the check's own rule (a threshold may override it). */
export interface CheckOutcome {
  pass: boolean;
  score: number;
  reason: string;
}

/** A check that could not be evaluated (the sandbox refused): it counts neither way. */
export interface CheckSkipped {
  skipped: true;
  reason: string;
}

interface CheckBase<P> {
  /** one line for docs and error messages */
  description: string;
  /**
   * Validates and compiles the assertion value once, at suite load: throws {@link CheckConfigError}
   * for a check that cannot run (bad regex, bad schema, predicate that does not compile).
   */
  prepare(value: unknown, task: Task): P;
}

/** A pure function of the output and the context. */
export interface PureCheck<P> extends CheckBase<P> {
  kind: 'pure';
  run(output: string, ctx: CheckContext<P>): CheckOutcome;
}

/** A check whose work runs in the sandbox (the `javascript` predicate): the only impure kind. */
export interface SandboxedCheck<P> extends CheckBase<P> {
  kind: 'sandboxed';
  run(output: string, ctx: CheckContext<P>, sandbox: Sandbox): Promise<CheckOutcome | CheckSkipped>;
}

export type CheckDefinition<P = unknown> = PureCheck<P> | SandboxedCheck<P>;

/** An assertion value its check cannot use; the suite loader names the file, task and field. */
export class CheckConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckConfigError';
  }
}

/** Identity helper that keeps each check's value type `P` while the registry erases it. */
export function defineCheck<P>(check: CheckDefinition<P>): CheckDefinition<unknown> {
  return check as CheckDefinition<unknown>;
}

export const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
export const verdict = (pass: boolean, reason: string, score = pass ? 1 : 0): CheckOutcome => ({
  pass,
  score: clamp01(score),
  reason,
});
export const quote = (s: string, max = 60) => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
