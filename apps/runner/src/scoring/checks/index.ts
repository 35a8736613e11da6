export { CHECKS, type ResolvedCheck, resolveCheck } from './registry.ts';
export { cosineSimilarity, tokens } from './similarity.ts';
export {
  CheckConfigError,
  type CheckContext,
  type CheckDefinition,
  type CheckOutcome,
  type CheckSkipped,
  type PureCheck,
  type SandboxedCheck,
} from './types.ts';
