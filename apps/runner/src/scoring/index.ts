export * from './checks/index.ts';
export { combineParts, type Part } from './combine.ts';
export { type CompiledTask, type CompileOutcome, compileTask, type TaskIssue } from './compile-task.ts';
export {
  compileOrThrow,
  type Scored,
  type ScoreOptions,
  scoreResult,
  TaskConfigError,
} from './score-result.ts';
export { withEvaluations, withScore } from './with-score.ts';
