import { describe, expect, it } from 'vitest';
import { collect, relaxedTimeouts } from '../../test/collect-stream.ts';
import { llamaRecording } from '../../test/fixtures.ts';
import { recordedFetch } from '../../test/recorded-fetch.ts';
import { createRegistry, type ProviderFactory, UnknownProviderError } from './registry.ts';
import type { ServerConfig } from './server-config.ts';
import type { Provider } from './types.ts';

const servers: ServerConfig[] = [
  { id: 'llama-swap', kind: 'llama-swap' },
  { id: 'ollama', kind: 'ollama' },
  { id: 'openai', kind: 'openai-compatible', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-test' },
  { id: 'lmstudio', kind: 'openai-compatible', baseUrl: 'http://localhost:1234/v1' },
  { id: 'anthropic', kind: 'anthropic', apiKey: 'sk-ant' },
  { id: 'embedded', kind: 'embedded' },
];

const fakeEmbedded: ProviderFactory = (s) => ({
  id: s.id,
  lane: s.lane,
  async *doStream() {
    yield { type: 'finish', reason: 'stop' };
  },
});

describe('createRegistry', () => {
  it('resolves provider:model ids to the configured server’s provider and the model name', () => {
    const registry = createRegistry({ servers, factories: { embedded: fakeEmbedded } });
    const swap = registry.resolve('llama-swap:qwen2.5-coder-7b');
    expect(swap.provider.id).toBe('llama-swap');
    expect(swap.model).toBe('qwen2.5-coder-7b');
    expect(registry.resolve('ollama:llama3.2').model).toBe('llama3.2');
    expect(registry.resolve('openai:gpt-4o-mini').provider.lane).toBe('cloud');
    expect(registry.resolve('anthropic:claude-sonnet-4-5').provider.id).toBe('anthropic');
    expect(registry.resolve('embedded:tiny').provider.lane).toBe('local');
  });

  it('keeps everything after the first colon as the model (Ollama tags, OpenRouter variants)', () => {
    const registry = createRegistry({ servers });
    expect(registry.resolve('ollama:llama3.2:latest').model).toBe('llama3.2:latest');
  });

  it('fails for an unknown provider with the list of configured ones', () => {
    const registry = createRegistry({ servers });
    expect(() => registry.resolve('vllm:qwen')).toThrow(UnknownProviderError);
    expect(() => registry.resolve('vllm:qwen')).toThrow(
      'unknown provider "vllm"; configured providers: anthropic, embedded, llama-swap, lmstudio, ollama, openai',
    );
    expect(() => createRegistry({ servers: [] }).resolve('x:y')).toThrow('configured providers: (none)');
  });

  it('fails for an id without a model, and for a kind with no factory (embedded not injected)', () => {
    const registry = createRegistry({ servers });
    expect(() => registry.resolve('ollama')).toThrow('"ollama" names no model; write it as ollama:<model>');
    expect(() => registry.resolve('embedded:tiny')).toThrow(
      'kind "embedded", for which no factory was given',
    );
  });

  it('creates one provider per server and reuses it', () => {
    const registry = createRegistry({ servers });
    expect(registry.resolve('ollama:a').provider).toBe(registry.resolve('ollama:b').provider);
  });

  it('fills default base URLs and lanes; a configured lane wins', () => {
    const registry = createRegistry({
      servers: [
        ...servers,
        { id: 'lan-vllm', kind: 'openai-compatible', baseUrl: 'http://10.0.0.5:8000', lane: 'local' },
      ],
    });
    expect(registry.server('ollama')).toMatchObject({ baseUrl: 'http://127.0.0.1:11434', lane: 'local' });
    expect(registry.server('anthropic')).toMatchObject({
      baseUrl: 'https://api.anthropic.com',
      lane: 'cloud',
    });
    expect(registry.server('lmstudio').lane).toBe('local');
    expect(registry.server('lan-vllm').lane).toBe('local');
  });

  it('passes injected deps to the providers: OpenAI gets its key, the OpenAI dialect and the injected fetch', async () => {
    const replay = recordedFetch(llamaRecording('chat-stream-usage'));
    const registry = createRegistry({ servers, deps: { fetch: replay.fetch, now: replay.now } });
    const { provider, model } = registry.resolve('openai:gpt-4o-mini');
    const c = await collect(
      provider.doStream({
        model,
        messages: [{ role: 'user', content: 'hi' }],
        sampling: { maxTokens: 10, topK: 5 },
        timeouts: relaxedTimeouts,
      }),
    );
    expect(c.textDeltas).toHaveLength(32);
    expect(replay.calls[0]!.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(replay.calls[0]!.init.headers.authorization).toBe('Bearer sk-test');
    expect(replay.calls[0]!.body).toMatchObject({ model: 'gpt-4o-mini', max_completion_tokens: 10 });
    expect(replay.calls[0]!.body).not.toHaveProperty('top_k');
  });

  it('closes the providers it created', async () => {
    let closed = 0;
    const closable: ProviderFactory = (s) =>
      ({ ...fakeEmbedded(s, {}), close: async () => void closed++ }) as Provider;
    const registry = createRegistry({ servers, factories: { embedded: closable } });
    registry.resolve('embedded:tiny');
    await registry.close();
    expect(closed).toBe(1);
  });
});

describe('createRegistry input', () => {
  it('rejects a server list the config schema rejects (an openai-compatible server without baseUrl)', () => {
    expect(() => createRegistry({ servers: [{ id: 'vllm', kind: 'openai-compatible' }] })).toThrow(/baseUrl/);
  });
});
