import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collect, relaxedTimeouts } from '../../test/collect-stream.ts';
import { llamaRecording, providerFixture, providerFixtureText } from '../../test/fixtures.ts';
import {
  fromRecording,
  jsonResponse,
  type ReplayResponse,
  type ReplayServer,
  sseResponse,
  startReplayServer,
  textResponse,
  withFault,
} from '../../test/replay-server.ts';
import { createLlamaSwapProvider } from './llama-swap.ts';
import type { StreamRequest } from './types.ts';

const request = (over: Partial<StreamRequest> = {}): StreamRequest => ({
  model: 'qwen3-8b',
  messages: [{ role: 'user', content: 'Write a haiku about the sea.' }],
  sampling: { maxTokens: 32 },
  timeouts: relaxedTimeouts,
  ...over,
});

const upstream = llamaRecording('chat-stream');
const upstreamText = upstream.chunks.map((c) => c.bytes_utf8).join('');

/** llama-swap's loading messages, then the upstream llama-server's own SSE on the same 200 response. */
function loadingThenUpstream(loadingFixture: string): ReplayResponse {
  const loading = sseResponse(providerFixture(loadingFixture));
  const offset = (loading.chunks?.length ?? 0) + 1;
  const rest = fromRecording(upstream).chunks!.map((c) => ({ ...c, atMs: c.atMs + offset }));
  return { ...loading, chunks: [...loading.chunks!, ...rest] };
}

describe('llama-swap provider streaming', () => {
  let server: ReplayServer;
  const provider = () =>
    createLlamaSwapProvider({ id: 'llama-swap', lane: 'local', baseUrl: server.baseUrl });
  const route = (r: ReplayResponse) => server.route('POST', '/v1/chat/completions', r);

  beforeAll(async () => {
    server = await startReplayServer();
  });
  afterAll(() => server.close());

  it('drops the injected loading messages: the first part is the model’s first token, nothing from them is output', async () => {
    route(loadingThenUpstream('llama-swap-chat-stream-loading-state.txt'));
    const c = await collect(provider().doStream(request()));
    expect(c.error).toBeUndefined();
    expect(c.reasoningDeltas).toEqual([]);
    expect(c.parts[0]).toMatchObject({ type: 'text-delta', text: 'Package' });
    expect(c.textDeltas).toHaveLength(32);
    expect(c.text).not.toContain('llama-swap');
  });

  it('keeps the load time llama-swap printed (Done! (3.12s)) next to the upstream’s llama.cpp timings', async () => {
    route(loadingThenUpstream('llama-swap-chat-stream-loading-state.txt'));
    const c = await collect(provider().doStream(request()));
    expect(c.timings).toEqual({
      engine: 'llama.cpp',
      promptTokens: 60,
      promptMs: 3.624,
      predictedTokens: 32,
      predictedMs: 20.42,
      predictedPerSecond: 1567.0910871694416,
      cachedTokens: 0,
      loadMs: 3120,
    });
  });

  it('reads the legacy (≤v217) whole-line loading messages the same way', async () => {
    route(loadingThenUpstream('llama-swap-chat-stream-loading-state-legacy.txt'));
    const c = await collect(provider().doStream(request()));
    expect(c.reasoning).toBe('');
    expect(c.textDeltas).toHaveLength(32);
    expect(c.timings?.loadMs).toBe(5020);
  });

  it('loading messages do not stop the first-token timeout', async () => {
    route(
      withFault(sseResponse(providerFixture('llama-swap-chat-stream-loading-state.txt')), {
        kind: 'stall',
        afterChunks: 10,
      }),
    );
    const c = await collect(
      provider().doStream(request({ timeouts: { connectMs: 5_000, firstTokenMs: 150, totalMs: 5_000 } })),
    );
    expect(c.parts).toEqual([]);
    expect(c.error).toMatchObject({ kind: 'first-token-timeout' });
  });

  it('v218+: the raw start-failure JSON at the end of a 200 stream becomes a provider-error', async () => {
    route(sseResponse(providerFixture('llama-swap-chat-stream-loading-then-start-failure.txt')));
    const c = await collect(provider().doStream(request()));
    expect(c.parts).toEqual([]);
    expect(c.error).toMatchObject({
      kind: 'provider-error',
      isRetryable: false,
      message:
        'llama-swap could not start the model: unspecific error: upstream command exited prematurely (internal_error)',
    });
  });

  it('≤v217: a loading stream that ends without the upstream reports the error line it carried', async () => {
    route(sseResponse(providerFixture('llama-swap-chat-stream-loading-then-start-failure-legacy.txt')));
    const c = await collect(provider().doStream(request()));
    expect(c.error).toMatchObject({
      kind: 'provider-error',
      message:
        'llama-swap could not start the model: Unable to swap model err: unable to start process: upstream command exited prematurely but successfully',
    });
  });

  it('a start failure without a loading stream is an http-error with llama-swap’s message (JSON and plain text)', async () => {
    route(jsonResponse(500, providerFixture('llama-swap-error-start-failed.json')));
    const v218 = await collect(provider().doStream(request()));
    expect(v218.error).toMatchObject({
      kind: 'http-error',
      status: 500,
      message: 'HTTP 500: unspecific error: upstream command exited prematurely (internal_error)',
    });
    route(textResponse(502, providerFixtureText('llama-swap-error-start-failed-legacy.txt')));
    const legacy = await collect(provider().doStream(request()));
    expect(legacy.error).toMatchObject({
      kind: 'http-error',
      status: 502,
      message: 'HTTP 502: unable to start process: upstream command exited prematurely but successfully',
    });
  });

  it('sends cache_prompt:false so repeated prompts are not served from the upstream’s cache', async () => {
    route(sseResponse(upstreamText));
    await collect(provider().doStream(request()));
    expect(server.requests.at(-1)!.json).toMatchObject({
      model: 'qwen3-8b',
      cache_prompt: false,
      stream: true,
    });
  });
});

describe('llama-swap prepare and listModels', () => {
  let server: ReplayServer;
  const provider = () =>
    createLlamaSwapProvider({ id: 'llama-swap', lane: 'local', baseUrl: server.baseUrl });
  const warmUps = () => server.requests.filter((r) => r.path === '/v1/chat/completions');

  beforeEach(async () => {
    server = await startReplayServer();
    return () => server.close();
  });

  it('does nothing for a model /running reports ready', async () => {
    server.route(
      'GET',
      '/running',
      jsonResponse(200, providerFixture('llama-swap-running-current-shape.json')),
    );
    expect(await provider().prepare!('qwen3-8b')).toEqual({ loadMs: null, source: null });
    expect(warmUps()).toEqual([]);
  });

  it('recognises an alias of a ready model through /v1/models', async () => {
    server.route(
      'GET',
      '/running',
      jsonResponse(200, { running: [{ model: 'qwen3.8-27b', state: 'ready' }] }),
    );
    server.route(
      'GET',
      '/v1/models',
      jsonResponse(200, providerFixture('llama-swap-v1-models-captured.json')),
    );
    expect(await provider().prepare!('qwen3.8-27b:low')).toEqual({ loadMs: null, source: null });
    expect(warmUps()).toEqual([]);
  });

  it('times a one-token warm-up when another model is loaded, so the swap stays out of TTFT', async () => {
    server.route('GET', '/running', jsonResponse(200, providerFixture('llama-swap-running-captured.json')));
    server.route(
      'GET',
      '/v1/models',
      jsonResponse(200, providerFixture('llama-swap-v1-models-captured-legacy.json')),
    );
    // The swap holds the warm-up's headers for 120 ms, like a router loading a cold model.
    server.route('POST', '/v1/chat/completions', { ...jsonResponse(200, { choices: [] }), headersAtMs: 120 });
    const result = await provider().prepare!('qwen36-workhorse');
    expect(result.source).toBe('warmup');
    expect(result.loadMs).toBeGreaterThanOrEqual(120);
    expect(warmUps().map((r) => r.json)).toEqual([
      {
        model: 'qwen36-workhorse',
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 1,
        stream: false,
      },
    ]);
  });

  it('fails prepare with the warm-up’s error when the model cannot start', async () => {
    server.route('GET', '/running', jsonResponse(200, { running: [] }));
    server.route(
      'POST',
      '/v1/chat/completions',
      jsonResponse(500, providerFixture('llama-swap-error-start-failed.json')),
    );
    await expect(provider().prepare!('qwen3-8b')).rejects.toMatchObject({
      kind: 'http-error',
      status: 500,
      message:
        'warm-up of qwen3-8b: HTTP 500: unspecific error: upstream command exited prematurely (internal_error)',
    });
  });

  it('lists /v1/models and marks as loaded exactly the models /running calls ready', async () => {
    server.route(
      'GET',
      '/v1/models',
      jsonResponse(200, providerFixture('llama-swap-v1-models-captured-legacy.json')),
    );
    server.route(
      'GET',
      '/running',
      jsonResponse(200, {
        running: [
          { model: 'gemma4-tutor', state: 'ready' },
          { model: 'nomic-embed', state: 'starting' },
        ],
      }),
    );
    expect(await provider().listModels!()).toEqual([
      { id: 'architect-agent', loaded: false },
      { id: 'gemma4-tutor', loaded: true },
      { id: 'nomic-embed', loaded: false },
      { id: 'qwen-graphiti', loaded: false },
      { id: 'qwen36-workhorse', loaded: false },
    ]);
  });

  it('falls back to status.value (v218+) when /running does not answer', async () => {
    server.route(
      'GET',
      '/v1/models',
      jsonResponse(200, providerFixture('llama-swap-v1-models-captured.json')),
    );
    expect(await provider().listModels!()).toEqual([
      { id: 'gemma4-26b-a4b', loaded: true },
      { id: 'qwen3.8-27b', loaded: true },
    ]);
  });
});
