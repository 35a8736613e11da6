import type { Lane } from '@ringside/shared';
import { z } from 'zod';
import { readNdjson } from '../stream/ndjson.ts';
import { monotonicClock } from '../stream/timed-chunks.ts';
import { ollamaFinishReason } from './finish-reason.ts';
import { expectOk, type HttpTarget, openStream, requestJson } from './http-client.ts';
import {
  lineParts,
  normaliseOllamaName,
  ollamaChatBody,
  ollamaLineError,
  parseOllamaLine,
  timingsFromOllama,
  usageFromOllama,
} from './ollama-wire.ts';
import { fingerprintFromOllamaTag } from './server-fingerprint.ts';
import { createStreamGuard } from './stream-guard.ts';
import {
  type ModelInfo,
  type PrepareResult,
  type Provider,
  ProviderError,
  type StreamPart,
} from './types.ts';

/**
 * Ollama through its native API (`POST /api/chat`, NDJSON), which reports load, prompt and eval
 * durations on the final line. `contextSize` is sent as `num_ctx` on every request, including
 * the preload: Ollama reloads a model whose `num_ctx` changes, which would put a load in TTFT.
 */
export interface OllamaOptions extends HttpTarget {
  id: string;
  lane: Lane;
  /** `num_ctx`; Ollama's default is small and silently truncates long prompts */
  contextSize?: number;
  requestTimeoutMs?: number;
  loadTimeoutMs?: number;
}

const TagsSchema = z.looseObject({
  models: z.array(
    z.looseObject({
      name: z.string(),
      size: z.number().optional().catch(undefined),
      details: z.looseObject({ quantization_level: z.string().optional() }).nullish().catch(undefined),
    }),
  ),
});

const PsSchema = z.looseObject({
  models: z
    .array(z.looseObject({ name: z.string(), context_length: z.number().optional().catch(undefined) }))
    .nullish(),
});

const LoadReplySchema = z.looseObject({ load_duration: z.number().optional().catch(undefined) });

export function createOllamaProvider(options: OllamaOptions): Provider {
  const target: HttpTarget = options;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const now = options.now ?? monotonicClock;

  /** loaded model name → its context length when /api/ps says */
  async function loaded(signal?: AbortSignal): Promise<Map<string, number | undefined>> {
    const reply = await requestJson(target, 'GET', '/api/ps', { timeoutMs, ...(signal ? { signal } : {}) });
    const parsed = PsSchema.safeParse(expectOk(reply, 'GET /api/ps'));
    if (!parsed.success) throw new ProviderError('malformed-stream', 'GET /api/ps: unexpected shape');
    return new Map((parsed.data.models ?? []).map((m) => [normaliseOllamaName(m.name), m.context_length]));
  }

  async function* doStream(request: Parameters<Provider['doStream']>[0]): AsyncGenerator<StreamPart> {
    const guard = createStreamGuard(request.timeouts, request.signal);
    try {
      const chunks = await openStream(
        target,
        '/api/chat',
        ollamaChatBody(request, options.contextSize),
        guard,
        'application/x-ndjson',
      );
      for await (const raw of readNdjson(chunks)) {
        const line = parseOllamaLine(raw.text);
        const error = ollamaLineError(line);
        if (error) throw error;
        for (const part of lineParts(line, raw.at)) {
          guard.check();
          guard.tokenReceived();
          yield part;
        }
        if (line.done) {
          yield usageFromOllama(line);
          yield { type: 'server-timings', timings: timingsFromOllama(line) };
          yield { type: 'finish', reason: ollamaFinishReason(line.done_reason) };
          return;
        }
      }
      throw new ProviderError('connection-reset', 'the stream ended before the done:true line', {
        isRetryable: !guard.gotToken,
      });
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

    async fingerprint(model: string) {
      const reply = await requestJson(target, 'GET', '/api/tags', { timeoutMs }).catch(() => undefined);
      const tags = (reply?.json as { models?: { name?: string }[] } | undefined)?.models ?? [];
      const name = normaliseOllamaName(model);
      const tag = tags.find((t) => typeof t.name === 'string' && normaliseOllamaName(t.name) === name);
      return tag ? fingerprintFromOllamaTag(tag) : { engine: { name: 'ollama' } };
    },

    async listModels(): Promise<ModelInfo[]> {
      const [reply, running] = await Promise.all([
        requestJson(target, 'GET', '/api/tags', { timeoutMs }),
        loaded().catch(() => undefined),
      ]);
      const parsed = TagsSchema.safeParse(expectOk(reply, 'GET /api/tags'));
      if (!parsed.success) throw new ProviderError('malformed-stream', 'GET /api/tags: unexpected shape');
      return parsed.data.models.map((m) => {
        const name = normaliseOllamaName(m.name);
        const info: ModelInfo = { id: m.name, loaded: running ? running.has(name) : null };
        if (m.size !== undefined) info.sizeBytes = m.size;
        if (m.details?.quantization_level) info.quantization = m.details.quantization_level;
        const ctx = running?.get(name);
        if (ctx !== undefined) info.contextSize = ctx;
        return info;
      });
    },

    /**
     * Loaded (with the same context size, when /api/ps says) → nothing. Otherwise an empty chat
     * request loads the model; its `load_duration` is the server's own figure when it sends one,
     * else the request's wall time.
     */
    async prepare(model: string, signal?: AbortSignal): Promise<PrepareResult> {
      const running = await loaded(signal);
      const name = normaliseOllamaName(model);
      const ctx = running.get(name);
      const sameContext =
        options.contextSize === undefined || ctx === undefined || ctx === options.contextSize;
      if (running.has(name) && sameContext) return { loadMs: null, source: null };
      const t0 = now();
      const reply = await requestJson(target, 'POST', '/api/chat', {
        body: {
          model,
          messages: [],
          stream: false,
          ...(options.contextSize === undefined ? {} : { options: { num_ctx: options.contextSize } }),
        },
        timeoutMs: options.loadTimeoutMs ?? 300_000,
        ...(signal ? { signal } : {}),
      });
      const elapsed = now() - t0;
      const server = LoadReplySchema.safeParse(expectOk(reply, `loading ${model}`));
      const ns = server.success ? server.data.load_duration : undefined;
      return ns ? { loadMs: ns / 1e6, source: 'server' } : { loadMs: elapsed, source: 'preload' };
    },
  };
}
