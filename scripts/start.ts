/**
 * `npm start`: the main job on a fresh clone. Local D1 with the migrations applied, a fresh
 * runner token, the worker (API + dashboard) on wrangler dev, and the URL to open.
 * `npm start -- --smoke` checks the stack end to end and exits (used by CI).
 */
import { parseArgs } from 'node:util';
import { ensureDashboardDist, prepareLocalDatabase, startWorker, waitForHealth } from './lib/local-stack.ts';

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
    `\n  Ringside is running: open ${baseUrl}/\n  API: ${baseUrl}/api/health · ${baseUrl}/api/openapi.json\n`,
  );
  if (values.smoke) {
    stop();
    return;
  }
  worker.stdout?.pipe(process.stdout);
  worker.stderr?.pipe(process.stderr);
  await new Promise((resolve) => worker.on('close', resolve));
}

main().catch((err: unknown) => {
  console.error(`[ringside] start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
