export {
  type ApiClient,
  type ApiClientOptions,
  type BattleBody,
  createApiClient,
  type FetchLike,
  type IngestTotals,
  type ResultsBody,
  type ResultsOutcome,
} from './api-client.ts';
export type { UploadFailure, UploadOutcome, UploadSuccess } from './api-outcome.ts';
export { type ChunkLimits, chunkResults, DEFAULT_CHUNK_LIMITS } from './chunk-results.ts';
export { defaultRetryPolicy, type RetryPolicy } from './retry-policy.ts';
export {
  type DrainReport,
  REJECTED_DIR,
  Spool,
  type SpoolClient,
  type SpoolOptions,
  spoolDir,
} from './spool.ts';
export type { RejectedEntry, Rejection, SpoolPayload, SpoolPayloadInput } from './spool-entry.ts';
