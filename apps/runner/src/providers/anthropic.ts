import type { Lane } from '@ringside/shared';
import { z } from 'zod';
import { readSse } from '../stream/sse.ts';
import { anthropicFinishReason } from './finish-reason.ts';
import { expectOk, type HttpTarget, openStream, requestJson } from './http-client.ts';
import { extractErrorMessage } from './http-error.ts';
import { createStreamGuard } from './stream-guard.ts';
import {
  type ModelInfo,
  type Provider,
  ProviderError,
  type StreamPart,
  type StreamRequest,
} from './types.ts';

/**
 * Anthropic Messages API streaming (`POST /v1/messages`): input tokens from `message_start`,
 * text and thinking from `content_block_delta`, the cumulative output tokens and stop reason from
 * `message_delta`, the end at `message_stop`; `event: error` is a failure inside a 200 stream.
 */
export interface AnthropicOptions extends HttpTarget {
  id: string;
  lane: Lane;
  apiKey?: string;
  /** `anthropic-version` header; default 2023-06-01 */
  version?: string;
  /** Anthropic requires max_tokens; used when the contestant sets none. Default 4096. */
  defaultMaxTokens?: number;
  requestTimeoutMs?: number;
}

const count = z.number().nonnegative().optional().catch(undefined);
const UsageSchema = z.looseObject({
  input_tokens: count,
  cache_creation_input_tokens: count,
  cache_read_input_tokens: count,
  output_tokens: count,
});

const EventSchema = z.looseObject({
  type: z.string(),
  message: z.looseObject({ usage: UsageSchema.nullish() }).optional(),
  delta: z
    .looseObject({
      type: z.string().optional(),
      text: z.string().optional(),
      thinking: z.string().optional(),
      stop_reason: z.string().nullish(),
    })
    .optional(),
  usage: UsageSchema.nullish(),
  error: z.looseObject({ type: z.string().optional(), message: z.string().optional() }).optional(),
});
type AnthropicEvent = z.infer<typeof EventSchema>;

export function anthropicBody(request: StreamRequest, defaultMaxTokens = 4096): Record<string, unknown> {
  const s = request.sampling;
  const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const body: Record<string, unknown> = {
    model: request.model,
    max_tokens: s.maxTokens ?? defaultMaxTokens,
    messages: request.messages.filter((m) => m.role !== 'system'),
    stream: true,
  };
  if (system.length > 0) body.system = system.join('\n\n');
  // Passed as set: Anthropic accepts 0–1 and answers 400 above, which is better than a silent clamp.
  if (s.temperature !== undefined) body.temperature = s.temperature;
  if (s.topP !== undefined) body.top_p = s.topP;
  if (s.topK !== undefined) body.top_k = s.topK;
  if (s.stop !== undefined && s.stop.length > 0) body.stop_sequences = s.stop;
  // Anthropic has no seed.
  return body;
}

/** Input tokens as the model saw them: uncached plus cache writes plus cache reads. */
export function promptTokensFromAnthropic(u: z.infer<typeof UsageSchema>): number | undefined {
  if (u.input_tokens === undefined) return undefined;
  return u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
}

const ERROR_STATUS: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

/** An `event: error` as a ProviderError: the status it would have had, retryable while no token came. */
export function anthropicStreamError(ev: AnthropicEvent, gotToken: boolean): ProviderError {
  const type = ev.error?.type ?? 'error';
  const status = ERROR_STATUS[type];
  const transient = status === 429 || (status !== undefined && status >= 500);
  return new ProviderError(
    status === 429 ? 'rate-limited' : status !== undefined && status >= 500 ? 'http-error' : 'provider-error',
    `error event in the stream: ${ev.error?.message ?? 'no message'} (${type})`,
    { ...(status === undefined ? {} : { status }), isRetryable: transient && !gotToken },
  );
}

function parseEvent(data: string): AnthropicEvent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new ProviderError('malformed-stream', `an SSE event is not JSON: ${data.slice(0, 200)}`);
  }
  const parsed = EventSchema.safeParse(json);
  if (!parsed.success)
    throw new ProviderError('malformed-stream', `unexpected event: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function createAnthropicProvider(options: AnthropicOptions): Provider {
  const target: HttpTarget = {
    ...options,
    headers: {
      ...options.headers,
      'anthropic-version': options.version ?? '2023-06-01',
      ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}),
    },
  };

  async function* doStream(request: StreamRequest): AsyncGenerator<StreamPart> {
    const guard = createStreamGuard(request.timeouts, request.signal);
    try {
      const chunks = await openStream(
        target,
        '/v1/messages',
        anthropicBody(request, options.defaultMaxTokens),
        guard,
      );
      let promptTokens: number | undefined;
      let outputTokens: number | undefined;
      let stopReason: string | null | undefined;
      let stopped = false;
      for await (const item of readSse(chunks)) {
        if (item.type === 'end') {
          if (item.unterminated !== null) {
            throw new ProviderError(
              'provider-error',
              `the stream ended with: ${extractErrorMessage(item.unterminated) ?? item.unterminated.slice(0, 200)}`,
            );
          }
          break;
        }
        const ev = parseEvent(item.data);
        if (ev.type === 'error') throw anthropicStreamError(ev, guard.gotToken);
        if (ev.type === 'message_start' && ev.message?.usage) {
          promptTokens = promptTokensFromAnthropic(ev.message.usage) ?? promptTokens;
          outputTokens = ev.message.usage.output_tokens ?? outputTokens;
        } else if (ev.type === 'content_block_delta' && ev.delta) {
          const part: StreamPart | undefined =
            ev.delta.type === 'text_delta' && ev.delta.text
              ? { type: 'text-delta', text: ev.delta.text, at: item.at }
              : ev.delta.type === 'thinking_delta' && ev.delta.thinking
                ? { type: 'reasoning-delta', text: ev.delta.thinking, at: item.at }
                : undefined;
          if (part) {
            guard.check();
            guard.tokenReceived();
            yield part;
          }
        } else if (ev.type === 'message_delta') {
          stopReason = ev.delta?.stop_reason ?? stopReason;
          if (ev.usage) {
            promptTokens = promptTokensFromAnthropic(ev.usage) ?? promptTokens;
            outputTokens = ev.usage.output_tokens ?? outputTokens;
          }
        } else if (ev.type === 'message_stop') {
          stopped = true;
          break;
        }
      }
      if (!stopped) {
        throw new ProviderError('connection-reset', 'the stream ended before message_stop', {
          isRetryable: !guard.gotToken,
        });
      }
      const usage: Extract<StreamPart, { type: 'usage' }> = { type: 'usage' };
      if (promptTokens !== undefined) usage.promptTokens = promptTokens;
      if (outputTokens !== undefined) usage.outputTokens = outputTokens;
      yield usage;
      yield { type: 'finish', reason: anthropicFinishReason(stopReason) };
    } catch (err) {
      throw guard.settle(err);
    } finally {
      guard.dispose();
    }
  }

  return {
    id: options.id,
    lane: options.lane,
    doStream,
    async listModels(): Promise<ModelInfo[]> {
      const reply = await requestJson(target, 'GET', '/v1/models?limit=1000', {
        timeoutMs: options.requestTimeoutMs ?? 10_000,
      });
      const parsed = z
        .looseObject({ data: z.array(z.looseObject({ id: z.string() })) })
        .safeParse(expectOk(reply, 'GET /v1/models'));
      if (!parsed.success) throw new ProviderError('malformed-stream', 'GET /v1/models: unexpected shape');
      return parsed.data.data.map((m) => ({ id: m.id, loaded: null }));
    },
  };
}
