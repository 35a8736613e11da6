import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { type ServerConfig, ServerConfigSchema } from '../providers/server-config.ts';
import { type ConfigFile, ConfigFileSchema, type Profile } from './config-schema.ts';

export const CONFIG_FILE_NAMES = ['ringside.config.yaml', 'ringside.config.yml'];

/** A bad configuration: which file, which field, and why. */
export class ConfigError extends Error {
  readonly file: string;
  readonly issues: { path: string; message: string }[];
  constructor(file: string, issues: { path: string; message: string }[]) {
    super(
      `${file}: invalid configuration\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.file = file;
    this.issues = issues;
  }
}

/** Settings after parsing: paths absolute, keys read from the environment, defaults filled. */
export interface RunnerSettings {
  file: string | null;
  api: { url: string | null; token: string | null; upload: boolean };
  resultsDir: string;
  stateDir: string;
  servers: ServerConfig[];
  embedded: ConfigFile['embedded'];
  profiles: Record<string, Profile>;
  timeouts: ConfigFile['timeouts'];
  lanes: ConfigFile['lanes'];
}

const issuesOf = (error: z.ZodError) =>
  error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));

/**
 * Reads and validates the config once. Without a file, the defaults give an embedded-model
 * runner whose API URL and token come from RINGSIDE_API_URL and RINGSIDE_TOKEN.
 */
export function loadConfig(
  opts: { file?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): RunnerSettings {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const file = opts.file
    ? path.resolve(cwd, opts.file)
    : (CONFIG_FILE_NAMES.map((n) => path.join(cwd, n)).find((f) => existsSync(f)) ?? null);

  let raw: unknown = {};
  if (file) {
    if (!existsSync(file)) throw new ConfigError(file, [{ path: '', message: 'file not found' }]);
    try {
      raw = parseYaml(readFileSync(file, 'utf8')) ?? {};
    } catch (err) {
      const where = err instanceof YAMLParseError && err.linePos ? `line ${err.linePos[0].line}` : '';
      throw new ConfigError(file, [
        { path: where, message: err instanceof Error ? err.message.split('\n')[0]! : String(err) },
      ]);
    }
  }
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file ?? '(defaults)', issuesOf(parsed.error));
  const c = parsed.data;

  const missing: { path: string; message: string }[] = [];
  const servers: ServerConfig[] = c.servers.map((s, i) => {
    const { apiKeyEnv, ...rest } = s;
    if (!apiKeyEnv) return rest;
    const key = env[apiKeyEnv];
    if (!key)
      missing.push({
        path: `servers.${i}.apiKeyEnv`,
        message: `environment variable ${apiKeyEnv} is not set`,
      });
    return key ? { ...rest, apiKey: key } : rest;
  });
  // The server schema's own cross-field rules (e.g. openai-compatible needs a baseUrl).
  servers.forEach((s, i) => {
    const check = ServerConfigSchema.safeParse(s);
    if (!check.success)
      for (const issue of issuesOf(check.error))
        missing.push({ ...issue, path: `servers.${i}.${issue.path}` });
  });
  if (missing.length > 0) throw new ConfigError(file ?? '(defaults)', missing);
  if (!servers.some((s) => s.kind === 'embedded')) servers.push({ id: 'embedded', kind: 'embedded' });

  const base = file ? path.dirname(file) : cwd;
  return {
    file,
    api: {
      url: env.RINGSIDE_API_URL ?? c.api.url ?? null,
      token: env[c.api.tokenEnv] ?? null,
      upload: c.api.upload,
    },
    resultsDir: path.resolve(base, c.resultsDir),
    stateDir: path.resolve(base, c.stateDir),
    servers,
    embedded: {
      ...c.embedded,
      models: Object.fromEntries(
        Object.entries(c.embedded.models).map(([k, v]) => [k, path.resolve(base, v)]),
      ),
    },
    profiles: c.profiles,
    timeouts: c.timeouts,
    lanes: c.lanes,
  };
}
