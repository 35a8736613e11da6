/**
 * `npm start`: the main job on a fresh clone. Local D1 with the migrations applied, a fresh
 * runner token, the worker (API + dashboard) on wrangler dev, a real battle between two
 * contestants on the embedded llama.cpp model uploaded to it, and the URLs to open.
 * `npm start -- --smoke` checks the stack end to end and exits (used by CI).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDashboardDist, prepareLocalDatabase, startWorker, waitForHealth } from './lib/local-stack.ts';
import { ROOT } from './lib/wrangler.ts';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '8787' },
  },
});
const port = Number(values.port);
const baseUrl = `http://127.0.0.1:${port}`;
const log = (msg: string) => console.log(`[ringside] ${msg}`);

async function main() {
  log('building the dashboard (apps/dashboard → dist, served by the worker)…');
  await buildDashboard();
  ensureDashboardDist();
  log('applying migrations to the local D1 and issuing a local runner token…');
  const token = await prepareLocalDatabase();
  log(`starting the worker on ${baseUrl} …`);
  const worker = startWorker(port);
  const logs: string[] = [];
  worker.stdout?.on('data', (d: Buffer) => logs.push(String(d)));
  worker.stderr?.on('data', (d: Buffer) => logs.push(String(d)));
  const stop = () => {
    worker.kill('SIGTERM');
  };
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  process.on('SIGTERM', stop);

  try {
    const health = await waitForHealth(baseUrl, worker);
    log(`worker healthy: ${JSON.stringify(health)}`);
    const doc = await fetch(`${baseUrl}/api/openapi.json`).then(
      (r) => r.json() as Promise<{ paths: object }>,
    );
    log(`OpenAPI document: ${Object.keys(doc.paths).length} paths at ${baseUrl}/api/openapi.json`);
  } catch (err) {
    console.error(logs.join(''));
    stop();
    throw err;
  }

  log(`local runner token '${token.name}' (id ${token.id}) is handed to local processes as RINGSIDE_TOKEN`);
  console.log(
    `\n  Ringside is running: open ${baseUrl}/\n  Dashboard: ${baseUrl}/ (battles: ${baseUrl}/battles)\n  API: ${baseUrl}/api/health · ${baseUrl}/api/openapi.json\n`,
  );
  // The first battle: two contestants on the embedded model (different personas and sampling),
  // run by the real runner CLI, uploaded to the local worker as they finish.
  log('running a battle between two embedded-model contestants (tiny-calm vs tiny-wild)…');
  const battleId = `b-start-${Date.now().toString(36)}`;
  const code = await runRunner(
    [
      'battle',
      '--id',
      battleId,
      '--title',
      'First battle: a haiku about the sea',
      '--prompt',
      'Write a haiku about the sea.',
      '-c',
      'tiny-calm',
      '-c',
      'tiny-wild',
      // Interactive: a few seconds between announcing the battle and running it, so its page
      // can be opened from the printed link and the race watched live.
      ...(values.smoke ? [] : ['--repeat', '3', '--start-delay', '8']),
    ],
    { RINGSIDE_API_URL: baseUrl, RINGSIDE_TOKEN: token.token },
  );
  if (code !== 0) {
    stop();
    throw new Error(`the battle failed (exit ${code})`);
  }
  const stored = (await fetch(`${baseUrl}/api/battles/${battleId}`).then((r) => r.json())) as {
    state: string;
    results: unknown[];
  };
  log(`the API holds battle ${battleId}: state ${stored.state}, ${stored.results.length} results`);
  // Cron Triggers do not fire under wrangler dev: run the rating job once, as the cron would.
  const cron = await fetch(`${baseUrl}/cdn-cgi/local/scheduled`).catch(() => undefined);
  log(
    `rating snapshots ${cron?.ok ? 'recomputed' : 'not recomputed (the scheduled endpoint did not answer)'}`,
  );
  if (stored.state !== 'done' || stored.results.length !== (values.smoke ? 2 : 6)) {
    stop();
    throw new Error('the battle did not reach the API complete');
  }
  console.log(`\n  Open the battle: ${baseUrl}/battles/${battleId}\n  All battles:     ${baseUrl}/battles\n`);
  if (values.smoke) {
    stop();
    return;
  }
  log('the worker keeps running; Ctrl-C stops it');
  worker.stdout?.pipe(process.stdout);
  worker.stderr?.pipe(process.stderr);
  await new Promise((resolve) => worker.on('close', resolve));
}

/** A fresh clone has no dashboard build: make one, so the worker serves the real site. */
function buildDashboard(): Promise<void> {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: path.join(ROOT, 'apps', 'dashboard'),
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) =>
    child.on('close', (c) =>
      c === 0 ? resolve() : reject(new Error(`the dashboard build failed (exit ${c})`)),
    ),
  );
}

function runRunner(args: string[], env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, [path.join(ROOT, 'apps', 'runner', 'bin', 'ringside.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  return new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
}

main().catch((err: unknown) => {
  console.error(`[ringside] start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
