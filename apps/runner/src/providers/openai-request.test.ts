import { describe, expect, it } from 'vitest';
import { openAiChatBody, warmUpBody } from './openai-request.ts';
import type { StreamRequest } from './types.ts';

const req: StreamRequest = {
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  sampling: { maxTokens: 5, topK: 3 },
  timeouts: { connectMs: 1, firstTokenMs: 1, totalMs: 1 },
};

describe('openAiChatBody', () => {
  it('asks for streaming with usage and leaves unset sampling to the server', () => {
    expect(openAiChatBody({ ...req, sampling: {} })).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('follows the dialect: max-tokens field, top_k, cache_prompt, usage', () => {
    expect(
      openAiChatBody(req, { maxTokensField: 'max_completion_tokens', sendTopK: false, includeUsage: false }),
    ).toEqual({
      model: 'm',
      messages: req.messages,
      stream: true,
      max_completion_tokens: 5,
    });
    expect(openAiChatBody(req, { cachePrompt: false })).toMatchObject({
      max_tokens: 5,
      top_k: 3,
      cache_prompt: false,
    });
  });
});

describe('warmUpBody', () => {
  it('is a one-token non-streaming request', () => {
    expect(warmUpBody('m')).toMatchObject({ model: 'm', max_tokens: 1, stream: false });
  });
});
