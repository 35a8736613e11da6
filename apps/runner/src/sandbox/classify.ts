/**
 * Turns a finished sandboxed test run (process outcome + harness reports) into per-test results
 * and one reason. Pure, so every failure path is tested without running anything.
 */
import type { HarnessEvent, ProcessRun } from './sandbox.ts';

export type TestRunReason =
  | 'ok'
  | 'test-failure'
  | 'syntax-error'
  | 'runtime-error'
  | 'timeout'
  | 'memory'
  | 'output-limit'
  | 'crashed'
  | 'no-tests'
  | 'tests-error'
  | 'sandbox-unavailable';

export interface TestCaseResult {
  name: string;
  passed: boolean;
  /** 'assertion' | 'error' | 'memory' | 'timeout' (the test running when time ran out) */
  kind?: string;
  message?: string;
}

export interface TestRunSummary {
  reason: TestRunReason;
  passed: number;
  total: number;
  tests: TestCaseResult[];
  /** the load error, the crash, or the first failing test, in a sentence */
  message: string;
}

const MEMORY_PATTERN =
  /MemoryError|heap out of memory|Reached heap limit|Cannot allocate memory|std::bad_alloc|ENOMEM|Array buffer allocation failed/;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function classifyTestRun(run: ProcessRun): TestRunSummary {
  const tests: TestCaseResult[] = [];
  let running: string | null = null;
  let load: HarnessEvent | null = null;
  let done = false;
  for (const e of run.events) {
    if (e.type === 'load') load = e;
    else if (e.type === 'test-start') running = str(e.name) ?? null;
    else if (e.type === 'test') {
      running = null;
      tests.push({
        name: str(e.name) ?? '?',
        passed: e.passed === true,
        ...(str(e.kind) ? { kind: str(e.kind) } : {}),
        ...(str(e.message) ? { message: str(e.message) } : {}),
      });
    } else if (e.type === 'done') done = true;
  }
  const memoryHint = MEMORY_PATTERN.test(run.stderr);
  const stopped = (reason: TestRunReason, message: string): TestRunSummary => {
    if (running) tests.push({ name: running, passed: false, kind: reason, message });
    return summary(reason, tests, message);
  };
  if (run.timedOut) return stopped('timeout', `killed after the ${run.limits.wallMs} ms time limit`);
  if (run.outputLimited)
    return stopped('output-limit', `killed: wrote more than ${run.limits.outputBytes} bytes of output`);
  if (load && load.ok === false) {
    const kind = str(load.kind);
    const reason: TestRunReason =
      kind === 'syntax-error' || kind === 'memory' || kind === 'tests-error' ? kind : 'runtime-error';
    return summary(reason, tests, str(load.message) ?? reason);
  }
  if (!done) {
    if (memoryHint || (run.signal === 'SIGABRT' && /heap/i.test(run.stderr)))
      return stopped('memory', 'killed for memory: the memory limit was reached');
    if (run.signal === 'SIGXCPU') return stopped('timeout', 'killed after its CPU-time limit');
    const tail = run.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 500);
    return stopped(
      'crashed',
      `the process ended before the tests finished (exit ${run.exitCode ?? run.signal})${tail ? `: ${tail}` : ''}`,
    );
  }
  if (tests.length === 0) return summary('no-tests', tests, 'the hidden tests defined no test');
  const failed = tests.find((t) => !t.passed);
  if (!failed) return summary('ok', tests, `${tests.length}/${tests.length} tests passed`);
  const memory = tests.some((t) => t.kind === 'memory');
  return summary(
    memory ? 'memory' : 'test-failure',
    tests,
    `${failed.name}: ${failed.message ?? 'failed'}`.slice(0, 1000),
  );
}

function summary(reason: TestRunReason, tests: TestCaseResult[], message: string): TestRunSummary {
  return { reason, passed: tests.filter((t) => t.passed).length, total: tests.length, tests, message };
}
