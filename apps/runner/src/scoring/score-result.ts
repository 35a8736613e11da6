/**
 * Scores one result against its task (PRODUCT F8/F9): every assertion becomes a `check`
 * evaluation, the hidden tests a `code` evaluation, and their weighted mean the result's score.
 * A failed model call scores 0 without running anything; a stopped one is not scored.
 */
import type { Evaluation, Result, Task } from '@ringside/shared';
import { runHiddenTests, type TestRun } from '../sandbox/hidden-tests.ts';
import { type Sandbox, unavailableSandbox } from '../sandbox/sandbox.ts';
import type { CheckOutcome, CheckSkipped } from './checks/types.ts';
import { combineParts, type Part } from './combine.ts';
import { type CompiledCheck, type CompiledTask, compileTask } from './compile-task.ts';

export interface Scored {
  score: number | null;
  passed: boolean | null;
  evaluations: Evaluation[];
}

export interface ScoreOptions {
  /** runs `javascript` predicates and hidden tests; without one they are recorded as not run */
  sandbox?: Sandbox;
}

/** A task whose checks cannot run; suites are checked at load, so this means an unchecked task. */
export class TaskConfigError extends Error {
  constructor(taskId: string, issues: { path: (string | number)[]; message: string }[]) {
    super(`task '${taskId}': ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.name = 'TaskConfigError';
  }
}

export function compileOrThrow(task: Task): CompiledTask {
  const outcome = compileTask(task);
  if (!outcome.ok) throw new TaskConfigError(task.id, outcome.issues);
  return outcome.compiled;
}

const NO_SANDBOX = unavailableSandbox('no sandbox was given to scoreResult');

export async function scoreResult(task: Task, result: Result, opts: ScoreOptions = {}): Promise<Scored> {
  const compiled = compileOrThrow(task);
  if (result.status === 'stopped') return { score: null, passed: null, evaluations: [] };
  if (result.status === 'error') {
    return {
      score: 0,
      passed: false,
      evaluations: [
        {
          source: 'check',
          evaluator: 'answer',
          score: 0,
          raw: null,
          maxScore: null,
          passed: false,
          details: { reason: `no answer: the model call failed (${result.error?.kind ?? 'error'})` },
        },
      ],
    };
  }
  const sandbox = opts.sandbox ?? NO_SANDBOX;
  const output = result.output.text;
  const parts: Part[] = [];
  const evaluations: Evaluation[] = [];
  for (const check of compiled.checks) {
    const outcome = await runCheck(check, output, task, result, sandbox);
    const evaluation = checkEvaluation(check, outcome);
    evaluations.push(evaluation);
    parts.push({ weight: check.weight, score: evaluation.score, passed: evaluation.passed });
  }
  if (compiled.tests) {
    const run = await runHiddenTests(sandbox, {
      language: compiled.tests.language,
      answer: output,
      tests: compiled.tests.code,
    });
    const evaluation = testsEvaluation(compiled.tests.language, compiled.tests.weight, run);
    evaluations.push(evaluation);
    parts.push({ weight: compiled.tests.weight, score: evaluation.score, passed: evaluation.passed });
  }
  return { ...combineParts(parts, task.passThreshold), evaluations };
}

/** Runs one compiled check and applies its threshold, then `not-`. */
export async function runCheck(
  check: CompiledCheck,
  output: string,
  task: Task,
  result: Pick<Result, 'metrics'>,
  sandbox: Sandbox,
): Promise<CheckOutcome | CheckSkipped> {
  const ctx = { value: check.prepared, reference: task.reference, metrics: result.metrics, task };
  const raw =
    check.check.kind === 'pure' ? check.check.run(output, ctx) : await check.check.run(output, ctx, sandbox);
  return applyThresholdAndNegation(raw, check.threshold, check.negate);
}

export function applyThresholdAndNegation(
  outcome: CheckOutcome | CheckSkipped,
  threshold: number | undefined,
  negate: boolean,
): CheckOutcome | CheckSkipped {
  if ('skipped' in outcome) return outcome;
  const pass = threshold === undefined ? outcome.pass : outcome.score >= threshold;
  const reason = threshold === undefined ? outcome.reason : `${outcome.reason} (threshold ${threshold})`;
  return negate
    ? { pass: !pass, score: 1 - outcome.score, reason: `not: ${reason}` }
    : { ...outcome, pass, reason };
}

function checkEvaluation(check: CompiledCheck, outcome: CheckOutcome | CheckSkipped): Evaluation {
  const skipped = 'skipped' in outcome;
  return {
    source: 'check',
    evaluator: check.type,
    score: skipped ? null : outcome.score,
    raw: null,
    maxScore: null,
    passed: skipped ? null : outcome.pass,
    details: {
      index: check.index,
      weight: check.weight,
      reason: outcome.reason,
      ...(check.threshold !== undefined ? { threshold: check.threshold } : {}),
      ...(skipped ? { error: 'sandbox-unavailable' } : {}),
    },
  };
}

function testsEvaluation(language: string, weight: number, run: TestRun): Evaluation {
  const unavailable = run.reason === 'sandbox-unavailable';
  const score = unavailable ? null : run.total > 0 ? run.passed / run.total : 0;
  return {
    source: 'code',
    evaluator: `tests:${language}`,
    score,
    raw: unavailable ? null : run.passed,
    maxScore: run.total > 0 ? run.total : null,
    passed: unavailable ? null : run.reason === 'ok',
    details: {
      weight,
      reason: run.reason,
      message: run.message,
      tests: run.tests,
      extracted: run.extracted,
      stdout: run.stdout,
      stderr: run.stderr,
      stdoutTruncated: run.stdoutTruncated,
      stderrTruncated: run.stderrTruncated,
      exitCode: run.exitCode,
      signal: run.signal,
      durationMs: run.durationMs,
      sandbox: run.sandbox,
    },
  };
}
