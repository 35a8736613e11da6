import type { Lane } from '@ringside/shared';
import { z } from 'zod';
import { monotonicClock } from '../stream/timed-chunks.ts';
import { expectOk, type HttpTarget, requestJson } from './http-client.ts';
import { createLoadingStateFilter } from './loading-state.ts';
import { bearer, listOpenAiModels, streamOpenAiChat } from './openai-compatible.ts';
import { type OpenAiDialect, warmUpBody } from './openai-request.ts';
import { fingerprintFromLlamaProps } from './server-fingerprint.ts';
import type { ModelInfo, PrepareResult, Provider } from './types.ts';

/**
 * llama-swap: an OpenAI-compatible proxy that starts the requested model (stopping the loaded
 * one) and holds the request until it is healthy, so a cold load lands inside the first request.
 * `prepare()` moves that load out of the contestant's measured request; during streaming the
 * loading messages llama-swap may inject are dropped (see loading-state.ts).
 */
export interface LlamaSwapOptions extends HttpTarget, OpenAiDialect {
  id: string;
  lane: Lane;
  apiKey?: string;
  /** /running and /v1/models; default 10 s */
  requestTimeoutMs?: number;
  /** the warm-up request that loads a model; default 300 s (llama-swap's own health timeout is 120 s) */
  loadTimeoutMs?: number;
}

const RunningSchema = z.looseObject({
  running: z.array(z.looseObject({ model: z.string(), state: z.string().optional() })).nullish(),
});

const AliasesSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string(),
      meta: z
        .looseObject({ llamaswap: z.looseObject({ aliases: z.array(z.string()).optional() }).optional() })
        .nullish()
        .catch(undefined),
    }),
  ),
});

export function createLlamaSwapProvider(options: LlamaSwapOptions): Provider {
  const target: HttpTarget = { ...options, headers: { ...options.headers, ...bearer(options.apiKey) } };
  // Upstreams are usually llama-server: no prompt cache, so repeated prompts measure the same work.
  const dialect: OpenAiDialect = { ...options, cachePrompt: options.cachePrompt ?? false };
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const now = options.now ?? monotonicClock;

  /** model → state from `GET /running`, or undefined when the server does not answer it */
  async function running(signal?: AbortSignal): Promise<Map<string, string> | undefined> {
    const reply = await requestJson(target, 'GET', '/running', { timeoutMs, ...(signal ? { signal } : {}) });
    const parsed = RunningSchema.safeParse(reply.json);
    if (!reply.ok || !parsed.success) return undefined;
    return new Map((parsed.data.running ?? []).map((r) => [r.model, r.state ?? 'ready']));
  }

  /** the configured id behind an alias (`qwen3.8-27b:low` → `qwen3.8-27b`) */
  async function canonical(model: string, signal?: AbortSignal): Promise<string> {
    const reply = await requestJson(target, 'GET', '/v1/models', {
      timeoutMs,
      ...(signal ? { signal } : {}),
    });
    const parsed = AliasesSchema.safeParse(reply.json);
    if (!reply.ok || !parsed.success) return model;
    return parsed.data.data.find((m) => m.meta?.llamaswap?.aliases?.includes(model))?.id ?? model;
  }

  return {
    id: options.id,
    lane: options.lane,

    doStream(request) {
      const loading = createLoadingStateFilter();
      return streamOpenAiChat(target, dialect, request, {
        isInjected: loading.isInjected,
        earlyEnd: loading.earlyEnd,
        serverTimings: loading.serverTimings,
      });
    },

    /** llama-swap reaches one upstream directly under /upstream/<model>/: ask its llama-server. */
    async fingerprint(model: string) {
      const reply = await requestJson(target, 'GET', `/upstream/${encodeURIComponent(model)}/props`, {
        timeoutMs,
      }).catch(() => undefined);
      return reply?.ok ? fingerprintFromLlamaProps(reply.json) : {};
    },

    async listModels(): Promise<ModelInfo[]> {
      const [models, states] = await Promise.all([
        listOpenAiModels(target, timeoutMs),
        running().catch(() => undefined),
      ]);
      if (!states) return models;
      return models.map((m) => ({ ...m, loaded: states.get(m.id) === 'ready' }));
    },

    /**
     * Already `ready` in /running: nothing to do. Otherwise a one-token, non-streaming warm-up
     * request makes llama-swap swap the model in; its wall time is the load/swap time.
     */
    async prepare(model: string, signal?: AbortSignal): Promise<PrepareResult> {
      const states = await running(signal).catch(() => undefined);
      if (states?.get(model) === 'ready') return { loadMs: null, source: null };
      if (states && states.size > 0 && states.get(await canonical(model, signal)) === 'ready') {
        return { loadMs: null, source: null };
      }
      const t0 = now();
      const reply = await requestJson(target, 'POST', '/v1/chat/completions', {
        body: warmUpBody(model),
        timeoutMs: options.loadTimeoutMs ?? 300_000,
        ...(signal ? { signal } : {}),
      });
      expectOk(reply, `warm-up of ${model}`);
      return { loadMs: now() - t0, source: 'warmup' };
    },
  };
}
