import type { Lane, ServerTimings } from '@ringside/shared';
import { z } from 'zod';
import { readSse } from '../stream/sse.ts';
import { openAiFinishReason } from './finish-reason.ts';
import { expectOk, type HttpTarget, openStream, requestJson } from './http-client.ts';
import { extractErrorMessage } from './http-error.ts';
import {
  chunkError,
  deltaParts,
  finishReasonOf,
  type OpenAiChunk,
  parseOpenAiChunk,
  timingsFromLlamaCpp,
  usageFromOpenAi,
} from './openai-chunk.ts';
import { type OpenAiDialect, openAiChatBody } from './openai-request.ts';
import { createStreamGuard } from './stream-guard.ts';
import {
  type ModelInfo,
  type Provider,
  ProviderError,
  type StreamPart,
  type StreamRequest,
} from './types.ts';

/**
 * OpenAI-compatible chat streaming (`POST /v1/chat/completions`, SSE, `[DONE]`): OpenAI,
 * OpenRouter, vLLM, LM Studio, llama-server. Usage, llama.cpp timings and the finish reason are
 * collected wherever they appear and emitted once at the end, in that order.
 */
export interface OpenAiCompatibleOptions extends HttpTarget, OpenAiDialect {
  id: string;
  lane: Lane;
  apiKey?: string;
  /** for model lists and other small requests; default 10 s */
  requestTimeoutMs?: number;
}

/** Where a proxy in front of the model (llama-swap) changes how the stream is read. */
export interface StreamHooks {
  /** true for a chunk the proxy injected (not model output): it is dropped before anything counts it */
  isInjected?(chunk: OpenAiChunk): boolean;
  /** a more specific error for a stream that ended before `[DONE]` and any finish reason */
  earlyEnd?(unterminated: string | null, gotToken: boolean): ProviderError | undefined;
  /** adjusts the server timings emitted at the end (e.g. adds a load time seen in the stream) */
  serverTimings?(fromServer: ServerTimings | undefined): ServerTimings | undefined;
}

export function bearer(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

export async function* streamOpenAiChat(
  target: HttpTarget,
  dialect: OpenAiDialect,
  request: StreamRequest,
  hooks: StreamHooks = {},
): AsyncGenerator<StreamPart> {
  const guard = createStreamGuard(request.timeouts, request.signal);
  try {
    const chunks = await openStream(target, '/v1/chat/completions', openAiChatBody(request, dialect), guard);
    let usage: StreamPart | undefined;
    let timings: ServerTimings | undefined;
    let finish: string | undefined;
    for await (const item of readSse(chunks)) {
      if (item.type === 'end') {
        if (finish === undefined) throw earlyEndError(item.unterminated, guard.gotToken, hooks);
        break;
      }
      if (item.data === '[DONE]') break;
      if (item.event === 'error') throw streamErrorEvent(item.data, guard.gotToken);
      const chunk = parseOpenAiChunk(item.data);
      if (hooks.isInjected?.(chunk)) continue;
      const error = chunkError(chunk, guard.gotToken);
      if (error) throw error;
      for (const part of deltaParts(chunk, item.at)) {
        // Several events can arrive in one read; a stop or timeout between them still stops here.
        guard.check();
        guard.tokenReceived();
        yield part;
      }
      finish = finishReasonOf(chunk) ?? finish;
      if (chunk.usage) usage = usageFromOpenAi(chunk.usage);
      if (chunk.timings) timings = timingsFromLlamaCpp(chunk.timings);
    }
    if (usage) yield usage;
    const serverTimings = hooks.serverTimings ? hooks.serverTimings(timings) : timings;
    if (serverTimings) yield { type: 'server-timings', timings: serverTimings };
    yield { type: 'finish', reason: openAiFinishReason(finish) };
  } catch (err) {
    throw guard.settle(err);
  } finally {
    guard.dispose();
  }
}

function earlyEndError(unterminated: string | null, gotToken: boolean, hooks: StreamHooks): ProviderError {
  const specific = hooks.earlyEnd?.(unterminated, gotToken);
  if (specific) return specific;
  if (unterminated !== null) {
    // Bytes after the last event without SSE framing: an error blob written raw (llama-swap) or junk.
    const message = extractErrorMessage(unterminated) ?? unterminated.slice(0, 200);
    return new ProviderError('provider-error', `the stream ended with an unframed message: ${message}`);
  }
  return new ProviderError('connection-reset', 'the stream ended before [DONE] or a finish reason', {
    isRetryable: !gotToken,
  });
}

function streamErrorEvent(data: string, gotToken: boolean): ProviderError {
  return new ProviderError(
    'provider-error',
    `error event in the stream: ${extractErrorMessage(data) ?? data}`,
    {
      isRetryable: !gotToken,
    },
  );
}

const ModelListSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string(),
      status: z.looseObject({ value: z.string() }).optional().catch(undefined),
      meta: z
        .looseObject({
          size: z.number().optional().catch(undefined),
          n_ctx: z.number().optional().catch(undefined),
        })
        .nullish()
        .catch(undefined),
    }),
  ),
});

/**
 * `GET /v1/models`. `loaded` comes from `status.value` where the server reports it (llama-swap
 * v218+, llama-server router mode) and is null otherwise.
 */
export async function listOpenAiModels(target: HttpTarget, timeoutMs = 10_000): Promise<ModelInfo[]> {
  const reply = await requestJson(target, 'GET', '/v1/models', { timeoutMs });
  const parsed = ModelListSchema.safeParse(expectOk(reply, 'GET /v1/models'));
  if (!parsed.success) throw new ProviderError('malformed-stream', 'GET /v1/models: unexpected shape');
  return parsed.data.data.map((m) => {
    const info: ModelInfo = { id: m.id, loaded: m.status ? m.status.value === 'loaded' : null };
    if (m.meta?.size !== undefined) info.sizeBytes = m.meta.size;
    if (m.meta?.n_ctx !== undefined) info.contextSize = m.meta.n_ctx;
    return info;
  });
}

export function createOpenAiCompatibleProvider(options: OpenAiCompatibleOptions): Provider {
  const target: HttpTarget = { ...options, headers: { ...options.headers, ...bearer(options.apiKey) } };
  return {
    id: options.id,
    lane: options.lane,
    doStream: (request) => streamOpenAiChat(target, options, request),
    listModels: () => listOpenAiModels(target, options.requestTimeoutMs),
  };
}
