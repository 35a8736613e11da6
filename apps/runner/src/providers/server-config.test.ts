import { describe, expect, it } from 'vitest';
import { ServerConfigListSchema, ServerConfigSchema } from './server-config.ts';

describe('ServerConfigSchema', () => {
  it('accepts each kind with the fields it needs', () => {
    const list = ServerConfigListSchema.parse([
      { id: 'llama-swap', kind: 'llama-swap', baseUrl: 'http://127.0.0.1:8080' },
      { id: 'ollama', kind: 'ollama', contextSize: 8192 },
      { id: 'openai', kind: 'openai-compatible', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-x' },
      { id: 'anthropic', kind: 'anthropic', apiKey: 'sk-ant' },
      { id: 'embedded', kind: 'embedded', lane: 'local' },
    ]);
    expect(list.map((s) => s.kind)).toEqual([
      'llama-swap',
      'ollama',
      'openai-compatible',
      'anthropic',
      'embedded',
    ]);
  });

  it('requires a baseUrl for openai-compatible servers', () => {
    const r = ServerConfigSchema.safeParse({ id: 'vllm', kind: 'openai-compatible' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['baseUrl']);
  });

  it('rejects unknown kinds and keys, non-http URLs and ids that are not lowercase slugs', () => {
    expect(ServerConfigSchema.safeParse({ id: 'x', kind: 'lmstudio' }).success).toBe(false);
    expect(ServerConfigSchema.safeParse({ id: 'x', kind: 'ollama', model: 'llama3' }).success).toBe(false);
    expect(ServerConfigSchema.safeParse({ id: 'x', kind: 'ollama', baseUrl: 'ftp://host' }).success).toBe(
      false,
    );
    expect(ServerConfigSchema.safeParse({ id: 'Open AI', kind: 'anthropic' }).success).toBe(false);
  });

  it('rejects two servers with the same id', () => {
    const r = ServerConfigListSchema.safeParse([
      { id: 'local', kind: 'ollama' },
      { id: 'local', kind: 'llama-swap' },
    ]);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('duplicate server id "local"');
  });
});
