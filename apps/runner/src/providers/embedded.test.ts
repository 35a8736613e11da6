import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sampling } from '@ringside/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../gguf/ensure-tiny-model.ts';
import { TINY_LLAMA } from '../gguf/tiny-llama.ts';
import {
  createEmbeddedProvider,
  defaultThreads,
  finishReason,
  quantizationName,
  samplingOptions,
  toChatHistory,
} from './embedded.ts';
import { type Provider, ProviderError, type StreamPart, type StreamRequest } from './types.ts';

const timeouts = { connectMs: 10_000, firstTokenMs: 10_000, totalMs: 30_000 };

function request(sampling: Sampling, extra: Partial<StreamRequest> = {}): StreamRequest {
  return {
    model: 'tiny',
    messages: [
      { role: 'system', content: 'You are a contestant.' },
      { role: 'user', content: 'Write a short story about a lighthouse.' },
    ],
    sampling,
    timeouts,
    ...extra,
  };
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

const deltas = (parts: StreamPart[]) => parts.flatMap((p) => (p.type === 'text-delta' ? [p] : []));
const textOf = (parts: StreamPart[]) =>
  deltas(parts)
    .map((p) => p.text)
    .join('');
const partOf = <T extends StreamPart['type']>(parts: StreamPart[], type: T) =>
  parts.find((p): p is Extract<StreamPart, { type: T }> => p.type === type);

describe('embedded provider helpers', () => {
  it('uses half the logical CPUs for threads, and never fewer than one', () => {
    expect(defaultThreads(1)).toBe(1);
    expect(defaultThreads(2)).toBe(1);
    expect(defaultThreads(3)).toBe(1);
    expect(defaultThreads(16)).toBe(8);
  });

  it('maps messages to chat history that ends in an open model turn', () => {
    expect(
      toChatHistory([
        { role: 'system', content: 's' },
        { role: 'user', content: 'u' },
      ]),
    ).toEqual([
      { type: 'system', text: 's' },
      { type: 'user', text: 'u' },
      { type: 'model', response: [] },
    ]);
  });

  it('lets a trailing assistant message be continued instead of opening a new turn', () => {
    expect(
      toChatHistory([
        { role: 'user', content: 'u' },
        { role: 'assistant', content: 'Once' },
      ]),
    ).toEqual([
      { type: 'user', text: 'u' },
      { type: 'model', response: ['Once'] },
    ]);
  });

  it('names finish reasons in the vocabulary the other providers use', () => {
    expect(finishReason('maxTokens')).toBe('length');
    expect(finishReason('eogToken')).toBe('stop');
    expect(finishReason('customStopTrigger')).toBe('stop');
    expect(finishReason('functionCalls')).toBe('tool-calls');
  });

  it('names GGUF file types by their quantization', () => {
    expect(quantizationName(1)).toBe('F16');
    expect(quantizationName(15)).toBe('Q4_K_M');
    expect(quantizationName(0)).toBe('F32');
    expect(quantizationName(undefined)).toBeUndefined();
  });
});

describe('embedded provider on the tiny model (real llama.cpp, CPU)', () => {
  let dir: string;
  let path: string;
  let provider: Provider;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'embedded-'));
    path = await ensureTinyModel(dir);
    provider = createEmbeddedProvider({ models: { tiny: path }, gpu: false, threads: 1 });
    await provider.prepare?.('tiny');
  });
  afterAll(async () => {
    await provider?.close?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams maxTokens tokens of valid text with monotonic timestamps and finishes for length', async () => {
    const before = performance.now();
    const parts = await collect(provider.doStream(request({ maxTokens: 64, temperature: 0.8, seed: 5 })));
    const stamps = deltas(parts).map((p) => p.at);

    expect(deltas(parts).length).toBeGreaterThanOrEqual(32);
    expect(textOf(parts)).not.toContain('\uFFFD');
    expect(textOf(parts).trim().length).toBeGreaterThan(0);
    expect(stamps[0]).toBeGreaterThan(before);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThanOrEqual(stamps[i - 1] ?? 0);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'length' });
  });

  it('counts as many output tokens as it streamed, since every tiny-model token is whole text', async () => {
    const parts = await collect(provider.doStream(request({ maxTokens: 40, temperature: 0 })));
    const usage = partOf(parts, 'usage');
    const timings = partOf(parts, 'server-timings')?.timings;

    expect(usage?.outputTokens).toBe(40);
    expect(deltas(parts)).toHaveLength(40);
    expect(usage?.promptTokens).toBeGreaterThan(10);
    expect(timings).toMatchObject({
      engine: 'llama.cpp',
      promptTokens: usage?.promptTokens,
      predictedTokens: 40,
    });
    expect(timings?.cachedTokens).toBe(0);
    expect(timings?.predictedMs).toBeGreaterThan(0);
    expect(timings?.predictedPerSecond).toBeGreaterThan(0);
  });

  it('gives identical output for the same seed at temperature 0, evaluating the whole prompt each time', async () => {
    const a = await collect(provider.doStream(request({ maxTokens: 30, temperature: 0, seed: 11 })));
    const b = await collect(provider.doStream(request({ maxTokens: 30, temperature: 0, seed: 11 })));

    expect(textOf(b)).toBe(textOf(a));
    expect(partOf(b, 'usage')?.promptTokens).toBe(partOf(a, 'usage')?.promptTokens);
  });

  it('honours the seed when sampling: same seed same text, another seed other text', async () => {
    const sampled = (seed: number) =>
      collect(provider.doStream(request({ maxTokens: 30, temperature: 1, seed })));
    const [a, b, c] = [await sampled(1), await sampled(1), await sampled(2)];

    expect(textOf(b)).toBe(textOf(a));
    expect(textOf(c)).not.toBe(textOf(a));
  });

  it('stops at a stop string and leaves it out of the text', async () => {
    const full = textOf(await collect(provider.doStream(request({ maxTokens: 30, temperature: 0 }))));
    const stop = full
      .slice(Math.floor(full.length / 2))
      .trim()
      .slice(0, 4);
    const parts = await collect(provider.doStream(request({ maxTokens: 30, temperature: 0, stop: [stop] })));

    expect(textOf(parts)).toBe(full.slice(0, full.indexOf(stop)));
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('stops promptly when aborted and reports the request as stopped', async () => {
    const controller = new AbortController();
    const seen: StreamPart[] = [];
    // 100k tokens would take minutes: the rejection arriving at all means the engine stopped
    const run = async () => {
      for await (const part of provider.doStream(
        request({ maxTokens: 100_000 }, { signal: controller.signal }),
      )) {
        seen.push(part);
        if (seen.length === 5) controller.abort();
      }
    };

    await expect(run()).rejects.toMatchObject({ name: 'ProviderError', kind: 'stopped' });
    expect(seen).toHaveLength(5); // not one part after the abort
  });

  it('frees the engine when the reader stops early, so the next request runs', async () => {
    for await (const part of provider.doStream(request({ maxTokens: 400 }))) {
      if (part.type === 'text-delta') break;
    }
    const parts = await collect(provider.doStream(request({ maxTokens: 5 })));
    expect(deltas(parts)).toHaveLength(5);
  });

  it('fails with a first-token timeout when the first token is later than allowed', async () => {
    const long = 'lighthouse '.repeat(150); // ~300 tokens: fits the 512-token context, takes a few ms to read
    const tooSoon = { ...timeouts, firstTokenMs: 0 };
    const run = collect(
      provider.doStream(
        request({ maxTokens: 5 }, { timeouts: tooSoon, messages: [{ role: 'user', content: long }] }),
      ),
    );
    await expect(run).rejects.toMatchObject({ kind: 'first-token-timeout', isRetryable: true });
  });

  it('rejects an unknown model naming the known ones', async () => {
    const run = collect(provider.doStream(request({}, { model: 'nope' })));
    await expect(run).rejects.toThrow(ProviderError);
    await expect(run).rejects.toThrow(/unknown model 'nope' \(known: tiny\)/);
  });

  it('lists the configured model as loaded, with its size and quantization', async () => {
    const [info] = (await provider.listModels?.()) ?? [];
    expect(info).toMatchObject({
      id: 'tiny',
      loaded: true,
      quantization: 'F16',
      contextSize: TINY_LLAMA.contextLength,
    });
    expect(info?.sizeBytes).toBeGreaterThan(8_000_000);
  });

  it('fingerprints the file: name, size, sha256, quantization, context, parameters and engine', async () => {
    const bytes = await readFile(path);
    const fingerprint = await provider.fingerprint?.('tiny');

    expect(fingerprint).toMatchObject({
      file: 'tiny-llama.gguf',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      quantization: 'F16',
      contextSize: TINY_LLAMA.contextLength,
      engine: { name: 'llama.cpp (node-llama-cpp)' },
    });
    expect(fingerprint?.parameters).toBeGreaterThan(4_000_000);
    expect(fingerprint?.engine?.version).toMatch(/^\d+\.\d+\.\d+ \(llama\.cpp .+, cpu\)$/);
  });
});

describe('embedded provider model loading', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'embedded-load-'));
    path = await ensureTinyModel(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports the load time on the first prepare and null once the model is loaded', async () => {
    const provider = createEmbeddedProvider({ models: { tiny: path }, gpu: false, threads: 1 });
    try {
      const first = await provider.prepare?.('tiny');
      const second = await provider.prepare?.('tiny');

      expect(first?.source).toBe('preload');
      expect(first?.loadMs).toBeGreaterThan(0);
      expect(second).toEqual({ loadMs: null, source: null });
    } finally {
      await provider.close?.();
    }
  });

  it('keeps one model loaded at a time: preparing another swaps it in', async () => {
    const provider = createEmbeddedProvider({ models: { a: path, b: path }, gpu: false, threads: 1 });
    try {
      await provider.prepare?.('a');
      const swap = await provider.prepare?.('b');
      const models = await provider.listModels?.();

      expect(swap?.loadMs).toBeGreaterThan(0);
      expect(models?.map((m) => [m.id, m.loaded])).toEqual([
        ['a', false],
        ['b', true],
      ]);
    } finally {
      await provider.close?.();
    }
  });

  it('fails to load a file that is not a model with a provider error', async () => {
    const bogus = join(dir, 'bogus.gguf');
    await writeFile(bogus, 'not a model');
    const provider = createEmbeddedProvider({ models: { bogus }, gpu: false, threads: 1 });
    try {
      await expect(provider.prepare?.('bogus')).rejects.toMatchObject({ kind: 'provider-error' });
    } finally {
      await provider.close?.();
    }
  });

  it('refuses requests after close', async () => {
    const provider = createEmbeddedProvider({ models: { tiny: path }, gpu: false, threads: 1 });
    await provider.close?.();
    await expect(provider.prepare?.('tiny')).rejects.toThrow(/closed/);
  });
});

describe('embedded sampling options', () => {
  it('caps an answer without maxTokens at the context size, and keeps an explicit one', () => {
    expect(samplingOptions({}, 512).maxTokens).toBe(512);
    expect(samplingOptions({ maxTokens: 64 }, 512).maxTokens).toBe(64);
  });
});
