import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StoredResultSchema } from '@ringside/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, waitForHealth } from '../../../scripts/lib/local-stack.ts';
import { createToken } from '../../../scripts/lib/tokens.ts';
import { applyMigrations } from '../../../scripts/lib/wrangler.ts';

/**
 * The whole path of issue 5: the built-in suite run by the real CLI against two contestants on the
 * embedded model (real llama.cpp), answers scored by the checks and the sandboxed hidden tests,
 * uploaded to a real local worker on D1 — and the scores read back from the API.
 */
const BIN = path.resolve(import.meta.dirname, '../bin/ringside.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let worker: ChildProcess;
let baseUrl: string;
let token: string;
/** Reads as an admin: a battle of two contestants is blind to the public until its reveal (PRODUCT F13). */
let admin: string;
const persistTo = mkdtempSync(path.join(tmpdir(), 'ringside-e2e-d1-'));

beforeAll(async () => {
  const target = { remote: false, persistTo };
  await applyMigrations(target);
  token = (await createToken('runner', 'e2e', target)).token;
  admin = (await createToken('admin', 'e2e-admin', target)).token;
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  worker = startWorker(port, persistTo);
  await waitForHealth(baseUrl, worker, 90_000);
}, 180_000);

afterAll(() => {
  worker?.kill('SIGTERM');
});

describe('ringside suite run builtin against the local worker', () => {
  it('stores every result of the built-in suite with its scores and evaluations', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'ringside-e2e-'));
    writeFileSync(
      path.join(cwd, 'ringside.config.yaml'),
      [
        'profiles:',
        '  calm: { model: embedded:tiny, persona: { name: calm, systemPrompt: Be brief. }, sampling: { temperature: 0.2, maxTokens: 160 } }',
        '  wild: { model: embedded:tiny, persona: { name: wild, systemPrompt: Be bold. }, sampling: { temperature: 1.2, maxTokens: 160 } }',
        '',
      ].join('\n'),
    );
    const id = `e2e-suite-${Date.now().toString(36)}`;
    const child = spawn(
      process.execPath,
      [BIN, 'suite', 'run', 'builtin', '-c', 'calm', '-c', 'wild', '--id', id, '--quiet'],
      {
        cwd,
        env: { ...process.env, RINGSIDE_API_URL: baseUrl, RINGSIDE_TOKEN: token, CI: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, out).toBe(0);

    const read = await fetch(`${baseUrl}/api/battles/${id}`, {
      headers: { Authorization: `Bearer ${admin}` },
    });
    const battle = (await read.json()) as {
      state: string;
      type: string;
      suite: { name: string } | null;
      tasks: { id: string; tests?: unknown }[];
      results: unknown[];
    };
    expect(battle.state).toBe('done');
    expect(battle.type).toBe('suite');
    expect(battle.suite?.name).toBe('builtin');
    expect(battle.tasks.length).toBeGreaterThanOrEqual(16);
    expect(battle.results).toHaveLength(battle.tasks.length * 2);

    const results = battle.results.map((r) => StoredResultSchema.parse(r));
    for (const r of results.filter((x) => x.status === 'ok')) {
      expect(r.score, r.id).not.toBeNull();
      expect(r.score!).toBeGreaterThanOrEqual(0);
      expect(r.score!).toBeLessThanOrEqual(1);
      expect(
        r.evaluations.some((e) => e.source === 'check'),
        r.id,
      ).toBe(true);
    }
    // Every code task's hidden tests ran in the sandbox and left a `code` evaluation.
    const codeTasks = battle.tasks.filter((t) => t.tests).map((t) => t.id);
    expect(codeTasks.length).toBeGreaterThan(0);
    for (const r of results.filter((x) => codeTasks.includes(x.taskId) && x.status === 'ok')) {
      expect(
        r.evaluations.some((e) => e.source === 'code'),
        r.id,
      ).toBe(true);
    }
    expect(out).toMatch(/scores \(mean over tasks and repeats\)/);
  });
});
