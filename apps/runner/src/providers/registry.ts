import type { Lane } from '@ringside/shared';
import type { Dispatcher } from 'undici';
import type { Clock } from '../stream/timed-chunks.ts';
import { createAnthropicProvider } from './anthropic.ts';
import type { FetchLike } from './http-client.ts';
import { defaultLane } from './lane.ts';
import { createLlamaServerProvider } from './llama-server.ts';
import { createLlamaSwapProvider } from './llama-swap.ts';
import { createOllamaProvider } from './ollama.ts';
import { createOpenAiCompatibleProvider } from './openai-compatible.ts';
import {
  DEFAULT_BASE_URLS,
  type ServerConfig,
  ServerConfigListSchema,
  type ServerKind,
} from './server-config.ts';
import type { Provider } from './types.ts';

/**
 * Resolves contestant ids (`provider:model`, e.g. `llama-swap:qwen2.5-coder-7b`, `ollama:llama3.2`,
 * `openai:gpt-4o-mini`) to a provider instance from the configured servers. One instance per
 * server, created on first use. Kinds map to factories; `embedded` has none built in and is
 * injected by the caller, so this module does not load node-llama-cpp.
 */
export interface ResolvedServer extends ServerConfig {
  lane: Lane;
}

export interface ProviderDeps {
  fetch?: FetchLike;
  dispatcher?: Dispatcher;
  now?: Clock;
}

export type ProviderFactory = (server: ResolvedServer, deps: ProviderDeps) => Provider;

export interface RegistryOptions {
  servers: readonly ServerConfig[];
  /** overrides or adds factories by kind (the embedded provider comes in here) */
  factories?: Partial<Record<ServerKind, ProviderFactory>>;
  deps?: ProviderDeps;
}

export interface Registry {
  /** the configured provider ids, sorted */
  ids(): string[];
  server(id: string): ResolvedServer;
  provider(id: string): Provider;
  /** `provider:model` → the provider and the model name (which may itself contain `:`) */
  resolve(contestantId: string): { provider: Provider; model: string };
  close(): Promise<void>;
}

export class UnknownProviderError extends Error {
  readonly known: string[];
  constructor(id: string, known: string[]) {
    super(
      `unknown provider "${id}"; configured providers: ${known.length > 0 ? known.join(', ') : '(none)'}`,
    );
    this.name = 'UnknownProviderError';
    this.known = known;
  }
}

const isOpenAi = (baseUrl: string) => new URL(baseUrl).hostname === 'api.openai.com';

export const builtinFactories: Readonly<Partial<Record<ServerKind, ProviderFactory>>> = {
  'openai-compatible': (s, deps) =>
    createOpenAiCompatibleProvider({
      ...deps,
      id: s.id,
      lane: s.lane,
      baseUrl: s.baseUrl!,
      ...(s.apiKey ? { apiKey: s.apiKey } : {}),
      // OpenAI itself rejects top_k and wants max_completion_tokens; other servers take the classic names.
      ...(isOpenAi(s.baseUrl!) ? { maxTokensField: 'max_completion_tokens' as const, sendTopK: false } : {}),
    }),
  'llama-swap': (s, deps) =>
    createLlamaSwapProvider({
      ...deps,
      id: s.id,
      lane: s.lane,
      baseUrl: s.baseUrl!,
      ...(s.apiKey ? { apiKey: s.apiKey } : {}),
    }),
  'llama-server': (s, deps) =>
    createLlamaServerProvider({
      ...deps,
      id: s.id,
      lane: s.lane,
      baseUrl: s.baseUrl!,
      ...(s.apiKey ? { apiKey: s.apiKey } : {}),
    }),
  ollama: (s, deps) =>
    createOllamaProvider({
      ...deps,
      id: s.id,
      lane: s.lane,
      baseUrl: s.baseUrl!,
      ...(s.contextSize ? { contextSize: s.contextSize } : {}),
    }),
  anthropic: (s, deps) =>
    createAnthropicProvider({
      ...deps,
      id: s.id,
      lane: s.lane,
      baseUrl: s.baseUrl!,
      ...(s.apiKey ? { apiKey: s.apiKey } : {}),
    }),
};

export function createRegistry(options: RegistryOptions): Registry {
  const factories = { ...builtinFactories, ...options.factories };
  const deps = options.deps ?? {};
  const servers = new Map<string, ResolvedServer>();
  // Checked here too: a caller may build the list in code rather than through the config file.
  for (const s of ServerConfigListSchema.parse(options.servers)) {
    const baseUrl = s.baseUrl ?? DEFAULT_BASE_URLS[s.kind];
    servers.set(s.id, {
      ...s,
      ...(baseUrl ? { baseUrl } : {}),
      lane: s.lane ?? defaultLane(s.kind, baseUrl),
    });
  }
  const instances = new Map<string, Provider>();
  const ids = () => [...servers.keys()].sort();

  const server = (id: string): ResolvedServer => {
    const s = servers.get(id);
    if (!s) throw new UnknownProviderError(id, ids());
    return s;
  };

  const provider = (id: string): Provider => {
    const existing = instances.get(id);
    if (existing) return existing;
    const s = server(id);
    const factory = factories[s.kind];
    if (!factory) throw new Error(`provider "${id}" is of kind "${s.kind}", for which no factory was given`);
    const created = factory(s, deps);
    instances.set(id, created);
    return created;
  };

  return {
    ids,
    server,
    provider,
    resolve(contestantId) {
      const colon = contestantId.indexOf(':');
      const id = colon === -1 ? contestantId : contestantId.slice(0, colon);
      const model = colon === -1 ? '' : contestantId.slice(colon + 1);
      if (!servers.has(id)) throw new UnknownProviderError(id, ids());
      if (model === '') throw new Error(`"${contestantId}" names no model; write it as ${id}:<model>`);
      return { provider: provider(id), model };
    },
    async close() {
      const all = [...instances.values()];
      instances.clear();
      await Promise.all(all.map((p) => p.close?.()));
    },
  };
}
