import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createToken } from './tokens.ts';
import { applyMigrations, d1Execute, ROOT, WRANGLER, wranglerEnv } from './wrangler.ts';

export { ensureDashboardDist } from './dashboard-dist.ts';

/** The local stack shared by `npm start` and `npm run dev`: local D1, a fresh token, wrangler dev. */

export const LOCAL = { remote: false } as const;
export const STATE_DIR = path.join(ROOT, '.ringside');

/**
 * Applies the migrations to the local D1 and issues a new local runner token, revoking the ones
 * earlier local runs made. There is no default key: every local start gets its own.
 */
export async function prepareLocalDatabase(tokenName = 'local-dev') {
  await applyMigrations(LOCAL);
  await d1Execute(
    `UPDATE tokens SET revoked_at = ${Date.now()} WHERE name = '${tokenName}' AND revoked_at IS NULL`,
    LOCAL,
  );
  return createToken('runner', tokenName, LOCAL);
}

export function writeDevEnv(vars: Record<string, string>): string {
  mkdirSync(STATE_DIR, { recursive: true });
  const file = path.join(STATE_DIR, 'dev.env');
  writeFileSync(
    file,
    `${Object.entries(vars)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
    { mode: 0o600 },
  );
  return file;
}

export function startWorker(port: number, persistTo?: string): ChildProcess {
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--show-interactive-dev-session=false'];
  if (persistTo) args.push('--persist-to', persistTo);
  return spawn(WRANGLER, args, {
    cwd: ROOT,
    env: wranglerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Polls `/api/health` until the worker answers ok, or fails after `timeoutMs`. */
export async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  timeoutMs = 60_000,
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return await res.json();
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await delay(250);
  }
  throw new Error(`the local worker did not become healthy in ${timeoutMs / 1000}s (${last})`);
}
