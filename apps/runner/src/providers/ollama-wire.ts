import type { Sampling, ServerTimings } from '@ringside/shared';
import { z } from 'zod';
import { ProviderError, type StreamPart, type StreamRequest } from './types.ts';

/**
 * Ollama's native `/api/chat` wire format and the pure functions that map it: request options,
 * NDJSON lines, and the final `done:true` line's counts and nanosecond durations (all Go
 * `omitempty`, so any may be missing).
 */
const count = z.number().nonnegative().optional().catch(undefined);

export const OllamaLineSchema = z.looseObject({
  message: z.looseObject({ content: z.string().nullish(), thinking: z.string().nullish() }).nullish(),
  /** `/api/generate` lines carry `response` instead of `message` */
  response: z.string().nullish(),
  done: z.boolean().optional(),
  done_reason: z.string().nullish(),
  total_duration: count,
  load_duration: count,
  prompt_eval_count: count,
  prompt_eval_duration: count,
  eval_count: count,
  eval_duration: count,
  error: z.unknown().optional(),
});
export type OllamaLine = z.infer<typeof OllamaLineSchema>;

export function parseOllamaLine(text: string): OllamaLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProviderError('malformed-stream', `an NDJSON line is not JSON: ${text.slice(0, 200)}`);
  }
  const parsed = OllamaLineSchema.safeParse(json);
  if (!parsed.success) {
    throw new ProviderError('malformed-stream', `unexpected line shape: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}

export function ollamaOptions(sampling: Sampling, contextSize?: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (contextSize !== undefined) o.num_ctx = contextSize;
  if (sampling.temperature !== undefined) o.temperature = sampling.temperature;
  if (sampling.topP !== undefined) o.top_p = sampling.topP;
  if (sampling.topK !== undefined) o.top_k = sampling.topK;
  if (sampling.seed !== undefined) o.seed = sampling.seed;
  if (sampling.maxTokens !== undefined) o.num_predict = sampling.maxTokens;
  if (sampling.stop !== undefined && sampling.stop.length > 0) o.stop = sampling.stop;
  return o;
}

export function ollamaChatBody(request: StreamRequest, contextSize?: number): Record<string, unknown> {
  return {
    model: request.model,
    messages: request.messages,
    stream: true,
    options: ollamaOptions(request.sampling, contextSize),
  };
}

export function lineParts(line: OllamaLine, at: number): StreamPart[] {
  const parts: StreamPart[] = [];
  if (line.message?.thinking) parts.push({ type: 'reasoning-delta', text: line.message.thinking, at });
  const text = line.message?.content || line.response;
  if (text) parts.push({ type: 'text-delta', text, at });
  return parts;
}

export function usageFromOllama(line: OllamaLine): Extract<StreamPart, { type: 'usage' }> {
  const part: Extract<StreamPart, { type: 'usage' }> = { type: 'usage' };
  if (line.prompt_eval_count !== undefined) part.promptTokens = line.prompt_eval_count;
  if (line.eval_count !== undefined) part.outputTokens = line.eval_count;
  return part;
}

export function timingsFromOllama(line: OllamaLine): ServerTimings {
  const t: ServerTimings = { engine: 'ollama' };
  if (line.prompt_eval_count !== undefined) t.promptTokens = line.prompt_eval_count;
  if (line.prompt_eval_duration !== undefined) t.promptMs = line.prompt_eval_duration / 1e6;
  if (line.eval_count !== undefined) t.predictedTokens = line.eval_count;
  if (line.eval_duration !== undefined) t.predictedMs = line.eval_duration / 1e6;
  if (line.eval_count !== undefined && line.eval_duration) {
    t.predictedPerSecond = (line.eval_count / line.eval_duration) * 1e9;
  }
  if (line.load_duration !== undefined) t.loadMs = line.load_duration / 1e6;
  if (line.total_duration !== undefined) t.totalMs = line.total_duration / 1e6;
  return t;
}

/** `{"error":"..."}` (a string in Ollama; an object tolerated) as a ProviderError. */
export function ollamaLineError(line: OllamaLine): ProviderError | undefined {
  if (line.error === undefined || line.error === null) return undefined;
  const e = line.error;
  const message =
    typeof e === 'string'
      ? e
      : typeof e === 'object' && 'message' in e
        ? String(e.message)
        : JSON.stringify(e);
  return new ProviderError('provider-error', `error in the stream: ${message}`);
}

/** `llama3.2` and `llama3.2:latest` are the same model; a registry host's port is not a tag. */
export function normaliseOllamaName(name: string): string {
  const last = name.slice(name.lastIndexOf('/') + 1);
  return last.includes(':') ? name : `${name}:latest`;
}
