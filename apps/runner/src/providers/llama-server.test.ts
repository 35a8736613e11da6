import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, relaxedTimeouts } from '../../test/collect-stream.ts';
import { llamaRecording } from '../../test/fixtures.ts';
import { fromRecording, type ReplayServer, startReplayServer } from '../../test/replay-server.ts';
import { createLlamaServerProvider } from './llama-server.ts';
import type { StreamRequest } from './types.ts';

const rec = (name: string) => fromRecording(llamaRecording(name));
const request = (model: string, over: Partial<StreamRequest> = {}): StreamRequest => ({
  model,
  messages: [{ role: 'user', content: 'Write a haiku about the sea.' }],
  sampling: { maxTokens: 32 },
  timeouts: relaxedTimeouts,
  ...over,
});

let server: ReplayServer;
const provider = () =>
  createLlamaServerProvider({ id: 'llama-server', lane: 'local', baseUrl: server.baseUrl, pollMs: 5 });
const calls = () => server.requests.map((r) => `${r.method} ${r.path}`);

beforeEach(async () => {
  server = await startReplayServer();
});
afterEach(() => server.close());

describe('llama-server router mode: prepare', () => {
  it('loads a cold model with POST /models/load and polls /models until it is loaded', async () => {
    server.route(
      'GET',
      '/models',
      rec('router-models-initial'),
      rec('router-models-after-load-request'),
      rec('router-models-after-load-request'),
      rec('router-models-after-unload-request'),
    );
    server.route('POST', '/models/load', rec('router-load'));
    const result = await provider().prepare!('tiny-a');
    expect(result.source).toBe('preload');
    // the recorded load call alone took 22.6 ms to answer
    expect(result.loadMs).toBeGreaterThanOrEqual(22.591);
    expect(calls()).toEqual([
      'GET /models',
      'POST /models/load',
      'GET /models',
      'GET /models',
      'GET /models',
    ]);
    expect(server.requests[1]!.json).toEqual({ model: 'tiny-a' });
  });

  it('does nothing for a model the router already has loaded', async () => {
    server.route('GET', '/models', rec('router-models-after-swap'));
    expect(await provider().prepare!('tiny-b')).toEqual({ loadMs: null, source: null });
    expect(calls()).toEqual(['GET /models']);
  });

  it('treats "model is already running" from the load call as a load in progress', async () => {
    server.route('GET', '/models', rec('router-models-initial'), rec('router-models-after-unload-request'));
    server.route('POST', '/models/load', rec('router-load-already-loaded'));
    expect(await provider().prepare!('tiny-a')).toMatchObject({ source: 'preload' });
  });

  it('reports a model that went from loading back to unloaded as a failed load', async () => {
    server.route(
      'GET',
      '/models',
      rec('router-models-initial'),
      rec('router-models-after-load-request'),
      rec('router-models-initial'),
    );
    server.route('POST', '/models/load', rec('router-load'));
    await expect(provider().prepare!('tiny-a')).rejects.toMatchObject({ kind: 'provider-error' });
  });

  it('names the models it has when asked for one it does not', async () => {
    server.route('GET', '/models', rec('router-models-initial'));
    await expect(provider().prepare!('no-such-model')).rejects.toMatchObject({
      kind: 'provider-error',
      message: 'llama-server has no model "no-such-model"; it has: default, tiny-a, tiny-b',
    });
  });

  it('stops polling when the caller aborts', async () => {
    const controller = new AbortController();
    let polls = 0;
    server.route('GET', '/models', () => {
      // the first GET is the status check; the second is the provider polling: stop it there
      if (++polls === 2) controller.abort();
      return rec(polls === 1 ? 'router-models-initial' : 'router-models-after-load-request');
    });
    server.route('POST', '/models/load', rec('router-load'));
    await expect(provider().prepare!('tiny-a', controller.signal)).rejects.toMatchObject({ kind: 'stopped' });
  });
});

describe('llama-server single-model mode: prepare', () => {
  it('does nothing when the server answers /models', async () => {
    server.route('GET', '/models', rec('models'));
    expect(await provider().prepare!('tiny')).toEqual({ loadMs: null, source: null });
  });

  it('waits for /health to turn from 503 to 200 while the model loads', async () => {
    server.route('GET', '/models', rec('health-loading'));
    server.route('GET', '/health', rec('health-loading'), rec('health-loading'), rec('health'));
    const result = await provider().prepare!('tiny');
    expect(result.source).toBe('preload');
    expect(result.loadMs).toBeGreaterThan(0);
    expect(calls()).toEqual(['GET /models', 'GET /health', 'GET /health', 'GET /health']);
  });
});

describe('llama-server listModels', () => {
  it('router: every preset with its status; the loaded one with size and context', async () => {
    server.route('GET', '/v1/models', rec('router-models-after-swap'));
    expect(await provider().listModels!()).toEqual([
      { id: 'default', loaded: false },
      { id: 'tiny-a', loaded: false },
      { id: 'tiny-b', loaded: true, sizeBytes: 13080064, contextSize: 512 },
    ]);
  });

  it('single model: its one model, loaded', async () => {
    server.route('GET', '/v1/models', rec('models'));
    expect(await provider().listModels!()).toEqual([
      { id: 'tiny', loaded: true, sizeBytes: 8406272, contextSize: 512 },
    ]);
  });
});

describe('llama-server streaming through the router', () => {
  it('streams a warm model with the model field set and llama.cpp timings', async () => {
    server.route('POST', '/v1/chat/completions', rec('router-chat-warm-b'));
    const c = await collect(provider().doStream(request('tiny-b')));
    expect(c.error).toBeUndefined();
    expect(c.textDeltas).toHaveLength(32);
    expect(c.timings).toMatchObject({ engine: 'llama.cpp', predictedTokens: 32 });
    expect(server.requests[0]!.json).toMatchObject({ model: 'tiny-b', cache_prompt: false });
  });

  it('a cold model holds the headers for its load (141 ms recorded): prepare exists to keep that out of TTFT', async () => {
    server.route('POST', '/v1/chat/completions', rec('router-chat-cold-a'));
    const c = await collect(
      provider().doStream(
        request('tiny-a', { timeouts: { connectMs: 100, firstTokenMs: 5_000, totalMs: 5_000 } }),
      ),
    );
    expect(c.error).toMatchObject({ kind: 'connect-timeout' });
  });

  it('an unknown model is a 400 http-error with the router’s message', async () => {
    server.route('POST', '/v1/chat/completions', rec('router-unknown-model-stream'));
    const c = await collect(provider().doStream(request('no-such-model')));
    expect(c.error).toMatchObject({
      kind: 'http-error',
      status: 400,
      isRetryable: false,
      message: "HTTP 400: model 'no-such-model' not found (invalid_request_error)",
    });
  });
});
