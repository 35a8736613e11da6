import type { Lane, ResultErrorKind, Sampling, ServerTimings } from '@ringside/shared';

/**
 * The small streaming interface every provider implements (after vercel/ai's `doStream`).
 * Providers never read the environment: base URL, key and fetch are injected by the registry.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Timeouts {
  /** until the response headers arrive (covers the TCP/TLS connect and a server holding the request) */
  connectMs: number;
  /** until the first token-bearing chunk arrives, counted from the request */
  firstTokenMs: number;
  /** for the whole request */
  totalMs: number;
}

export interface StreamRequest {
  model: string;
  messages: ChatMessage[];
  sampling: Sampling;
  timeouts: Timeouts;
  /** aborts the request (a stopped battle); the provider must stop reading and release the connection */
  signal?: AbortSignal;
}

/**
 * Stream parts, noun-verb like vercel/ai. `at` is `performance.now()` (ms, monotonic) taken when
 * the bytes that carried the part arrived, before any parsing, so TTFT and ITL are not inflated
 * by the parser.
 */
export type StreamPart =
  | { type: 'text-delta'; text: string; at: number }
  | { type: 'reasoning-delta'; text: string; at: number }
  | { type: 'usage'; promptTokens?: number; outputTokens?: number; costUsd?: number }
  | { type: 'server-timings'; timings: ServerTimings }
  | { type: 'finish'; reason: string };

/** A provider error carries its kind (shared schema) and whether a retry may help. */
export class ProviderError extends Error {
  readonly kind: ResultErrorKind;
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  /** seconds the server asked us to wait (Retry-After), when it said */
  readonly retryAfterS: number | undefined;

  constructor(
    kind: ResultErrorKind,
    message: string,
    opts: { status?: number; isRetryable?: boolean; retryAfterS?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'ProviderError';
    this.kind = kind;
    this.status = opts.status;
    this.isRetryable = opts.isRetryable ?? false;
    this.retryAfterS = opts.retryAfterS;
  }
}

export interface ModelInfo {
  id: string;
  /** loaded in memory right now (llama-swap `/running`, Ollama `/api/ps`), when the server says */
  loaded: boolean | null;
  sizeBytes?: number;
  contextSize?: number;
  quantization?: string;
}

/** Result of making sure a model is loaded before its contestant runs (kept apart from TTFT). */
export interface PrepareResult {
  /** time spent loading or swapping the model, null when it was already loaded */
  loadMs: number | null;
  source: 'warmup' | 'server' | 'preload' | null;
}

export interface ModelFingerprint {
  file?: string;
  sizeBytes?: number;
  sha256?: string;
  quantization?: string;
  contextSize?: number;
  parameters?: number;
  engine?: { name?: string; version?: string };
}

export interface Provider {
  /** registry id, e.g. `llama-swap`, `ollama`, `openai`, `embedded` */
  readonly id: string;
  readonly lane: Lane;
  doStream(request: StreamRequest): AsyncIterable<StreamPart>;
  listModels?(): Promise<ModelInfo[]>;
  prepare?(model: string, signal?: AbortSignal): Promise<PrepareResult>;
  fingerprint?(model: string): Promise<ModelFingerprint>;
  close?(): Promise<void>;
}
