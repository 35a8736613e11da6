import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, relaxedTimeouts } from '../../test/collect-stream.ts';
import { llamaRecording, providerFixture } from '../../test/fixtures.ts';
import {
  fromRecording,
  jsonResponse,
  type ReplayServer,
  sseResponse,
  startReplayServer,
  trickle,
  withFault,
} from '../../test/replay-server.ts';
import { createOpenAiCompatibleProvider } from './openai-compatible.ts';
import type { StreamRequest } from './types.ts';

/** Every way an OpenAI-compatible request can fail, and the ProviderError kind each one becomes. */
const request = (over: Partial<StreamRequest> = {}): StreamRequest => ({
  model: 'tiny',
  messages: [{ role: 'user', content: 'Write a haiku about the sea.' }],
  sampling: { maxTokens: 32 },
  timeouts: relaxedTimeouts,
  ...over,
});

describe('openai-compatible provider errors and faults', () => {
  let server: ReplayServer;
  const provider = () => createOpenAiCompatibleProvider({ id: 'x', lane: 'local', baseUrl: server.baseUrl });
  const route = (...r: Parameters<ReplayServer['route']> extends [string, string, ...infer R] ? R : never) =>
    server.route('POST', '/v1/chat/completions', ...r);
  const oneToken =
    'data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"a"}}]}\n\n';

  beforeAll(async () => {
    server = await startReplayServer();
  });
  afterAll(() => server.close());

  it('llama-server context overflow: a JSON 400 before any SSE becomes a non-retryable http-error with its message', async () => {
    route(fromRecording(llamaRecording('error-context-overflow-stream')));
    const c = await collect(provider().doStream(request()));
    expect(c.error).toMatchObject({ kind: 'http-error', status: 400, isRetryable: false });
    expect(c.error?.message).toBe(
      'HTTP 400: request (3050 tokens) exceeds the available context size (512 tokens), try increasing it (exceed_context_size_error)',
    );
  });

  it('429 with Retry-After: rate-limited, retryable, with the wait and OpenAI’s message', async () => {
    route(jsonResponse(429, providerFixture('openai-error-429-rate-limit.json'), { 'retry-after': '20' }));
    const c = await collect(provider().doStream(request()));
    expect(c.error).toMatchObject({ kind: 'rate-limited', status: 429, isRetryable: true, retryAfterS: 20 });
    expect(c.error?.message).toMatch(
      /^HTTP 429: Rate limit reached for 10KTPM-200RPM .* \(rate_limit_exceeded\)$/,
    );
  });

  it('OpenRouter’s 429 (numeric code, no Retry-After): rate-limited without a wait', async () => {
    route(jsonResponse(429, providerFixture('openrouter-error-429.json')));
    const c = await collect(provider().doStream(request()));
    expect(c.error).toMatchObject({ kind: 'rate-limited', isRetryable: true, retryAfterS: undefined });
    expect(c.error?.message).toContain('Rate limit exceeded: limit_rpm/meta-llama/llama-3.2-3b-instruct');
  });

  it('500: retryable http-error', async () => {
    route(jsonResponse(500, { error: { message: 'boom', type: 'server_error' } }));
    const c = await collect(provider().doStream(request()));
    expect(c.error).toMatchObject({
      kind: 'http-error',
      status: 500,
      isRetryable: true,
      message: 'HTTP 500: boom (server_error)',
    });
  });

  it('a reset after a token arrived: connection-reset, not retryable, the partial text kept', async () => {
    let sawToken!: () => void;
    const seen = new Promise<void>((resolve) => {
      sawToken = resolve;
    });
    route(withFault(sseResponse(oneToken + oneToken), { kind: 'reset', afterChunks: 1, when: seen }));
    const c = await collect(
      (async function* () {
        for await (const part of provider().doStream(request())) {
          if (part.type === 'text-delta') sawToken();
          yield part;
        }
      })(),
    );
    expect(c.text).toBe('a');
    expect(c.error).toMatchObject({ kind: 'connection-reset', isRetryable: false });
  });

  it('a reset before any token: connection-reset, retryable', async () => {
    route(withFault(sseResponse(oneToken), { kind: 'reset', afterChunks: 0 }));
    const c = await collect(provider().doStream(request()));
    expect(c.text).toBe('');
    expect(c.error).toMatchObject({ kind: 'connection-reset', isRetryable: true });
  });

  it('no headers within connectMs: connect-timeout', async () => {
    route({ fault: { kind: 'stall-before-headers' } });
    const c = await collect(
      provider().doStream(request({ timeouts: { connectMs: 100, firstTokenMs: 5_000, totalMs: 5_000 } })),
    );
    expect(c.error).toMatchObject({ kind: 'connect-timeout', isRetryable: true });
  });

  it('a role-only event and a ping, then silence: first-token-timeout (neither counts as a token)', async () => {
    const roleOnly =
      'data: {"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n: ping\n\n';
    route(withFault(sseResponse(roleOnly), { kind: 'stall', afterChunks: 2 }));
    const c = await collect(
      provider().doStream(request({ timeouts: { connectMs: 5_000, firstTokenMs: 150, totalMs: 5_000 } })),
    );
    expect(c.parts).toEqual([]);
    expect(c.error).toMatchObject({ kind: 'first-token-timeout', isRetryable: true });
  });

  it('a slow trickle past totalMs: total-timeout, not retryable, the text so far kept', async () => {
    route(trickle(fromRecording(llamaRecording('chat-stream')), 200, 10));
    const c = await collect(
      provider().doStream(request({ timeouts: { connectMs: 5_000, firstTokenMs: 5_000, totalMs: 200 } })),
    );
    expect(c.error).toMatchObject({ kind: 'total-timeout', isRetryable: false });
    expect(c.text.length).toBeGreaterThan(0);
    expect(c.finish).toBeUndefined();
  });

  it('an event that is not JSON: malformed-stream after the good text', async () => {
    route(sseResponse(`${oneToken}data: {"choices":[{"delta":{"content":"b"\n\n`));
    const c = await collect(provider().doStream(request()));
    expect(c.text).toBe('a');
    expect(c.error).toMatchObject({ kind: 'malformed-stream', isRetryable: false });
  });

  it('a stream that just ends without a finish reason or [DONE]: connection-reset', async () => {
    route(sseResponse(oneToken));
    const c = await collect(provider().doStream(request()));
    expect(c.text).toBe('a');
    expect(c.error).toMatchObject({ kind: 'connection-reset', isRetryable: false });
  });

  it('an aborted signal stops the stream with kind "stopped" and closes the connection', async () => {
    route(fromRecording(llamaRecording('client-abort')));
    const controller = new AbortController();
    const c = await collect(
      (async function* () {
        let n = 0;
        for await (const part of provider().doStream(request({ signal: controller.signal }))) {
          yield part;
          if (part.type === 'text-delta' && ++n === 10) controller.abort();
        }
      })(),
    );
    expect(c.textDeltas).toHaveLength(10);
    expect(c.error).toMatchObject({ kind: 'stopped', isRetryable: false });
  });

  it('a refused connection: connection-reset, retryable', async () => {
    const closed = await startReplayServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const c = await collect(
      createOpenAiCompatibleProvider({ id: 'x', lane: 'local', baseUrl }).doStream(request()),
    );
    expect(c.error).toMatchObject({ kind: 'connection-reset', isRetryable: true });
    expect(c.error?.message).toContain('ECONNREFUSED');
  });
});
