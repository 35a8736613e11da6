export { anonymise, LABELS, seedFrom } from './anonymise.ts';
export { type CrossExamineInput, crossExamine, crossExaminePrompt } from './cross-examine.ts';
export { type JudgeOutcome, type JudgeTaskInput, judgeName, judgeTask } from './judge-task.ts';
export { callModel, DEFAULT_TIMEOUTS, type ModelRef, type ModelReply } from './model-call.ts';
export { parseVerdict, verdictSchema } from './verdict.ts';
