export { classifyTestRun, type TestCaseResult, type TestRunReason, type TestRunSummary } from './classify.ts';
export { type CodeLanguage, type ExtractedCode, extractCode, fencedBlocks } from './extract-code.ts';
export { type HiddenTestsInput, hiddenTestsJob, runHiddenTests, type TestRun } from './hidden-tests.ts';
export { DEFAULT_LIMITS, type SandboxLimits } from './limits.ts';
export { type PredicateRun, predicateBody, predicateSyntaxError, runPredicate } from './predicate.ts';
export {
  createSandbox,
  type ProcessRun,
  type Sandbox,
  type SandboxJob,
  type SandboxOptions,
  type Unavailable,
  unavailableSandbox,
} from './sandbox.ts';
