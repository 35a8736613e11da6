import { setTimeout as delay } from 'node:timers/promises';
import type { Lane } from '@ringside/shared';
import { z } from 'zod';
import { monotonicClock } from '../stream/timed-chunks.ts';
import { expectOk, type HttpTarget, type JsonReply, requestJson } from './http-client.ts';
import { bearer, listOpenAiModels, streamOpenAiChat } from './openai-compatible.ts';
import { type OpenAiDialect, warmUpBody } from './openai-request.ts';
import { fingerprintFromLlamaProps } from './server-fingerprint.ts';
import { type ModelInfo, type PrepareResult, type Provider, ProviderError } from './types.ts';

/**
 * llama.cpp's llama-server, single-model or router mode (`--models-preset`, `--models-max 1`).
 * The router swaps models by the `model` field and holds a cold request's headers until the model
 * is loaded, so `prepare()` loads it first: `POST /models/load`, then `GET /models` until its
 * `status.value` is `loaded`. A single-model server is ready when `/health` answers 200.
 */
export interface LlamaServerOptions extends HttpTarget, OpenAiDialect {
  id: string;
  lane: Lane;
  apiKey?: string;
  requestTimeoutMs?: number;
  /** how long a load may take; default 300 s */
  loadTimeoutMs?: number;
  /** interval between status polls while a model loads; default 50 ms */
  pollMs?: number;
}

const RouterModelsSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string(),
      aliases: z.array(z.string()).optional().catch(undefined),
      status: z
        .looseObject({ value: z.string(), failed: z.boolean().optional().catch(undefined) })
        .optional(),
    }),
  ),
});
type RouterEntry = z.infer<typeof RouterModelsSchema>['data'][number];

export function createLlamaServerProvider(options: LlamaServerOptions): Provider {
  const target: HttpTarget = { ...options, headers: { ...options.headers, ...bearer(options.apiKey) } };
  const dialect: OpenAiDialect = { ...options, cachePrompt: options.cachePrompt ?? false };
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const loadTimeoutMs = options.loadTimeoutMs ?? 300_000;
  const pollMs = options.pollMs ?? 50;
  const now = options.now ?? monotonicClock;

  const get = (path: string, signal?: AbortSignal) =>
    requestJson(target, 'GET', path, { timeoutMs, ...(signal ? { signal } : {}) });

  /** The router's entries, or undefined for a single-model server (no `status` on its entries). */
  function routerEntries(reply: JsonReply): RouterEntry[] | undefined {
    const parsed = RouterModelsSchema.safeParse(reply.json);
    if (!reply.ok || !parsed.success) return undefined;
    return parsed.data.data.some((m) => m.status) ? parsed.data.data : undefined;
  }

  async function waitFor(
    done: () => Promise<boolean>,
    what: string,
    t0: number,
    signal?: AbortSignal,
  ): Promise<void> {
    while (!(await done())) {
      if (now() - t0 > loadTimeoutMs) {
        throw new ProviderError('total-timeout', `${what}: not ready after ${loadTimeoutMs} ms`, {
          isRetryable: true,
        });
      }
      try {
        await delay(pollMs, undefined, signal ? { signal } : {});
      } catch (err) {
        throw new ProviderError('stopped', `${what}: stopped`, { cause: err });
      }
    }
  }

  async function prepareRouter(
    model: string,
    entries: RouterEntry[],
    signal?: AbortSignal,
  ): Promise<PrepareResult> {
    const find = (list: RouterEntry[]) => list.find((m) => m.id === model || m.aliases?.includes(model));
    const entry = find(entries);
    if (!entry) {
      throw new ProviderError(
        'provider-error',
        `llama-server has no model "${model}"; it has: ${entries.map((m) => m.id).join(', ')}`,
      );
    }
    const state = entry.status?.value;
    if (state === 'loaded') return { loadMs: null, source: null };
    const t0 = now();
    if (state === 'sleeping') {
      // A sleeping model wakes on a request; time a one-token warm-up.
      const reply = await requestJson(target, 'POST', '/v1/chat/completions', {
        body: { ...warmUpBody(entry.id), cache_prompt: false },
        timeoutMs: loadTimeoutMs,
        ...(signal ? { signal } : {}),
      });
      expectOk(reply, `warm-up of ${model}`);
      return { loadMs: now() - t0, source: 'warmup' };
    }
    if (state !== 'loading') {
      const reply = await requestJson(target, 'POST', '/models/load', {
        body: { model: entry.id },
        timeoutMs,
        ...(signal ? { signal } : {}),
      });
      // "model is already running": another request started it in between; wait for it like any load.
      if (!(reply.status === 400 && /already running/i.test(reply.text))) expectOk(reply, `loading ${model}`);
    }
    let seenLoading = state === 'loading';
    await waitFor(
      async () => {
        const current = find(routerEntries(await get('/models', signal)) ?? []);
        const value = current?.status?.value;
        if (current?.status?.failed || (seenLoading && value === 'unloaded')) {
          throw new ProviderError('provider-error', `llama-server could not load ${model} (see its log)`);
        }
        if (value === 'loading') seenLoading = true;
        return value === 'loaded';
      },
      `loading ${model}`,
      t0,
      signal,
    );
    return { loadMs: now() - t0, source: 'preload' };
  }

  return {
    id: options.id,
    lane: options.lane,
    doStream: (request) => streamOpenAiChat(target, dialect, request),

    async fingerprint() {
      const reply = await get('/props').catch(() => undefined);
      return reply?.ok ? fingerprintFromLlamaProps(reply.json) : {};
    },

    async listModels(): Promise<ModelInfo[]> {
      const models = await listOpenAiModels(target, timeoutMs);
      // A single-model server serves its one model whenever it answers.
      return models.map((m) => (m.loaded === null ? { ...m, loaded: true } : m));
    },

    async prepare(model: string, signal?: AbortSignal): Promise<PrepareResult> {
      const reply = await get('/models', signal);
      const entries = routerEntries(reply);
      if (entries) return prepareRouter(model, entries, signal);
      if (reply.ok) return { loadMs: null, source: null };
      // A single-model server answers 503 "Loading model" until its model is in memory.
      const t0 = now();
      if ((await get('/health', signal)).status === 200) return { loadMs: null, source: null };
      await waitFor(
        async () => (await get('/health', signal)).status === 200,
        'llama-server /health',
        t0,
        signal,
      );
      return { loadMs: now() - t0, source: 'preload' };
    },
  };
}
