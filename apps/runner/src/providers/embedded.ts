/**
 * The embedded provider: runs GGUF files in-process with node-llama-cpp (llama.cpp), the default
 * local model on a fresh machine. It never downloads or builds llama.cpp: it uses the prebuilt
 * binaries installed with node-llama-cpp (the CPU build ships in `@node-llama-cpp/linux-x64`).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { Sampling } from '@ringside/shared';
import {
  type ChatHistoryItem,
  type ChatWrapper,
  type GgufFileInfo,
  GgufFileType,
  getLlama,
  getModuleVersion,
  type Llama,
  LlamaChat,
  type LlamaChatResponse,
  type LlamaContext,
  type LlamaContextSequence,
  LlamaLogLevel,
  type LlamaModel,
  readGgufFileInfo,
  resolveChatWrapper,
} from 'node-llama-cpp';
import {
  type ChatMessage,
  type ModelFingerprint,
  type ModelInfo,
  type PrepareResult,
  type Provider,
  ProviderError,
  type StreamPart,
  type StreamRequest,
} from './types.ts';

export interface EmbeddedModelConfig {
  path: string;
  /** tokens of context to allocate; defaults to the provider's `contextSize` */
  contextSize?: number;
}

export interface EmbeddedProviderOptions {
  /** model name → GGUF path (or path and settings) */
  models: Record<string, string | EmbeddedModelConfig>;
  /** 'auto' uses a GPU build when one is installed and works; false forces the CPU. Default 'auto'. */
  gpu?: 'auto' | false;
  /** threads for generation; default {@link defaultThreads} */
  threads?: number;
  /** context tokens per model, never above what the model was trained for; default 4096 */
  contextSize?: number;
}

const DEFAULT_CONTEXT_SIZE = 4096;
const ENGINE_NAME = 'llama.cpp (node-llama-cpp)';

/**
 * Half the logical CPUs, at least one: about the physical cores on SMT machines, where llama.cpp's
 * matrix work gains nothing from the sibling hyper-thread, and it leaves the rest for the runner's
 * event loop, whose clock makes the measurements. On the 2-core CI machines that is 1 thread,
 * where a tiny model runs at ~1000 tok/s; node-llama-cpp's own default (4 threads) oversubscribes
 * them and falls to 3–6 tok/s.
 */
export function defaultThreads(logicalCpus: number = availableParallelism()): number {
  return Math.max(1, Math.floor(logicalCpus / 2));
}

/** Our messages as node-llama-cpp chat history, ending in the model turn to be generated. */
export function toChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m) =>
    m.role === 'assistant' ? { type: 'model', response: [m.content] } : { type: m.role, text: m.content },
  );
  // a trailing assistant message is a prefix the model continues
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

/** node-llama-cpp's stop reason in the finish vocabulary the other providers report (vercel/ai's). */
export function finishReason(stopReason: LlamaChatResponse['metadata']['stopReason']): string {
  if (stopReason === 'maxTokens') return 'length';
  if (stopReason === 'functionCalls') return 'tool-calls';
  return 'stop';
}

/** `general.file_type` as the usual name (`Q4_K_M`, `F16`). */
export function quantizationName(fileType: number | undefined): string | undefined {
  const name = fileType === undefined ? undefined : GgufFileType[fileType];
  return name?.replace(/^(MOSTLY|ALL)_/, '');
}

interface Loaded {
  name: string;
  model: LlamaModel;
  context: LlamaContext;
  chatWrapper: ChatWrapper;
}

export function createEmbeddedProvider(options: EmbeddedProviderOptions): Provider {
  const gpu = options.gpu ?? 'auto';
  const threads = options.threads ?? defaultThreads();
  const configs = new Map(
    Object.entries(options.models).map(([name, c]) => [name, typeof c === 'string' ? { path: c } : c]),
  );
  const lock = createLock();
  const ggufInfo = new Map<string, Promise<GgufFileInfo>>();
  const hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();
  const active = new Set<AbortController>();
  let llama: Promise<Llama> | undefined;
  let loaded: Loaded | undefined;
  let closed = false;

  function config(model: string): EmbeddedModelConfig {
    const c = configs.get(model);
    if (!c) {
      const known = [...configs.keys()].join(', ') || 'none';
      throw new ProviderError('provider-error', `embedded: unknown model '${model}' (known: ${known})`);
    }
    return c;
  }

  function readInfo(path: string): Promise<GgufFileInfo> {
    let info = ggufInfo.get(path);
    if (!info) {
      info = readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false });
      info.catch(() => ggufInfo.delete(path));
      ggufInfo.set(path, info);
    }
    return info;
  }

  function contextSizeFor(c: EmbeddedModelConfig, trainContextSize: number | undefined): number {
    const wanted = c.contextSize ?? options.contextSize ?? DEFAULT_CONTEXT_SIZE;
    return trainContextSize ? Math.min(wanted, trainContextSize) : wanted;
  }

  /** the allocated context when loaded, else the one loading would allocate */
  function contextSizeOf(name: string, c: EmbeddedModelConfig, info: GgufFileInfo | undefined): number {
    return loaded?.name === name ? loaded.context.contextSize : contextSizeFor(c, trainContext(info));
  }

  function engine(): Promise<Llama> {
    llama ??= getLlama({
      gpu,
      build: 'never',
      skipDownload: true,
      progressLogs: false,
      maxThreads: threads,
      logLevel: LlamaLogLevel.error,
    }).catch((cause: unknown) => {
      llama = undefined;
      throw new ProviderError('provider-error', `embedded: llama.cpp is not usable here: ${message(cause)}`, {
        cause,
      });
    });
    return llama;
  }

  async function unload(): Promise<void> {
    const current = loaded;
    loaded = undefined;
    await current?.context.dispose();
    await current?.model.dispose();
  }

  /** Loads `name` unless it is loaded, swapping out any other model; call with the lock held. */
  async function load(
    name: string,
    signal?: AbortSignal,
  ): Promise<{ loaded: Loaded; loadMs: number | null }> {
    if (closed) throw new ProviderError('provider-error', 'embedded: the provider is closed');
    if (loaded?.name === name) return { loaded, loadMs: null };
    const c = config(name);
    const started = performance.now();
    await unload();
    try {
      const llamaInstance = await engine();
      const model = await llamaInstance.loadModel({
        modelPath: c.path,
        gpuLayers: gpu === false ? 0 : 'auto',
        loadSignal: signal,
      });
      try {
        const context = await model.createContext({
          contextSize: contextSizeFor(c, model.trainContextSize),
          sequences: 1,
          threads,
          createSignal: signal,
        });
        loaded = { name, model, context, chatWrapper: resolveChatWrapper(model) };
      } catch (error) {
        await model.dispose();
        throw error;
      }
    } catch (cause) {
      if (cause instanceof ProviderError) throw cause;
      if (signal?.aborted) throw stopped(cause);
      throw new ProviderError(
        'provider-error',
        `embedded: cannot load '${name}' from ${c.path}: ${message(cause)}`,
        {
          cause,
        },
      );
    }
    return { loaded, loadMs: performance.now() - started };
  }

  async function* doStream(request: StreamRequest): AsyncIterable<StreamPart> {
    config(request.model);
    if (request.signal?.aborted) throw stopped(request.signal.reason);
    const controller = new AbortController();
    const onAbort = () => controller.abort(stopped(request.signal?.reason));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    active.add(controller);
    const release = await lock();
    const timers: NodeJS.Timeout[] = [];
    let sequence: LlamaContextSequence | undefined;
    let chat: LlamaChat | undefined;
    let generation: Promise<LlamaChatResponse> | undefined;
    try {
      // A model not prepared loads here; its load time is then inside this request (call prepare).
      const { context, chatWrapper } = (await load(request.model, controller.signal)).loaded;
      sequence = context.getSequence(); // fresh: no KV cache or prompt reuse between requests
      chat = new LlamaChat({ contextSequence: sequence, chatWrapper, autoDisposeSequence: false });
      const queue = new PartQueue();
      const { timeouts } = request;
      const fail = (kind: 'first-token-timeout' | 'total-timeout', ms: number) =>
        controller.abort(new ProviderError(kind, `embedded: ${kind} after ${ms} ms`, { isRetryable: true }));
      timers.push(setTimeout(fail, timeouts.firstTokenMs, 'first-token-timeout', timeouts.firstTokenMs));
      timers.push(setTimeout(fail, timeouts.totalMs, 'total-timeout', timeouts.totalMs));

      const started = performance.now();
      let firstAt: number | undefined;
      let lastAt = started;
      let streamedTokens = 0;
      generation = chat.generateResponse(toChatHistory(request.messages), {
        ...samplingOptions(request.sampling, context.contextSize),
        signal: controller.signal,
        onResponseChunk: (chunk) => {
          const at = performance.now();
          if (!chunk.text) return; // a token that ends inside a UTF-8 character comes with the next one
          if (firstAt === undefined) {
            firstAt = at;
            clearTimeout(timers[0]);
          }
          lastAt = at;
          streamedTokens += chunk.tokens.length;
          queue.push({
            type: chunk.type === 'segment' ? 'reasoning-delta' : 'text-delta',
            text: chunk.text,
            at,
          });
        },
      });
      generation.then(
        () => queue.end(),
        () => queue.end(),
      );
      for await (const part of queue.drain()) {
        if (controller.signal.aborted) break; // nothing more once stopped, even if already produced
        yield part;
      }
      const response = await generation;
      const ended = performance.now();

      // The meter books the prompt's last token as an output (it yields logits), then one output
      // per sampled token, including an end-of-sequence token that stops the reply but is no text.
      const meter = sequence.tokenMeter.getState();
      const outputTokens = meter.usedOutputTokens;
      const promptTokens = meter.usedInputTokens + (outputTokens > 0 ? 1 : 0);
      const predictedMs = firstAt === undefined ? 0 : lastAt - firstAt;
      yield { type: 'usage', promptTokens, outputTokens };
      yield {
        type: 'server-timings',
        timings: {
          engine: 'llama.cpp',
          promptTokens,
          promptMs: (firstAt ?? ended) - started,
          predictedTokens: outputTokens,
          predictedMs,
          ...(streamedTokens > 1 && predictedMs > 0
            ? { predictedPerSecond: ((streamedTokens - 1) * 1000) / predictedMs }
            : {}),
          cachedTokens: 0,
          totalMs: ended - started,
        },
      };
      yield { type: 'finish', reason: finishReason(response.metadata.stopReason) };
    } catch (cause) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : cause;
      if (reason instanceof ProviderError) throw reason;
      throw new ProviderError('provider-error', `embedded: ${message(cause)}`, { cause });
    } finally {
      for (const t of timers) clearTimeout(t);
      if (!controller.signal.aborted) controller.abort(stopped('the reader stopped reading'));
      await generation?.catch(() => undefined);
      chat?.dispose();
      await sequence?.dispose(); // frees its KV cells: the next request starts from nothing
      request.signal?.removeEventListener('abort', onAbort);
      active.delete(controller);
      release();
    }
  }

  return {
    id: 'embedded',
    lane: 'local',
    doStream,

    async prepare(model: string, signal?: AbortSignal): Promise<PrepareResult> {
      config(model);
      const release = await lock();
      try {
        const { loadMs } = await load(model, signal);
        return { loadMs, source: loadMs === null ? null : 'preload' };
      } finally {
        release();
      }
    },

    async listModels(): Promise<ModelInfo[]> {
      return Promise.all(
        [...configs].map(async ([id, c]): Promise<ModelInfo> => {
          // a missing or broken file is still listed: the error comes when it is prepared
          const info = await readInfo(c.path).catch(() => undefined);
          return {
            id,
            loaded: loaded?.name === id,
            sizeBytes: await stat(c.path).then(
              (s) => s.size,
              () => undefined,
            ),
            contextSize: contextSizeOf(id, c, info),
            quantization: quantizationName(info?.metadata.general.file_type),
          };
        }),
      );
    },

    async fingerprint(model: string): Promise<ModelFingerprint> {
      const c = config(model);
      const [info, sha256, size, llamaInstance, version] = await Promise.all([
        readInfo(c.path),
        fileSha256(c.path, hashes),
        stat(c.path).then((s) => s.size),
        engine(),
        getModuleVersion(),
      ]);
      const parameters = (info.fullTensorInfo ?? []).reduce(
        (sum, t) => sum + t.dimensions.reduce<number>((p, d) => p * Number(d), 1),
        0,
      );
      return {
        file: basename(c.path),
        sizeBytes: size,
        sha256,
        quantization: quantizationName(info.metadata.general.file_type),
        contextSize: contextSizeOf(model, c, info),
        parameters: parameters > 0 ? parameters : undefined,
        engine: {
          name: ENGINE_NAME,
          version: `${version} (llama.cpp ${llamaInstance.llamaCppRelease.release}, ${llamaInstance.gpu || 'cpu'})`,
        },
      };
    },

    async close(): Promise<void> {
      closed = true;
      for (const c of active) c.abort(stopped('the provider is closing'));
      const release = await lock();
      try {
        await unload();
        const instance = await llama?.catch(() => undefined);
        llama = undefined;
        await instance?.dispose();
      } finally {
        release();
      }
    },
  };
}

/**
 * Absent sampling fields keep node-llama-cpp's defaults (greedy when no temperature is given),
 * except the length: without `maxTokens` node-llama-cpp shifts the context and never stops (a
 * suite task ran 120,000 tokens into its 10-minute timeout), so an answer is capped at the
 * context size, as llama-server stops when its context is full.
 */
export function samplingOptions(s: Sampling, contextSize: number) {
  return {
    temperature: s.temperature,
    topP: s.topP,
    topK: s.topK,
    seed: s.seed,
    maxTokens: s.maxTokens ?? contextSize,
    customStopTriggers: s.stop,
    // LlamaChat penalises repeats unless told not to; llama.cpp's own default is off, and a
    // contestant's sampling has no field for it, so every engine gets the same: none.
    repeatPenalty: false as const,
  };
}

function trainContext(info: GgufFileInfo | undefined): number | undefined {
  const arch = info?.metadata.general.architecture;
  const section = arch ? (info?.metadata as Record<string, unknown> | undefined)?.[arch] : undefined;
  const length = (section as { context_length?: unknown } | undefined)?.context_length;
  return typeof length === 'number' ? length : undefined;
}

/** sha256 of a file, computed once per (path, size, mtime) */
async function fileSha256(
  path: string,
  cache: Map<string, { size: number; mtimeMs: number; sha256: string }>,
) {
  const { size, mtimeMs } = await stat(path);
  const hit = cache.get(path);
  if (hit && hit.size === size && hit.mtimeMs === mtimeMs) return hit.sha256;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  cache.set(path, { size, mtimeMs, sha256 });
  return sha256;
}

/** Hands parts from node-llama-cpp's callbacks to the async generator, in order. */
class PartQueue {
  #parts: StreamPart[] = [];
  #wake: (() => void) | undefined;
  #ended = false;

  push(part: StreamPart): void {
    this.#parts.push(part);
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  async *drain(): AsyncGenerator<StreamPart> {
    for (;;) {
      const part = this.#parts.shift();
      if (part) {
        yield part;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }
}

/** A FIFO mutex: one engine, one request or load at a time (the local lane is serial anyway). */
function createLock(): () => Promise<() => void> {
  let tail: Promise<void> = Promise.resolve();
  return async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = tail;
    tail = previous.then(() => held);
    await previous;
    return release;
  };
}

function stopped(cause?: unknown): ProviderError {
  return new ProviderError('stopped', 'embedded: the request was stopped', { cause });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
