/**
 * Prepares a task's checks once (compiled regexes, schemas, predicate syntax) and reports every
 * check that cannot run, with the field it sits in, so suites fail at load and not mid-battle.
 */
import { Script } from 'node:vm';
import type { HiddenTests, Task } from '@ringside/shared';
import { stripTypes } from '../sandbox/hidden-tests.ts';
import { type ResolvedCheck, resolveCheck } from './checks/registry.ts';
import { CheckConfigError } from './checks/types.ts';

export interface CompiledCheck extends ResolvedCheck {
  index: number;
  type: string;
  weight: number;
  threshold: number | undefined;
  prepared: unknown;
}

export interface CompiledTask {
  task: Task;
  checks: CompiledCheck[];
  tests: (HiddenTests & { weight: number }) | null;
}

export interface TaskIssue {
  /** path inside the task, e.g. `['assertions', 2, 'value']` */
  path: (string | number)[];
  message: string;
}

export type CompileOutcome = { ok: true; compiled: CompiledTask } | { ok: false; issues: TaskIssue[] };

const cache = new WeakMap<Task, CompiledTask>();

export function compileTask(task: Task): CompileOutcome {
  const cached = cache.get(task);
  if (cached) return { ok: true, compiled: cached };
  const issues: TaskIssue[] = [];
  const checks: CompiledCheck[] = [];
  task.assertions.forEach((assertion, index) => {
    let resolved: ResolvedCheck;
    try {
      resolved = resolveCheck(assertion.type);
    } catch (error) {
      issues.push({ path: ['assertions', index, 'type'], message: messageOf(error) });
      return;
    }
    try {
      const prepared = resolved.check.prepare(assertion.value, task);
      checks.push({
        ...resolved,
        index,
        type: assertion.type,
        weight: assertion.weight ?? 1,
        threshold: assertion.threshold,
        prepared,
      });
    } catch (error) {
      if (!(error instanceof CheckConfigError)) throw error;
      issues.push({ path: ['assertions', index, 'value'], message: `${assertion.type}: ${error.message}` });
    }
  });
  if (task.tests && task.tests.language !== 'python') {
    const error = javascriptTestsError(task.tests.code, task.tests.language === 'typescript');
    if (error) issues.push({ path: ['tests', 'code'], message: `the hidden tests do not compile: ${error}` });
  }
  if (issues.length > 0) return { ok: false, issues };
  const compiled: CompiledTask = {
    task,
    checks,
    tests: task.tests ? { ...task.tests, weight: task.tests.weight ?? 1 } : null,
  };
  cache.set(task, compiled);
  return { ok: true, compiled };
}

/**
 * Parses (never runs) JavaScript hidden tests the way the harness will see them: a block inside
 * an async module body. Python tests are checked when they first run.
 */
function javascriptTestsError(code: string, typescript: boolean): string | null {
  let source = code;
  if (typescript) {
    const stripped = stripTypes(code);
    if ('error' in stripped) return stripped.error;
    source = stripped.code;
  }
  try {
    new Script(`(async () => {\n${source}\n})`);
    return null;
  } catch (error) {
    return messageOf(error);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
