import { spawn } from 'node:child_process';
import path from 'node:path';

/** Runs wrangler from the repository root with the offline-friendly settings of TOOLCHAIN.md. */

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const WRANGLER = path.join(ROOT, 'node_modules', '.bin', 'wrangler');

export const wranglerEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  // The repository's Node 22 first on PATH, also when a script is run without npm (wrangler
  // refuses Node 20, and its bin starts with `#!/usr/bin/env node`).
  PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  CI: process.env.CI ?? 'true',
  NO_D1_WARNING: 'true',
});

export interface Target {
  remote: boolean;
  env?: string | undefined;
  /** local state directory other than wrangler's default (benchmarks keep theirs apart) */
  persistTo?: string | undefined;
}

export function targetArgs(t: Target): string[] {
  return [
    t.remote ? '--remote' : '--local',
    ...(t.env ? ['--env', t.env] : []),
    ...(t.persistTo && !t.remote ? ['--persist-to', t.persistTo] : []),
  ];
}

/** Runs wrangler and resolves with its stdout; rejects with stderr when it fails. */
export function wrangler(args: string[], opts: { quiet?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(WRANGLER, args, { cwd: ROOT, env: wranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
      if (!opts.quiet) process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`wrangler ${args.join(' ')} exited with ${code}\n${err || out}`));
    });
  });
}

/** Executes SQL on the D1 binding `DB` and returns the rows of the last statement. */
export async function d1Execute<T = Record<string, unknown>>(sql: string, target: Target): Promise<T[]> {
  const out = await wrangler(['d1', 'execute', 'DB', ...targetArgs(target), '--json', '--command', sql], {
    quiet: true,
  });
  const parsed = JSON.parse(out.slice(out.indexOf('['))) as { results?: T[] }[];
  return parsed.at(-1)?.results ?? [];
}

export const applyMigrations = (target: Target) =>
  wrangler(['d1', 'migrations', 'apply', 'DB', ...targetArgs(target)], { quiet: true });

/** SQL string literal for values already restricted to a safe alphabet (validated by callers). */
export function sqlText(value: string): string {
  if (!/^[A-Za-z0-9 ._:-]*$/.test(value)) throw new Error(`refusing unsafe SQL literal: ${value}`);
  return `'${value}'`;
}
