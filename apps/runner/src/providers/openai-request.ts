import type { StreamRequest } from './types.ts';

/** How an OpenAI-compatible server wants its request body. */
export interface OpenAiDialect {
  /** `max_completion_tokens` for OpenAI itself (newer models reject `max_tokens`); `max_tokens` elsewhere */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** `top_k` is not part of OpenAI's API (it answers 400); llama.cpp, vLLM, OpenRouter take it */
  sendTopK?: boolean;
  /** llama.cpp-like servers: `cache_prompt` (send false for repeatable measurements); omitted when undefined */
  cachePrompt?: boolean;
  /** ask for the usage chunk (`stream_options.include_usage`); default true */
  includeUsage?: boolean;
}

export function openAiChatBody(request: StreamRequest, dialect: OpenAiDialect = {}): Record<string, unknown> {
  const s = request.sampling;
  const body: Record<string, unknown> = { model: request.model, messages: request.messages, stream: true };
  if (dialect.includeUsage ?? true) body.stream_options = { include_usage: true };
  if (s.maxTokens !== undefined) body[dialect.maxTokensField ?? 'max_tokens'] = s.maxTokens;
  if (s.temperature !== undefined) body.temperature = s.temperature;
  if (s.topP !== undefined) body.top_p = s.topP;
  if (s.topK !== undefined && (dialect.sendTopK ?? true)) body.top_k = s.topK;
  if (s.seed !== undefined) body.seed = s.seed;
  if (s.stop !== undefined && s.stop.length > 0) body.stop = s.stop;
  if (dialect.cachePrompt !== undefined) body.cache_prompt = dialect.cachePrompt;
  return body;
}

/** A one-token, non-streaming request whose only purpose is to make the server load `model`. */
export function warmUpBody(model: string): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 1, stream: false };
}
