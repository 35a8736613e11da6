import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, relaxedTimeouts } from '../../test/collect-stream.ts';
import { providerFixture } from '../../test/fixtures.ts';
import {
  jsonResponse,
  type ReplayServer,
  sseResponse,
  startReplayServer,
  trickle,
} from '../../test/replay-server.ts';
import { anthropicBody, createAnthropicProvider } from './anthropic.ts';
import type { StreamRequest } from './types.ts';

const request = (over: Partial<StreamRequest> = {}): StreamRequest => ({
  model: 'claude-sonnet-4-5',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Count to five.' },
  ],
  sampling: {},
  timeouts: relaxedTimeouts,
  ...over,
});

describe('anthropic provider', () => {
  let server: ReplayServer;
  const provider = () =>
    createAnthropicProvider({
      id: 'anthropic',
      lane: 'cloud',
      baseUrl: server.baseUrl,
      apiKey: 'sk-ant-test',
    });
  const route = (r: Parameters<ReplayServer['route']>[2]) => server.route('POST', '/v1/messages', r);

  beforeAll(async () => {
    server = await startReplayServer();
  });
  afterAll(() => server.close());

  it('streams text_delta events into text; the mid-stream ping and the padded JSON change nothing', async () => {
    route(trickle(sseResponse(providerFixture('anthropic-messages-stream-text.txt')), 17, 0));
    const c = await collect(provider().doStream(request()));
    expect(c.error).toBeUndefined();
    expect(c.textDeltas.map((d) => d.text)).toEqual(['1', '\n2\n3', '\n4\n5']);
    expect(c.usage).toEqual({ type: 'usage', promptTokens: 15, outputTokens: 13 });
    expect(c.outputTokensSource).toBe('usage');
    expect(c.finish).toBe('stop');
  });

  it('sends x-api-key, anthropic-version, the system prompt apart and a default max_tokens', async () => {
    route(sseResponse(providerFixture('anthropic-messages-stream-text-short.txt')));
    const c = await collect(provider().doStream(request()));
    expect(c.text).toBe('2');
    expect(c.usage).toEqual({ type: 'usage', promptTokens: 20, outputTokens: 5 });
    const sent = server.requests.at(-1)!;
    expect(sent.headers['x-api-key']).toBe('sk-ant-test');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.json).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: 'Count to five.' }],
      system: 'Be brief.',
      stream: true,
    });
  });

  it('thinking_delta becomes reasoning, text_delta text; the signature is in neither', async () => {
    route(sseResponse(providerFixture('anthropic-messages-stream-thinking.txt')));
    const c = await collect(provider().doStream(request()));
    expect(c.reasoning).toBe(
      'This is a straightforward question about pedestrian safety. I should provide clear, helpful advice about how to safely cross a street. This is basic safety information that could accidents.',
    );
    expect(c.text.startsWith('Here are the basic steps for safely crossing the street:\n\n**At inters')).toBe(
      true,
    );
    expect(c.text.endsWith('prioritize safety over speed when crossing streets.')).toBe(true);
    expect(c.usage).toEqual({ type: 'usage', promptTokens: 43, outputTokens: 282 });
  });

  it('reads the documentation example (output tokens only in message_delta)', async () => {
    route(sseResponse(providerFixture('anthropic-messages-stream-doc-example.txt')));
    const c = await collect(provider().doStream(request()));
    expect(c.text).toBe('Hello!');
    expect(c.usage).toEqual({ type: 'usage', promptTokens: 25, outputTokens: 15 });
  });

  it('`event: error` overloaded_error: the 529 it stands for, retryable before any token', async () => {
    route(sseResponse(providerFixture('anthropic-stream-error-overloaded-doc.txt')));
    const c = await collect(provider().doStream(request()));
    expect(c.error).toMatchObject({
      kind: 'http-error',
      status: 529,
      isRetryable: true,
      message: 'error event in the stream: Overloaded (overloaded_error)',
    });
  });

  it('HTTP 529 and 400 bodies: retryable and not, with Anthropic’s message', async () => {
    route(jsonResponse(529, providerFixture('anthropic-error-529-overloaded-request-id.json')));
    expect((await collect(provider().doStream(request()))).error).toMatchObject({
      kind: 'http-error',
      status: 529,
      isRetryable: true,
      message: 'HTTP 529: Overloaded (overloaded_error)',
    });
    route(jsonResponse(400, providerFixture('anthropic-error-400-invalid-request.json')));
    const bad = await collect(provider().doStream(request()));
    expect(bad.error).toMatchObject({ kind: 'http-error', status: 400, isRetryable: false });
    expect(bad.error?.message).toMatch(/^HTTP 400: prompt is too long/);
  });

  it('a stream cut before message_stop is connection-reset, keeping the text', async () => {
    const body = providerFixture('anthropic-messages-stream-text.txt').toString('utf8');
    route(sseResponse(body.slice(0, body.indexOf('event: ping'))));
    const c = await collect(provider().doStream(request()));
    expect(c.text).toBe('1\n2\n3');
    expect(c.error).toMatchObject({ kind: 'connection-reset', isRetryable: false });
  });
});

describe('anthropicBody', () => {
  it('maps sampling to temperature, top_p, top_k, stop_sequences and drops the seed', () => {
    expect(
      anthropicBody(
        request({
          sampling: { temperature: 0.5, topP: 0.9, topK: 10, stop: ['END'], seed: 3, maxTokens: 100 },
        }),
      ),
    ).toMatchObject({ max_tokens: 100, temperature: 0.5, top_p: 0.9, top_k: 10, stop_sequences: ['END'] });
    expect(anthropicBody(request({ sampling: { seed: 3 } }))).not.toHaveProperty('seed');
  });
});
