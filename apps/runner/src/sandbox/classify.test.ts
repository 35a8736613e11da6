import { describe, expect, it } from 'vitest';
import { classifyTestRun } from './classify.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import type { HarnessEvent, ProcessRun } from './sandbox.ts';

const run = (events: HarnessEvent[], extra: Partial<ProcessRun> = {}): ProcessRun => ({
  status: 'ran',
  exitCode: 0,
  signal: null,
  stdout: '',
  stderr: '',
  stdoutTruncated: false,
  stderrTruncated: false,
  events,
  timedOut: false,
  outputLimited: false,
  durationMs: 10,
  limits: DEFAULT_LIMITS,
  ...extra,
});
const ok = { type: 'load', ok: true };
const pass = (name: string) => ({ type: 'test', name, passed: true });

describe('classifyTestRun', () => {
  it('is ok when every test passed', () => {
    expect(classifyTestRun(run([ok, pass('a'), pass('b'), { type: 'done' }]))).toMatchObject({
      reason: 'ok',
      passed: 2,
      total: 2,
    });
  });

  it('names the first failing test and its message', () => {
    const r = classifyTestRun(
      run([
        ok,
        pass('a'),
        { type: 'test', name: 'b', passed: false, kind: 'assertion', message: 'x != 2' },
        { type: 'done' },
      ]),
    );
    expect(r).toMatchObject({ reason: 'test-failure', passed: 1, total: 2, message: 'b: x != 2' });
  });

  it('reports a syntax error or a crash while loading the answer', () => {
    const bad = (kind: string) => run([{ type: 'load', ok: false, kind, message: 'line 3' }]);
    expect(classifyTestRun(bad('syntax-error'))).toMatchObject({ reason: 'syntax-error', message: 'line 3' });
    expect(classifyTestRun(bad('runtime-error')).reason).toBe('runtime-error');
    expect(classifyTestRun(bad('memory')).reason).toBe('memory');
  });

  it('on a timeout, marks the test that was running as timed out and keeps the earlier results', () => {
    const r = classifyTestRun(run([ok, pass('a'), { type: 'test-start', name: 'b' }], { timedOut: true }));
    expect(r.reason).toBe('timeout');
    expect(r.tests).toEqual([
      { name: 'a', passed: true },
      { name: 'b', passed: false, kind: 'timeout', message: 'killed after the 10000 ms time limit' },
    ]);
  });

  it('reads a heap-limit abort as killed for memory', () => {
    const r = classifyTestRun(
      run([ok, { type: 'test-start', name: 'big' }], {
        exitCode: null,
        signal: 'SIGABRT',
        stderr: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      }),
    );
    expect(r).toMatchObject({ reason: 'memory', tests: [{ name: 'big', kind: 'memory' }] });
  });

  it('reports output-limit, a crash with the end of stderr, and a test file without tests', () => {
    expect(classifyTestRun(run([ok], { outputLimited: true })).reason).toBe('output-limit');
    const crash = classifyTestRun(run([ok], { exitCode: 139, stderr: 'Segmentation fault' }));
    expect(crash.reason).toBe('crashed');
    expect(crash.message).toContain('Segmentation fault');
    expect(classifyTestRun(run([ok, { type: 'done' }])).reason).toBe('no-tests');
  });
});
