import { describe, expect, it } from 'vitest';
import {
  chunkError,
  deltaParts,
  parseOpenAiChunk,
  timingsFromLlamaCpp,
  usageFromOpenAi,
} from './openai-chunk.ts';

describe('parseOpenAiChunk', () => {
  it('tolerates vendor extras and drops a count of the wrong type instead of failing', () => {
    const c = parseOpenAiChunk(
      '{"id":"x","obfuscation":"abc","provider":"Venice","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":"7","cost":0.5}}',
    );
    expect(usageFromOpenAi(c.usage!)).toEqual({ type: 'usage', promptTokens: 3, costUsd: 0.5 });
  });

  it('rejects text that is not JSON and content that is not a string as malformed-stream', () => {
    expect(() => parseOpenAiChunk('{"choices":')).toThrow(
      expect.objectContaining({ kind: 'malformed-stream' }),
    );
    expect(() => parseOpenAiChunk('{"choices":[{"delta":{"content":5}}]}')).toThrow(
      expect.objectContaining({ kind: 'malformed-stream' }),
    );
  });
});

describe('deltaParts', () => {
  it('yields nothing for role-only, null and empty deltas', () => {
    for (const data of [
      '{"choices":[{"delta":{"role":"assistant","content":null}}]}',
      '{"choices":[{"delta":{"role":"assistant","content":""}}]}',
      '{"choices":[{"delta":{}}]}',
      '{"choices":[]}',
    ]) {
      expect(deltaParts(parseOpenAiChunk(data), 1)).toEqual([]);
    }
  });

  it('puts reasoning before content, takes one of reasoning_content/reasoning, and reads only choice 0', () => {
    const c = parseOpenAiChunk(
      '{"choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"b","reasoning_content":"a","reasoning":"a"}}]}',
    );
    expect(deltaParts(c, 7)).toEqual([
      { type: 'reasoning-delta', text: 'a', at: 7 },
      { type: 'text-delta', text: 'b', at: 7 },
    ]);
  });
});

describe('timingsFromLlamaCpp', () => {
  it('keeps the fields PRODUCT §7 names and leaves out the ones the server did not send', () => {
    expect(
      timingsFromLlamaCpp({ prompt_n: 60, predicted_n: 32, predicted_per_second: 1038.15, cache_n: 0 }),
    ).toEqual({
      engine: 'llama.cpp',
      promptTokens: 60,
      predictedTokens: 32,
      predictedPerSecond: 1038.15,
      cachedTokens: 0,
    });
  });
});

describe('chunkError', () => {
  it('is undefined without an error and carries a numeric code as the status', () => {
    expect(chunkError(parseOpenAiChunk('{"choices":[]}'), false)).toBeUndefined();
    const e = chunkError(parseOpenAiChunk('{"error":{"code":502,"message":"upstream died"}}'), false);
    expect(e).toMatchObject({ kind: 'provider-error', status: 502, isRetryable: true });
    expect(chunkError(parseOpenAiChunk('{"error":{"code":502,"message":"x"}}'), true)?.isRetryable).toBe(
      false,
    );
  });
});
