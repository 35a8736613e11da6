/**
 * `npm run bench:ingest`: ingest throughput of the worker on a local wrangler dev + local D1
 * (its own state directory, wiped first). Posts results through `POST /api/results/batch` in
 * batches of 1,000, then one at a time with 20 requests in flight, each phase bounded in time,
 * and prints results/s and request latency p50/p95/p99.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BattleInput, ResultInput } from '@ringside/shared';
import { summarize } from '@ringside/shared';
import { startWorker, waitForHealth } from '../scripts/lib/local-stack.ts';
import { createToken } from '../scripts/lib/tokens.ts';
import { applyMigrations, ROOT } from '../scripts/lib/wrangler.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8797' },
    'batch-size': { type: 'string', default: '1000' },
    'batch-seconds': { type: 'string', default: '20' },
    'batch-concurrency': { type: 'string', default: '1' },
    'single-seconds': { type: 'string', default: '10' },
    'single-concurrency': { type: 'string', default: '20' },
  },
});
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const batchSize = Number(values['batch-size']);
const persistTo = path.join(ROOT, '.ringside', 'bench-ingest');
const target = { remote: false, persistTo };

const text = 'The tide returns at dusk; gulls argue over the harbour while the lamps come on. '.repeat(6);
function makeResult(battleId: string, i: number): ResultInput {
  const tokens = 120;
  return {
    id: `${battleId}-r${i}`,
    battleId,
    contestantId: i % 2 ? 'a' : 'b',
    taskId: `t${i % 16}`,
    repeat: Math.floor(i / 16) % 10_000,
    status: 'ok',
    output: { text },
    metrics: {
      ttftMs: 40 + (i % 13),
      e2eMs: 400 + (i % 97),
      decodeTpsClient: 300 + (i % 50),
      outputTokens: tokens,
      outputTokensSource: 'usage',
    },
    chunks: {
      dtUs: Array.from({ length: tokens }, (_, k) => (k === 0 ? 40_000 : 3_000 + (k % 7))),
      chars: Array.from({ length: tokens }, () => 4),
    },
    score: (i % 10) / 10,
    passed: i % 10 >= 5,
    evaluations: [
      { source: 'check', evaluator: 'contains', score: 1, passed: true },
      { source: 'check', evaluator: 'max-latency', score: 0, passed: false },
    ],
    startedAt: '2026-11-22T00:00:00.000Z',
    endedAt: '2026-11-22T00:00:00.500Z',
  };
}
function makeBattle(id: string): BattleInput {
  return {
    id,
    type: 'suite',
    origin: 'ci',
    title: `bench ${id}`,
    state: 'done',
    suite: { name: 'bench', version: '1' },
    tasks: Array.from({ length: 16 }, (_, t) => ({
      id: `t${t}`,
      prompt: `task ${t}`,
      category: 'problem-solving',
      assertions: [],
    })),
    contestants: [
      { id: 'a', provider: 'openai', model: 'model-a', lane: 'cloud', sampling: {} },
      { id: 'b', provider: 'openai', model: 'model-b', lane: 'cloud', sampling: {} },
    ],
  } as BattleInput;
}

async function post(pathname: string, token: string, body: string) {
  const t0 = performance.now();
  const res = await fetch(`${base}${pathname}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body,
  });
  const out = await res.text();
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`${pathname}: HTTP ${res.status} ${out.slice(0, 300)}`);
  recordServerTiming(pathname, res.headers.get('Server-Timing'));
  return performance.now() - t0;
}

/** Sums of the worker's Server-Timing phases per endpoint: where the time goes. */
const serverTimings = new Map<string, Map<string, number[]>>();
function recordServerTiming(pathname: string, header: string | null) {
  if (!header) return;
  const byPhase = serverTimings.get(pathname) ?? new Map<string, number[]>();
  serverTimings.set(pathname, byPhase);
  for (const part of header.split(',')) {
    const m = /^\s*([\w-]+);dur=([\d.]+)/.exec(part);
    if (m) byPhase.set(m[1]!, [...(byPhase.get(m[1]!) ?? []), Number(m[2])]);
  }
}
function printServerTimings() {
  for (const [pathname, byPhase] of serverTimings) {
    const parts = [...byPhase].map(([phase, xs]) => `${phase} ${fmt(summarize(xs)?.p50)}`);
    console.log(`  worker phases, median ms, ${pathname}: ${parts.join(' · ')}`);
  }
  serverTimings.clear();
}

const fmt = (n: number | undefined | null, d = 1) => (n === undefined || n === null ? '-' : n.toFixed(d));

async function phase(
  name: string,
  seconds: number,
  concurrency: number,
  perRequest: number,
  send: (n: number) => Promise<number>,
) {
  const latencies: number[] = [];
  let n = 0;
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) latencies.push(await send(n++));
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const s = summarize(latencies);
  const results = latencies.length * perRequest;
  console.log(
    `${name.padEnd(34)} ${String(results).padStart(7)} results in ${fmt(elapsed, 1)} s = ${fmt(results / elapsed, 0).padStart(6)} results/s | request latency ms p50 ${fmt(s?.p50)} p95 ${fmt(s?.p95)} p99 ${fmt(s?.p99)} (${latencies.length} requests, ${concurrency} in flight)`,
  );
  printServerTimings();
  return results / elapsed;
}

async function main() {
  rmSync(persistTo, { recursive: true, force: true });
  await applyMigrations(target);
  const { token } = await createToken('ingest', 'bench', target);
  const worker = startWorker(port, persistTo);
  try {
    await waitForHealth(base, worker);
    const run = Date.now().toString(36);
    const body = (b: number, size: number) => {
      const battle = makeBattle(`bench-${run}-${b}`);
      return JSON.stringify({
        battle,
        results: Array.from({ length: size }, (_, i) => makeResult(battle.id, i)),
      });
    };
    const sample = body(0, batchSize);
    console.log(
      `payload: ${batchSize} results per batch, ${(sample.length / 1024 / 1024).toFixed(2)} MiB per request (${Math.round(sample.length / batchSize)} bytes per result)\n`,
    );
    // Warm up the isolate and D1 before measuring.
    await post('/api/results/batch', token, body(-1, 200));

    const batchRate = await phase(
      `batch path (${batchSize}/request)`,
      Number(values['batch-seconds']),
      Number(values['batch-concurrency']),
      batchSize,
      (n) => post('/api/results/batch', token, body(n, batchSize)),
    );
    const single = makeBattle(`bench-${run}-single`);
    await post(
      '/api/results/batch',
      token,
      JSON.stringify({ battle: single, results: [makeResult(single.id, 10_000_000)] }),
    );
    await phase(
      'single results (POST /api/results)',
      Number(values['single-seconds']),
      Number(values['single-concurrency']),
      1,
      (n) => post('/api/results', token, JSON.stringify(makeResult(single.id, n))),
    );
    const replay = body(0, batchSize);
    await phase('same batch again (all duplicates)', 5, 1, batchSize, () =>
      post('/api/results/batch', token, replay),
    );
    console.log(
      `\ntarget ≥ 5,000 results/s through the batch path: ${batchRate >= 5000 ? 'met' : 'NOT met'} (${Math.round(batchRate)} results/s)`,
    );
  } finally {
    worker.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
