import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, relaxedTimeouts } from '../../test/collect-stream.ts';
import { llamaRecording, providerFixture, recordedEvents } from '../../test/fixtures.ts';
import { recordedFetch } from '../../test/recorded-fetch.ts';
import {
  fromRecording,
  type ReplayServer,
  sseResponse,
  startReplayServer,
  trickle,
} from '../../test/replay-server.ts';
import { createOpenAiCompatibleProvider } from './openai-compatible.ts';
import type { StreamRequest } from './types.ts';

const request = (over: Partial<StreamRequest> = {}): StreamRequest => ({
  model: 'tiny',
  messages: [
    { role: 'system', content: 'You are a helpful assistant. Answer briefly.' },
    { role: 'user', content: 'Write a haiku about the sea.' },
  ],
  sampling: { maxTokens: 32, temperature: 0.8 },
  timeouts: relaxedTimeouts,
  ...over,
});

/** The text the recording's content events carry, parsed independently of the provider. */
function recordedText(name: string): { texts: string[]; times: number[] } {
  const texts: string[] = [];
  const times: number[] = [];
  for (const ev of recordedEvents(llamaRecording(name))) {
    if (ev.data === '[DONE]') continue;
    const content = JSON.parse(ev.data).choices[0]?.delta?.content;
    if (content) {
      texts.push(content);
      times.push(ev.t_ms);
    }
  }
  return { texts, times };
}

describe('openai-compatible provider on recorded llama-server streams (virtual clock)', () => {
  const llamaServer = (name: string) => {
    const replay = recordedFetch(llamaRecording(name));
    const provider = createOpenAiCompatibleProvider({
      id: 'llama-server',
      lane: 'local',
      baseUrl: 'http://127.0.0.1:18080',
      fetch: replay.fetch,
      now: replay.now,
      cachePrompt: false,
    });
    return { provider, replay };
  };

  it('maps each content event to a text-delta stamped with its recorded arrival; the role-only event is not one', async () => {
    const { provider } = llamaServer('chat-stream');
    const c = await collect(provider.doStream(request()));
    const expected = recordedText('chat-stream');
    expect(c.error).toBeUndefined();
    expect(c.textDeltas.map((d) => d.text)).toEqual(expected.texts);
    expect(c.textDeltas).toHaveLength(32);
    // The role-only event shares the first read (8.4 ms) with the first content event: TTFT is 8.4 ms.
    expect(c.textDeltas[0]).toEqual({ text: 'Package', at: 8.356 });
    expect(c.textDeltas.map((d) => d.at)).toEqual(expected.times);
    expect(c.text.startsWith('Package theatreconnunderline Site')).toBe(true);
  });

  it('emits llama.cpp timings from the finish event, no usage without include_usage, and finish "length"', async () => {
    const { provider } = llamaServer('chat-stream');
    const c = await collect(provider.doStream(request()));
    expect(c.usage).toBeUndefined();
    expect(c.timings).toEqual({
      engine: 'llama.cpp',
      promptTokens: 60,
      promptMs: 3.624,
      predictedTokens: 32,
      predictedMs: 20.42,
      predictedPerSecond: 1567.0910871694416,
      cachedTokens: 0,
    });
    expect(c.outputTokensSource).toBe('server');
    expect(c.outputTokens).toBe(32);
    expect(c.finish).toBe('length');
    expect(c.parts.slice(-2).map((p) => p.type)).toEqual(['server-timings', 'finish']);
  });

  it('takes usage and timings from the extra `choices: []` event when include_usage is on', async () => {
    const { provider } = llamaServer('chat-stream-usage');
    const c = await collect(provider.doStream(request()));
    expect(c.usage).toEqual({ type: 'usage', promptTokens: 60, outputTokens: 32 });
    expect(c.outputTokensSource).toBe('usage');
    expect(c.timings).toMatchObject({
      predictedTokens: 32,
      predictedMs: 30.824,
      predictedPerSecond: 1038.1520892810797,
    });
    expect(c.parts.slice(-3).map((p) => p.type)).toEqual(['usage', 'server-timings', 'finish']);
  });

  it('keeps all 256 arrivals of the long recording, first at 8.3 ms and last at 213.6 ms', async () => {
    const { provider } = llamaServer('chat-stream-long');
    const c = await collect(provider.doStream(request({ sampling: { maxTokens: 256 } })));
    expect(c.textDeltas).toHaveLength(256);
    expect(c.textDeltas[0]!.at).toBeCloseTo(8.3, 1);
    expect(c.textDeltas.at(-1)!.at).toBeCloseTo(213.6, 1);
    expect(c.timings?.predictedPerSecond).toBeCloseTo(1244.9, 1);
  });

  it('sends stream:true, include_usage, cache_prompt:false and the sampling settings', async () => {
    const { provider, replay } = llamaServer('chat-stream-usage');
    await collect(
      provider.doStream(
        request({
          sampling: { maxTokens: 32, temperature: 0.8, topP: 0.9, topK: 40, seed: 7, stop: ['\n\n'] },
        }),
      ),
    );
    expect(replay.calls[0]!.url).toBe('http://127.0.0.1:18080/v1/chat/completions');
    expect(replay.calls[0]!.body).toEqual({
      model: 'tiny',
      messages: request().messages,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 32,
      temperature: 0.8,
      top_p: 0.9,
      top_k: 40,
      seed: 7,
      stop: ['\n\n'],
      cache_prompt: false,
    });
  });
});

describe('openai-compatible provider against the replay server', () => {
  let server: ReplayServer;
  const provider = (
    over: { apiKey?: string; maxTokensField?: 'max_completion_tokens'; sendTopK?: boolean } = {},
  ) =>
    createOpenAiCompatibleProvider({ id: 'openai', lane: 'cloud', baseUrl: `${server.baseUrl}/v1`, ...over });
  const route = (...r: Parameters<ReplayServer['route']> extends [string, string, ...infer R] ? R : never) =>
    server.route('POST', '/v1/chat/completions', ...r);

  beforeAll(async () => {
    server = await startReplayServer();
  });
  afterAll(() => server.close());

  it('replays a llama-server recording at its recorded pace: no delta arrives before its recorded time', async () => {
    route(fromRecording(llamaRecording('chat-stream-usage')));
    const t0 = performance.now();
    const c = await collect(provider().doStream(request()));
    const expected = recordedText('chat-stream-usage');
    expect(c.text).toBe(expected.texts.join(''));
    c.textDeltas.forEach((d, i) => {
      expect(d.at - t0).toBeGreaterThanOrEqual(expected.times[i]!);
      if (i > 0) expect(d.at).toBeGreaterThanOrEqual(c.textDeltas[i - 1]!.at);
    });
    expect(c.usage).toEqual({ type: 'usage', promptTokens: 60, outputTokens: 32 });
  });

  it('OpenAI: exact text, usage from the `choices: []` chunk, bearer key and max_completion_tokens', async () => {
    route(sseResponse(providerFixture('openai-chat-stream-include-usage.txt')));
    const c = await collect(
      provider({ apiKey: 'sk-test', maxTokensField: 'max_completion_tokens', sendTopK: false }).doStream(
        request({ model: 'gpt-3.5-turbo', sampling: { maxTokens: 50, topK: 5 } }),
      ),
    );
    expect(c.text).toBe('1, 2, 3, 4, 5');
    expect(c.textDeltas).toHaveLength(13);
    expect(c.usage).toEqual({ type: 'usage', promptTokens: 14, outputTokens: 13 });
    expect(c.finish).toBe('stop');
    const sent = server.requests.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.json).toMatchObject({ max_completion_tokens: 50 });
    expect(sent.json).not.toHaveProperty('top_k');
    expect(sent.json).not.toHaveProperty('cache_prompt');
  });

  it('OpenAI without usage: emoji split across 5-byte writes arrive intact; the count falls back to chunks', async () => {
    route(trickle(sseResponse(providerFixture('openai-chat-stream-content.txt')), 5, 0));
    const c = await collect(provider().doStream(request()));
    expect(c.text).toBe(
      "Of course, here's another one for you:\n\nWhy do programmers prefer using the keyboard?\n\nBecause they don’t want to deal with a **mouse trap**! 🖱️😂",
    );
    expect(c.usage).toBeUndefined();
    expect(c.outputTokensSource).toBe('chunks');
    expect(c.outputTokens).toBe(34);
  });

  it('OpenRouter: the comment line and the role-only empty deltas are not tokens; cost is kept', async () => {
    route(sseResponse(providerFixture('openrouter-chat-stream-usage-cost.txt')));
    const c = await collect(provider().doStream(request()));
    expect(c.textDeltas.map((d) => d.text)).toEqual(['test response']);
    expect(c.usage).toEqual({ type: 'usage', promptTokens: 586, outputTokens: 3, costUsd: 0 });
    // finish_reason "stop" came on the content chunk; the later usage chunk's null does not erase it
    expect(c.finish).toBe('stop');
  });

  it('OpenRouter: `delta.reasoning` becomes reasoning-deltas, ahead of the answer', async () => {
    route(sseResponse(providerFixture('openrouter-chat-stream-reasoning.txt')));
    const c = await collect(provider().doStream(request()));
    expect(c.reasoning).toBe('This is a simple arithmetic question. 2+2 equals 4.');
    expect(c.text).toBe('2 + 2 = 4');
    expect(c.parts.findIndex((p) => p.type === 'reasoning-delta')).toBeLessThan(
      c.parts.findIndex((p) => p.type === 'text-delta'),
    );
    expect(c.usage).toEqual({ type: 'usage', promptTokens: 43, outputTokens: 36, costUsd: 0.000669 });
  });

  it('OpenRouter: an `error` object mid-stream under HTTP 200 is a provider-error; the reasoning so far stays', async () => {
    route(sseResponse(providerFixture('openrouter-chat-stream-midstream-error.txt')));
    const c = await collect(provider().doStream(request()));
    expect(c.error).toMatchObject({ kind: 'provider-error', status: 400, isRetryable: false });
    expect(c.error?.message).toContain('Token limit reached');
    expect(c.reasoning).toBe('We need to respond to a greeting. The user');
  });

  it('DeepSeek: `reasoning_content` then content; usage on the finish chunk', async () => {
    route(sseResponse(providerFixture('deepseek-chat-stream-reasoning-content.txt')));
    const c = await collect(provider().doStream(request()));
    expect(c.reasoning).toBe(
      'Hmm, the user just said "Hello". It\'s a simple greeting but I wonder if okay too.',
    );
    expect(c.text).toBe('Hello there! 😊 How can I help you today?');
    expect(c.usage).toEqual({ type: 'usage', promptTokens: 6, outputTokens: 212 });
  });

  it('vLLM: with and without the usage chunk', async () => {
    route(sseResponse(providerFixture('vllm-chat-stream-usage.txt')));
    const withUsage = await collect(provider().doStream(request()));
    expect(withUsage.text).toBe('Okay.');
    expect(withUsage.usage).toEqual({ type: 'usage', promptTokens: 13, outputTokens: 3 });
    route(sseResponse(providerFixture('vllm-chat-stream-no-usage.txt')));
    const without = await collect(provider().doStream(request()));
    expect(without.text).toBe('Okay. Sure.');
    expect(without.usage).toBeUndefined();
    expect(without.finish).toBe('stop');
  });

  it('a tool-call stream has no text deltas and finishes with "tool-calls"', async () => {
    route(sseResponse(providerFixture('openai-chat-stream-tool-call.txt')));
    const c = await collect(provider().doStream(request()));
    expect(c.textDeltas).toEqual([]);
    expect(c.finish).toBe('tool-calls');
    expect(c.usage).toEqual({ type: 'usage', promptTokens: 53, outputTokens: 15 });
  });
});
