import type { ServerTimings } from '@ringside/shared';
import { z } from 'zod';
import { extractErrorMessage } from './http-error.ts';
import { ProviderError, type StreamPart } from './types.ts';

/**
 * Loose schema over one OpenAI-compatible `chat.completion.chunk` and the pure functions that
 * map its pieces to stream parts. Vendors add fields freely (obfuscation, provider, token_ids,
 * reasoning_details...); only what we read is checked, and a count of the wrong type is dropped
 * rather than failing the stream.
 */
const count = z.number().nonnegative().optional().catch(undefined);
const text = z.string().nullish();

const DeltaSchema = z.looseObject({ content: text, reasoning_content: text, reasoning: text });

const ChoiceSchema = z.looseObject({
  index: z.number().optional(),
  delta: DeltaSchema.nullish(),
  finish_reason: z.string().nullish(),
});

export const OpenAiUsageSchema = z.looseObject({
  prompt_tokens: count,
  completion_tokens: count,
  /** OpenRouter: the request's cost in USD */
  cost: count,
});

/** llama.cpp's `timings` object (llama-server, also passed through by llama-swap). */
export const LlamaCppTimingsSchema = z.looseObject({
  prompt_n: count,
  prompt_ms: count,
  predicted_n: count,
  predicted_ms: count,
  predicted_per_second: count,
  cache_n: count,
});

export const OpenAiChunkSchema = z.looseObject({
  id: z.string().optional(),
  object: z.string().optional(),
  model: z.string().optional(),
  choices: z.array(ChoiceSchema).nullish(),
  usage: OpenAiUsageSchema.nullish(),
  timings: LlamaCppTimingsSchema.nullish(),
  error: z.unknown().optional(),
});
export type OpenAiChunk = z.infer<typeof OpenAiChunkSchema>;

export function parseOpenAiChunk(data: string): OpenAiChunk {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new ProviderError('malformed-stream', `an SSE event is not JSON: ${data.slice(0, 200)}`);
  }
  const parsed = OpenAiChunkSchema.safeParse(json);
  if (!parsed.success) {
    throw new ProviderError('malformed-stream', `unexpected chunk shape: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}

type UsagePart = Extract<StreamPart, { type: 'usage' }>;

export function usageFromOpenAi(usage: z.infer<typeof OpenAiUsageSchema>): UsagePart {
  const part: UsagePart = { type: 'usage' };
  if (usage.prompt_tokens !== undefined) part.promptTokens = usage.prompt_tokens;
  if (usage.completion_tokens !== undefined) part.outputTokens = usage.completion_tokens;
  if (usage.cost !== undefined) part.costUsd = usage.cost;
  return part;
}

export function timingsFromLlamaCpp(t: z.infer<typeof LlamaCppTimingsSchema>): ServerTimings {
  const out: ServerTimings = { engine: 'llama.cpp' };
  if (t.prompt_n !== undefined) out.promptTokens = Math.round(t.prompt_n);
  if (t.prompt_ms !== undefined) out.promptMs = t.prompt_ms;
  if (t.predicted_n !== undefined) out.predictedTokens = Math.round(t.predicted_n);
  if (t.predicted_ms !== undefined) out.predictedMs = t.predicted_ms;
  if (t.predicted_per_second !== undefined) out.predictedPerSecond = t.predicted_per_second;
  if (t.cache_n !== undefined) out.cachedTokens = Math.round(t.cache_n);
  return out;
}

/**
 * The text of a chunk's first choice as stream parts, reasoning first. Role-only and empty deltas
 * yield nothing, so they never count as the first token. `reasoning_content` (DeepSeek, vLLM,
 * llama.cpp) and `reasoning` (OpenRouter, vLLM ≥0.19) carry the same thing; one is taken.
 */
export function deltaParts(chunk: OpenAiChunk, at: number): StreamPart[] {
  const delta = chunk.choices?.find((c) => (c.index ?? 0) === 0)?.delta;
  if (!delta) return [];
  const parts: StreamPart[] = [];
  const reasoning = delta.reasoning_content || delta.reasoning;
  if (reasoning) parts.push({ type: 'reasoning-delta', text: reasoning, at });
  if (delta.content) parts.push({ type: 'text-delta', text: delta.content, at });
  return parts;
}

export function finishReasonOf(chunk: OpenAiChunk): string | undefined {
  return chunk.choices?.find((c) => (c.index ?? 0) === 0)?.finish_reason ?? undefined;
}

/**
 * An `error` object inside a 200 stream (OpenRouter sends one mid-stream, some servers send
 * `data: {"error":...}`) as a ProviderError. Retryable only for 429/5xx codes and only while no
 * token has been shown.
 */
export function chunkError(chunk: OpenAiChunk, gotToken: boolean): ProviderError | undefined {
  if (chunk.error === undefined || chunk.error === null) return undefined;
  const message = extractErrorMessage(JSON.stringify({ error: chunk.error })) ?? 'unknown error';
  const code = typeof chunk.error === 'object' ? (chunk.error as { code?: unknown }).code : undefined;
  const status = typeof code === 'number' && code >= 100 && code <= 599 ? code : undefined;
  const transient = status === 429 || (status !== undefined && status >= 500);
  return new ProviderError('provider-error', `error in the stream: ${message}`, {
    ...(status === undefined ? {} : { status }),
    isRetryable: transient && !gotToken,
  });
}
