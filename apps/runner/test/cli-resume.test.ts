import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ResultSchema } from '@ringside/shared';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../bin/ringside.js');
const env = { ...process.env, RINGSIDE_API_URL: '', RINGSIDE_TOKEN: '', CI: 'true' };

function resultFiles(cwd: string): string[] {
  const arena = path.join(cwd, 'Arena');
  const [folder] = readdirSync(arena);
  return readdirSync(path.join(arena, folder!, 'results')).filter((f) => f.endsWith('.json'));
}

async function waitFor(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await delay(20);
  }
}

describe('ringside battle + resume with the embedded model (real llama.cpp)', () => {
  it('after kill -9 mid-battle, resume runs only what had not finished and every result exists exactly once', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'ringside-resume-'));
    const args = [
      'battle',
      '--prompt',
      'Count to ten.',
      '-c',
      'embedded:tiny',
      '-c',
      'embedded:tiny',
      '--max-tokens',
      '200',
      '--repeat',
      '5',
      '--no-upload',
      '--quiet',
    ];
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await waitFor(() => {
      try {
        return resultFiles(cwd).length >= 3;
      } catch {
        return false;
      }
    }, 60_000);
    child.kill('SIGKILL');
    await exited;
    const before = resultFiles(cwd);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(10);

    const folder = path.join(cwd, 'Arena', readdirSync(path.join(cwd, 'Arena'))[0]!);
    const resumed = spawnSync(process.execPath, [BIN, 'resume', folder, '--no-upload', '--quiet'], {
      cwd,
      env,
      encoding: 'utf8',
    });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(
      new RegExp(`${before.length} of 10 results already stored, ${10 - before.length} to run`),
    );

    const after = resultFiles(cwd);
    expect(after).toHaveLength(10);
    expect(new Set(after).size).toBe(10);
    for (const f of before) expect(after).toContain(f);
    for (const f of after) {
      const r = ResultSchema.parse(JSON.parse(readFileSync(path.join(folder, 'results', f), 'utf8')));
      expect(r.status).toBe('ok');
      expect(r.metrics.outputTokens).toBe(200);
    }
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest.battle.state).toBe('done');
  });

  it('fails at start with the config file, field path and reason', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'ringside-config-'));
    const file = path.join(cwd, 'ringside.config.yaml');
    writeFileSync(file, 'lanes: { cloudConcurrency: 0 }\n');
    const r = spawnSync(process.execPath, [BIN, 'models'], { cwd, env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('lanes.cloudConcurrency');
  });

  it('refuses a battle with one contestant and names the rule', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'ringside-usage-'));
    const r = spawnSync(process.execPath, [BIN, 'battle', '--prompt', 'x', '-c', 'embedded:tiny'], {
      cwd,
      env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/2 to 8 contestants/);
  });
});
