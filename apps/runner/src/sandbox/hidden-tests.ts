/** Runs a task's hidden tests (PRODUCT F9) against the code in an answer, inside the sandbox. */
import { stripTypeScriptTypes } from 'node:module';
import { classifyTestRun, type TestCaseResult, type TestRunReason } from './classify.ts';
import { type CodeLanguage, type ExtractedCode, extractCode } from './extract-code.ts';
import { NODE_HARNESS } from './harness-node.ts';
import { PYTHON_HARNESS } from './harness-python.ts';
import type { SandboxLimits } from './limits.ts';
import type { Sandbox, SandboxJob } from './sandbox.ts';

export interface HiddenTestsInput {
  language: CodeLanguage;
  /** the model's whole answer; the code is extracted from it */
  answer: string;
  /** the task's hidden tests */
  tests: string;
  limits?: Partial<SandboxLimits>;
}

export interface TestRun {
  reason: TestRunReason;
  passed: number;
  total: number;
  tests: TestCaseResult[];
  message: string;
  extracted: Pick<ExtractedCode, 'from' | 'tag' | 'blocks'> & { chars: number };
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  exitCode: number | null;
  signal: string | null;
  durationMs: number | null;
  sandbox: string;
}

const EXCERPT = 4000;
const TS_TAGS = ['ts', 'typescript', 'mts', 'tsx'];
const excerpt = (s: string) => (s.length > EXCERPT ? `${s.slice(0, EXCERPT)}…` : s);

/**
 * TypeScript to JavaScript with Node's own type stripping (positions are kept, so line numbers
 * still match). Done in the runner: it only rewrites text, and its WebAssembly parser does not
 * start under the sandbox's address-space limit. Returns the error message on a syntax error.
 */
export function stripTypes(source: string): { code: string } | { error: string } {
  // Node 22 flags the API as experimental on first use; that warning would reach every CLI user.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (!String(warning).includes('stripTypeScriptTypes'))
      (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return { code: stripTypeScriptTypes(source, { mode: 'strip' }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** The files and argv of a hidden-test run (pure); JavaScript here means already stripped of types. */
export function hiddenTestsJob(language: 'python' | 'javascript', code: string, tests: string): SandboxJob {
  if (language === 'python') {
    return {
      runtime: 'python',
      files: { 'solution.py': code, 'tests.py': tests, 'harness.py': PYTHON_HARNESS },
      args: ['harness.py'],
    };
  }
  // The tests sit in a block after the answer: they see its functions and may reuse its names.
  return {
    runtime: 'node',
    files: { 'main.mjs': `${code}\n;{\n${tests}\n}\n`, 'harness.mjs': NODE_HARNESS },
    args: ['harness.mjs', 'main.mjs'],
  };
}

export async function runHiddenTests(sandbox: Sandbox, input: HiddenTestsInput): Promise<TestRun> {
  const extracted = extractCode(input.answer, input.language);
  const info = {
    from: extracted.from,
    tag: extracted.tag,
    blocks: extracted.blocks,
    chars: extracted.code.length,
  };
  const base = {
    extracted: info,
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    exitCode: null,
    signal: null,
    durationMs: null,
    sandbox: sandbox.description,
  };
  if (extracted.code.trim() === '') {
    return {
      ...base,
      reason: 'syntax-error',
      passed: 0,
      total: 0,
      tests: [],
      message: 'the answer has no code',
    };
  }
  // TypeScript (the task's, or a TypeScript block in a JavaScript task) runs type-stripped.
  const typescript = input.language === 'typescript' || TS_TAGS.includes(extracted.tag);
  let code = extracted.code;
  let tests = input.tests;
  if (typescript) {
    const solution = stripTypes(code);
    if ('error' in solution) {
      return { ...base, reason: 'syntax-error', passed: 0, total: 0, tests: [], message: solution.error };
    }
    code = solution.code;
    const hidden = stripTypes(tests);
    if ('error' in hidden) {
      return { ...base, reason: 'tests-error', passed: 0, total: 0, tests: [], message: hidden.error };
    }
    tests = hidden.code;
  }
  const job = hiddenTestsJob(input.language === 'python' ? 'python' : 'javascript', code, tests);
  const run = await sandbox.execute({ ...job, ...(input.limits ? { limits: input.limits } : {}) });
  if (run.status === 'unavailable') {
    return {
      ...base,
      reason: 'sandbox-unavailable',
      passed: 0,
      total: 0,
      tests: [],
      message: `not run: ${run.reason}`,
    };
  }
  const summary = classifyTestRun(run);
  return {
    ...base,
    ...summary,
    stdout: excerpt(run.stdout),
    stderr: excerpt(run.stderr),
    stdoutTruncated: run.stdoutTruncated || run.stdout.length > EXCERPT,
    stderrTruncated: run.stderrTruncated || run.stderr.length > EXCERPT,
    exitCode: run.exitCode,
    signal: run.signal,
    durationMs: Math.round(run.durationMs),
  };
}
