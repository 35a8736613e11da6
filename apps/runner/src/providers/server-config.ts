import { LaneSchema, ProviderIdSchema } from '@ringside/shared';
import { z } from 'zod';

/**
 * The model servers the runner talks to, as configured by the box owner (loaded from YAML by the
 * config module). `id` is the provider part of a contestant id: `llama-swap:qwen2.5-coder-7b`
 * uses the server whose id is `llama-swap`.
 */
export const ServerKindSchema = z.enum([
  'openai-compatible',
  'llama-swap',
  'llama-server',
  'ollama',
  'anthropic',
  'embedded',
]);
export type ServerKind = z.infer<typeof ServerKindSchema>;

export const ServerConfigSchema = z
  .object({
    id: ProviderIdSchema,
    kind: ServerKindSchema,
    /** the server's root (a trailing `/v1` is accepted); defaults per kind, required for openai-compatible */
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    apiKey: z.string().min(1).optional(),
    /** which lane runs its contestants; by default local for local servers, cloud otherwise */
    lane: LaneSchema.optional(),
    /** context tokens to ask for where the server takes it per request (Ollama `num_ctx`) */
    contextSize: z.number().int().min(256).max(10_000_000).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.kind === 'openai-compatible' && !s.baseUrl) {
      ctx.addIssue({
        code: 'custom',
        path: ['baseUrl'],
        message: 'an openai-compatible server needs a baseUrl',
      });
    }
  });
export type ServerConfig = z.infer<typeof ServerConfigSchema>;

export const ServerConfigListSchema = z.array(ServerConfigSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((s, i) => {
    if (seen.has(s.id))
      ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate server id "${s.id}"` });
    seen.add(s.id);
  });
});

/** Where each kind listens out of the box. */
export const DEFAULT_BASE_URLS: Readonly<Partial<Record<ServerKind, string>>> = {
  'llama-swap': 'http://127.0.0.1:8080',
  'llama-server': 'http://127.0.0.1:8080',
  ollama: 'http://127.0.0.1:11434',
  anthropic: 'https://api.anthropic.com',
};
