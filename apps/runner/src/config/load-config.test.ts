import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

function withFile(yaml: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-config-'));
  writeFileSync(path.join(dir, 'ringside.config.yaml'), yaml);
  return dir;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives an embedded-only runner with API settings from the environment when there is no file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-config-'));
    const s = loadConfig({
      cwd: dir,
      env: { RINGSIDE_API_URL: 'http://127.0.0.1:8787', RINGSIDE_TOKEN: 'rsk_x' },
    });
    expect(s.file).toBeNull();
    expect(s.servers).toEqual([{ id: 'embedded', kind: 'embedded' }]);
    expect(s.api).toEqual({ url: 'http://127.0.0.1:8787', token: 'rsk_x', upload: true });
    expect(s.resultsDir).toBe(path.join(dir, 'Arena'));
  });

  it('reads servers, profiles and takes each API key from the variable the file names', () => {
    const dir = withFile(`
servers:
  - id: openai
    kind: openai-compatible
    baseUrl: https://api.openai.com
    apiKeyEnv: OPENAI_API_KEY
  - id: llama-swap
    kind: llama-swap
profiles:
  poet:
    model: llama-swap:qwen2.5-7b
    persona: { name: poet, systemPrompt: Answer in verse. }
    sampling: { temperature: 1.1 }
lanes: { cloudConcurrency: 2 }
`);
    const s = loadConfig({ cwd: dir, env: { OPENAI_API_KEY: 'sk-secret' } });
    expect(s.servers[0]).toEqual({
      id: 'openai',
      kind: 'openai-compatible',
      baseUrl: 'https://api.openai.com',
      apiKey: 'sk-secret',
    });
    expect(s.profiles.poet?.sampling.temperature).toBe(1.1);
    expect(s.lanes.cloudConcurrency).toBe(2);
  });

  it('fails at start naming the file, the field path and the reason', () => {
    const dir = withFile('servers:\n  - id: Bad Id\n    kind: ollama\ntimeouts: { totalMs: -5 }\n');
    const err = configError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.file).toBe(path.join(dir, 'ringside.config.yaml'));
    const paths = err.issues.map((i) => i.path);
    expect(paths).toContain('servers.0.id');
    expect(paths).toContain('timeouts.totalMs');
    expect(err.message).toContain('servers.0.id');
  });

  it('refuses an unknown key instead of ignoring a typo', () => {
    const err = configError(() => loadConfig({ cwd: withFile('serverz: []\n'), env: {} }));
    expect(err.issues[0]?.message).toMatch(/serverz/);
  });

  it('names the environment variable that is missing', () => {
    const dir = withFile(
      'servers:\n  - id: anthropic\n    kind: anthropic\n    apiKeyEnv: ANTHROPIC_API_KEY\n',
    );
    const err = configError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.issues).toEqual([
      { path: 'servers.0.apiKeyEnv', message: 'environment variable ANTHROPIC_API_KEY is not set' },
    ]);
  });

  it('reports YAML syntax errors with the line', () => {
    const err = configError(() => loadConfig({ cwd: withFile('servers: [\n  - id: x\n'), env: {} }));
    expect(err.issues[0]?.path).toMatch(/^line \d+/);
  });

  it('never accepts a key written into the file', () => {
    const dir = withFile(
      'servers:\n  - id: openai\n    kind: openai-compatible\n    baseUrl: https://api.openai.com\n    apiKey: sk-in-file\n',
    );
    const err = configError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.issues[0]?.path).toBe('servers.0');
    expect(err.issues[0]?.message).toMatch(/apiKey/);
  });

  it('applies the server rules after reading keys: an openai-compatible server needs a baseUrl', () => {
    const err = configError(() =>
      loadConfig({ cwd: withFile('servers:\n  - id: vllm\n    kind: openai-compatible\n'), env: {} }),
    );
    expect(err.issues[0]?.path).toBe('servers.0.baseUrl');
  });
});
