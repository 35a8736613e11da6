import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

/**
 * Ends a run with one plain line that CI logs can be read by: `N passed, N failed, N skipped`, then
 * what failed outside any test. A file that failed outside its tests (it did not load, a hook
 * threw) counts as one failure, and the tests it never ran are "not run", not "skipped": skipped
 * means skipped on purpose. An error outside every file (a global setup that threw) counts too.
 */
export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
  notRun: number;
  /** files that failed outside their tests, with the first such error */
  failedFiles: string[];
  /** errors outside every file, or a failed run nothing else accounts for */
  runErrors: string[];
}

const firstLine = (e: SerializedError | undefined): string =>
  (e?.message ?? 'unknown error').split('\n')[0] ?? '';

/** The errors of a file outside its tests: its own (it did not load) and its suites' (hooks). */
function errorsOutsideTests(m: TestModule): SerializedError[] {
  return [...m.errors(), ...[...m.children.allSuites()].flatMap((s) => s.errors())];
}

export function summarize(
  modules: readonly TestModule[],
  unhandledErrors: readonly SerializedError[],
  reason: TestRunEndReason,
): RunSummary {
  const s: RunSummary = { passed: 0, failed: 0, skipped: 0, notRun: 0, failedFiles: [], runErrors: [] };
  for (const m of modules) {
    let testsFailed = 0;
    let unfinished = 0;
    for (const t of m.children.allTests()) {
      const state = t.result().state;
      if (state === 'passed') s.passed++;
      else if (state === 'failed') testsFailed++;
      else if (t.options.mode === 'skip' || t.options.mode === 'todo') s.skipped++;
      else unfinished++;
    }
    s.failed += testsFailed;
    const outside = errorsOutsideTests(m);
    if (outside.length > 0 || (m.state() === 'failed' && testsFailed === 0)) {
      s.failed++;
      s.notRun += unfinished;
      s.failedFiles.push(`${m.relativeModuleId} (${firstLine(outside[0])})`);
    } else {
      // skipped at run time (`ctx.skip()`) in a file that ran normally
      s.skipped += unfinished;
    }
  }
  for (const e of unhandledErrors) {
    s.failed++;
    s.runErrors.push(firstLine(e));
  }
  if (reason === 'failed' && s.failed === 0) {
    // a global setup that threw ends the run before any file, and reaches no reporter
    s.failed++;
    s.runErrors.push(
      'the run failed before or around its files (a global setup, the config): see the error in the log',
    );
  }
  return s;
}

export function summaryLine(s: RunSummary): string {
  let line = `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
  if (s.failedFiles.length > 0) {
    const files =
      s.failedFiles.length === 1
        ? '1 file failed outside its'
        : `${s.failedFiles.length} files failed outside their`;
    line += `; ${files} tests, ${s.notRun} tests not run: ${s.failedFiles.join(', ')}`;
  }
  if (s.runErrors.length > 0) line += `; outside any file: ${s.runErrors.join(', ')}`;
  return line;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    modules: readonly TestModule[],
    unhandledErrors: readonly SerializedError[],
    reason: TestRunEndReason,
  ): void {
    process.stdout.write(`\n${summaryLine(summarize(modules, unhandledErrors, reason))}\n`);
  }
}
