import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collect, relaxedTimeouts } from '../../test/collect-stream.ts';
import { providerFixture, providerFixtureText } from '../../test/fixtures.ts';
import { recordedFetch } from '../../test/recorded-fetch.ts';
import {
  jsonResponse,
  ndjsonResponse,
  type ReplayServer,
  startReplayServer,
  trickle,
} from '../../test/replay-server.ts';
import { createOllamaProvider } from './ollama.ts';
import type { StreamRequest } from './types.ts';

const request = (over: Partial<StreamRequest> = {}): StreamRequest => ({
  model: 'gemma3:1b',
  messages: [{ role: 'user', content: 'Count to five.' }],
  sampling: {},
  timeouts: relaxedTimeouts,
  ...over,
});

const recordedLines = providerFixtureText('ollama-api-chat-stream.ndjson').split(/(?<=\n)/);
const serverTime = (line: string) => Date.parse(JSON.parse(line).created_at);

describe('ollama provider on the recorded /api/chat stream', () => {
  /** The recording's lines arriving at their server-side `created_at` times (ms after the first, + 10). */
  function replayAtCreatedAt() {
    const t0 = serverTime(recordedLines[0]!);
    return recordedFetch({
      status: 200,
      headers: { 'content-type': 'application/x-ndjson' },
      headers_ms: 5,
      chunks: recordedLines.map((l) => ({ t_ms: 10 + serverTime(l) - t0, n_bytes: l.length, bytes_utf8: l })),
    });
  }

  it('streams the exact text; the final empty `done` line is not a token; each delta keeps its line’s arrival', async () => {
    const replay = replayAtCreatedAt();
    const provider = createOllamaProvider({
      id: 'ollama',
      lane: 'local',
      baseUrl: 'http://127.0.0.1:11434',
      ...replay,
    });
    const c = await collect(provider.doStream(request()));
    expect(c.error).toBeUndefined();
    expect(c.text).toBe('Okay, here we go!\n\n1, 2, 3, 4, 5\n');
    expect(c.textDeltas).toHaveLength(21);
    expect(c.textDeltas[0]).toEqual({ text: 'Okay', at: 10 });
    const t0 = serverTime(recordedLines[0]!);
    expect(c.textDeltas.map((d) => d.at)).toEqual(
      recordedLines.slice(0, 21).map((l) => 10 + serverTime(l) - t0),
    );
  });

  it('maps the done line to usage, server timings (ns → ms, eval_count/eval_duration × 1e9) and finish', async () => {
    const replay = replayAtCreatedAt();
    const provider = createOllamaProvider({
      id: 'ollama',
      lane: 'local',
      baseUrl: 'http://127.0.0.1:11434',
      ...replay,
    });
    const c = await collect(provider.doStream(request()));
    expect(c.usage).toEqual({ type: 'usage', promptTokens: 16, outputTokens: 22 });
    expect(c.outputTokensSource).toBe('usage');
    expect(c.timings).toEqual({
      engine: 'ollama',
      promptTokens: 16,
      promptMs: 27.60825,
      predictedTokens: 22,
      predictedMs: 105.611917,
      predictedPerSecond: (22 / 105611917) * 1e9,
      loadMs: 38.47325,
      totalMs: 171.946792,
    });
    expect(c.timings?.predictedPerSecond).toBeCloseTo(208.31, 2);
    expect(c.finish).toBe('stop');
  });

  it('sends the native request with num_ctx and the sampling settings as options', async () => {
    const replay = replayAtCreatedAt();
    const provider = createOllamaProvider({
      id: 'ollama',
      lane: 'local',
      baseUrl: 'http://127.0.0.1:11434',
      contextSize: 8192,
      ...replay,
    });
    await collect(
      provider.doStream(
        request({
          sampling: { temperature: 0.2, topP: 0.9, topK: 40, seed: 1, maxTokens: 64, stop: ['END'] },
        }),
      ),
    );
    expect(replay.calls[0]!.url).toBe('http://127.0.0.1:11434/api/chat');
    expect(replay.calls[0]!.body).toEqual({
      model: 'gemma3:1b',
      messages: [{ role: 'user', content: 'Count to five.' }],
      stream: true,
      options: {
        num_ctx: 8192,
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        seed: 1,
        num_predict: 64,
        stop: ['END'],
      },
    });
  });
});

describe('ollama provider errors', () => {
  let server: ReplayServer;
  const provider = () => createOllamaProvider({ id: 'ollama', lane: 'local', baseUrl: server.baseUrl });
  const route = (r: Parameters<ReplayServer['route']>[2]) => server.route('POST', '/api/chat', r);

  beforeAll(async () => {
    server = await startReplayServer();
  });
  afterAll(() => server.close());

  it('reads the stream split at every 3 bytes the same way', async () => {
    route(trickle(ndjsonResponse(providerFixture('ollama-api-chat-stream.ndjson')), 3, 0));
    const c = await collect(provider().doStream(request()));
    expect(c.text).toBe('Okay, here we go!\n\n1, 2, 3, 4, 5\n');
    expect(c.usage?.outputTokens).toBe(22);
  });

  it('a mid-stream {"error":...} line under 200 is a provider-error after the text so far', async () => {
    route(ndjsonResponse(providerFixture('ollama-stream-midstream-error-doc.ndjson')));
    const c = await collect(provider().doStream(request()));
    expect(c.text).toBe(' Yes.Ican');
    expect(c.error).toMatchObject({
      kind: 'provider-error',
      isRetryable: false,
      message: 'error in the stream: an error was encountered while running the model',
    });
  });

  it('a line that is not JSON is malformed-stream', async () => {
    route(ndjsonResponse(`${recordedLines[0]}{"message":{"content":"x"}\n`));
    const c = await collect(provider().doStream(request()));
    expect(c.text).toBe('Okay');
    expect(c.error).toMatchObject({ kind: 'malformed-stream' });
  });

  it('a stream that ends before done:true is connection-reset', async () => {
    route(ndjsonResponse(recordedLines.slice(0, 3).join('')));
    const c = await collect(provider().doStream(request()));
    expect(c.text).toBe('Okay, here');
    expect(c.error).toMatchObject({ kind: 'connection-reset', isRetryable: false });
  });

  it('a 404 with Ollama’s string error is an http-error with that message', async () => {
    route(jsonResponse(404, { error: "model 'nope' not found" }));
    const c = await collect(provider().doStream(request({ model: 'nope' })));
    expect(c.error).toMatchObject({
      kind: 'http-error',
      status: 404,
      message: "HTTP 404: model 'nope' not found",
    });
  });
});

describe('ollama listModels and prepare', () => {
  let server: ReplayServer;
  const provider = (contextSize?: number) =>
    createOllamaProvider({
      id: 'ollama',
      lane: 'local',
      baseUrl: server.baseUrl,
      ...(contextSize ? { contextSize } : {}),
    });
  const ps = (name: string, contextLength?: number) => {
    const body = JSON.parse(providerFixtureText('ollama-api-ps-doc-example.json'));
    body.models[0].name = name;
    body.models[0].model = name;
    if (contextLength) body.models[0].context_length = contextLength;
    return jsonResponse(200, body);
  };

  beforeEach(async () => {
    server = await startReplayServer();
    return () => server.close();
  });

  it('lists /api/tags with size and quantisation, loaded from /api/ps with its context length', async () => {
    server.route('GET', '/api/tags', jsonResponse(200, providerFixture('ollama-api-tags-doc-example.json')));
    server.route('GET', '/api/ps', ps('llama3.2:latest', 4096));
    expect(await provider().listModels!()).toEqual([
      { id: 'deepseek-r1:latest', loaded: false, sizeBytes: 4683075271, quantization: 'Q4_K_M' },
      {
        id: 'llama3.2:latest',
        loaded: true,
        sizeBytes: 2019393189,
        quantization: 'Q4_K_M',
        contextSize: 4096,
      },
    ]);
  });

  it('reads the 12 models of a captured /api/tags', async () => {
    server.route('GET', '/api/tags', jsonResponse(200, providerFixture('ollama-api-tags.json')));
    server.route('GET', '/api/ps', jsonResponse(200, { models: [] }));
    const models = await provider().listModels!();
    expect(models).toHaveLength(12);
    expect(models.every((m) => m.loaded === false && typeof m.sizeBytes === 'number')).toBe(true);
  });

  it('does nothing for a loaded model (`llama3.2` is `llama3.2:latest`)', async () => {
    server.route('GET', '/api/ps', ps('llama3.2:latest'));
    expect(await provider().prepare!('llama3.2')).toEqual({ loadMs: null, source: null });
    expect(server.requests.map((r) => r.path)).toEqual(['/api/ps']);
  });

  it('loads with an empty chat request carrying num_ctx and reports the server’s load_duration', async () => {
    server.route('GET', '/api/ps', jsonResponse(200, { models: [] }));
    server.route(
      'POST',
      '/api/chat',
      jsonResponse(200, {
        model: 'llama3.2',
        message: { role: 'assistant', content: '' },
        done_reason: 'load',
        done: true,
        load_duration: 1_234_500_000,
      }),
    );
    expect(await provider(8192).prepare!('llama3.2')).toEqual({ loadMs: 1234.5, source: 'server' });
    expect(server.requests[1]!.json).toEqual({
      model: 'llama3.2',
      messages: [],
      stream: false,
      options: { num_ctx: 8192 },
    });
  });

  it('reloads a model loaded with another context size, timing the request when no load_duration comes back', async () => {
    server.route('GET', '/api/ps', ps('llama3.2:latest', 2048));
    server.route('POST', '/api/chat', {
      ...jsonResponse(200, {
        model: 'llama3.2',
        message: { role: 'assistant', content: '' },
        done_reason: 'load',
        done: true,
      }),
      headersAtMs: 50,
    });
    const result = await provider(8192).prepare!('llama3.2');
    expect(result.source).toBe('preload');
    expect(result.loadMs).toBeGreaterThanOrEqual(50);
  });
});
