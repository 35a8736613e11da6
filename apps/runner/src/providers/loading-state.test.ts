import { describe, expect, it } from 'vitest';
import { providerFixtureText } from '../../test/fixtures.ts';
import { createLoadingStateFilter, isLoadingStateChunk } from './loading-state.ts';
import { parseOpenAiChunk } from './openai-chunk.ts';

const events = (file: string) =>
  providerFixtureText(file)
    .split('\n\n')
    .filter((b) => b.startsWith('data: ') && b !== 'data: [DONE]')
    .map((b) => parseOpenAiChunk(b.slice('data: '.length)));

describe('isLoadingStateChunk', () => {
  it('recognises every event of both loading-stream versions', () => {
    expect(events('llama-swap-chat-stream-loading-state.txt').every(isLoadingStateChunk)).toBe(true);
    expect(events('llama-swap-chat-stream-loading-state-legacy.txt').every(isLoadingStateChunk)).toBe(true);
  });

  it('does not take a model’s own reasoning chunk (it has an id and object) for one', () => {
    const [first] = events('deepseek-chat-stream-reasoning-content.txt');
    expect(first?.choices?.[0]?.delta?.reasoning_content).toBeDefined();
    expect(isLoadingStateChunk(first!)).toBe(false);
  });
});

describe('createLoadingStateFilter', () => {
  it('drops loading chunks only until the upstream’s first chunk', () => {
    const f = createLoadingStateFilter();
    const loading = events('llama-swap-chat-stream-loading-state.txt');
    expect(loading.map((c) => f.isInjected(c)).every(Boolean)).toBe(true);
    expect(f.isInjected(parseOpenAiChunk('{"id":"x","choices":[{"delta":{"content":"a"}}]}'))).toBe(false);
    expect(f.isInjected(loading[0]!)).toBe(false);
    expect(f.loadMs()).toBe(3120);
  });

  it('has no load time and changes no timings when no loading stream came', () => {
    const f = createLoadingStateFilter();
    expect(f.loadMs()).toBeUndefined();
    expect(f.serverTimings(undefined)).toBeUndefined();
    expect(f.earlyEnd(null)).toBeUndefined();
  });
});
