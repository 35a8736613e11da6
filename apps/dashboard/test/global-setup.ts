import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { type BrowserServer, chromium as playwright } from 'playwright-core';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { startWorker, waitForHealth } from '../../../scripts/lib/local-stack.ts';
import { createToken } from '../../../scripts/lib/tokens.ts';
import { applyMigrations, ROOT } from '../../../scripts/lib/wrangler.ts';
import { CHROMIUM_ARGS, resolveChromium } from './chromium.ts';
import {
  ciBatches,
  leaderboardBattles,
  listBattles,
  replayBattle,
  voteBattle,
  xssBattle,
} from './fixtures.ts';

/**
 * Browser tests' stack: builds the dashboard, starts `wrangler dev` (which serves the build and
 * the API) on a free port with its own wiped state under `.ringside/`, issues tokens, seeds data
 * through the API, and launches one headless Chromium that every test file connects to.
 */

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function post(baseUrl: string, token: string, pathname: string, body: unknown) {
  const res = await fetch(`${baseUrl}${pathname}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`seeding ${pathname}: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
}

async function seed(baseUrl: string, runner: string, ingest: string, admin: string) {
  const publicBattles = [replayBattle, xssBattle, ...listBattles, ...leaderboardBattles];
  for (const { battle, results } of [...publicBattles, voteBattle]) {
    if (results.length > 0) await post(baseUrl, runner, '/api/results', { battle, results });
    else {
      const res = await fetch(`${baseUrl}/api/battles/${battle.id}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${runner}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(battle),
      });
      if (!res.ok) throw new Error(`seeding battle ${battle.id}: HTTP ${res.status} ${await res.text()}`);
    }
  }
  for (const b of ciBatches) await post(baseUrl, ingest, '/api/results/batch', b);
  // What the Cron Trigger does every few minutes: fill the voting pool and compute the ratings.
  await post(baseUrl, admin, '/api/leaderboard/recompute', {});
  // Battles of two models are blind until revealed (PRODUCT F13): all but the vote page's are
  // made public, as if their window had passed, and the ratings computed again with them.
  for (const { battle } of publicBattles) await post(baseUrl, admin, `/api/battles/${battle.id}/reveal`, {});
  await post(baseUrl, admin, '/api/leaderboard/recompute', {});
}

export default async function setup(project: TestProject) {
  const chromium = await resolveChromium();
  console.log(`browser tests: Chromium from ${chromium.source} (${chromium.path})`);
  const dashboard = path.join(ROOT, 'apps/dashboard');
  // vitest sets NODE_ENV=test, and Vite would then build React in development mode.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(dashboard, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }

  const persistTo = path.join(ROOT, '.ringside', 'dashboard-test');
  rmSync(persistTo, { recursive: true, force: true });
  const target = { remote: false, persistTo };
  await applyMigrations(target);
  // One at a time: concurrent `wrangler d1 execute` runs on one local database can hit SQLITE_BUSY.
  const runner = await createToken('runner', 'dashboard-test', target);
  const ingest = await createToken('ingest', 'dashboard-test-ci', target);
  const admin = await createToken('admin', 'dashboard-test-admin', target);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const worker = startWorker(port, persistTo);
  const logs: string[] = [];
  worker.stdout?.on('data', (d: Buffer) => logs.push(String(d)));
  worker.stderr?.on('data', (d: Buffer) => logs.push(String(d)));
  let browser: BrowserServer | null = null;
  const teardown = async () => {
    await browser?.close();
    if (worker.exitCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
  };
  try {
    await waitForHealth(baseUrl, worker, 90_000);
    await seed(baseUrl, runner.token, ingest.token, admin.token);
    browser = await playwright.launchServer({
      executablePath: chromium.path,
      args: CHROMIUM_ARGS,
      headless: true,
    });
  } catch (err) {
    console.error(logs.join(''));
    await teardown();
    throw err;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('runnerToken', runner.token);
  project.provide('adminToken', admin.token);
  project.provide('browserWsEndpoint', browser.wsEndpoint());
  return teardown;
}
