/**
 * `npm run bench:leaderboard`: the leaderboard with a million stored votes, on a local wrangler
 * dev + local D1 (its own state directory, wiped first). Loads synthetic battles, results and
 * 1,000,000 blind votes straight into local D1 through the D1 binding (`getPlatformProxy`, bulk
 * inserts as one JSON parameter unpacked by json_each), starts the worker, runs one recompute of
 * every snapshot (the scheduled job, through its admin route), then measures leaderboard reads:
 * p50/p95/p99 over many requests, also while a recompute is running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LeaderboardRecompute } from '@ringside/shared';
import { createRng, summarize } from '@ringside/shared';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { getPlatformProxy } from 'wrangler';
import { arenaScans, arenaVotes, battles, contestants, results } from '../apps/worker/src/db/schema.ts';
import { ensureDashboardDist, waitForHealth } from '../scripts/lib/local-stack.ts';
import { createToken } from '../scripts/lib/tokens.ts';
import { applyMigrations, ROOT, WRANGLER, wrangler, wranglerEnv } from '../scripts/lib/wrangler.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8798' },
    votes: { type: 'string', default: '1000000' },
    battles: { type: 'string', default: '10000' },
    models: { type: 'string', default: '40' },
    reads: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '4' },
  },
});
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const VOTES = Number(values.votes);
const BATTLES = Number(values.battles);
const MODELS = Number(values.models);
const TASKS = 2;
const PER_BATTLE = 4;
const persistTo = path.join(ROOT, '.ringside', 'bench-leaderboard');
const target = { remote: false, persistTo };
const rng = createRng(20_261_122);

const TYPES = ['qa', 'coding', 'agent', 'suite'] as const;
const CATEGORIES = ['code-generation', 'research-analysis', 'problem-solving', 'creative'] as const;
const truth = Array.from({ length: MODELS }, (_, m) => 800 + (400 * m) / Math.max(1, MODELS - 1));
const modelName = (m: number) => `model-${String(m).padStart(2, '0')}`;
const fmt = (n: number | null | undefined, d = 1) => (n === undefined || n === null ? '-' : n.toFixed(d));

/** The part of the D1 binding this script uses (bench code is typed for Node, not Workers). */
type Statement = { bind(...values: unknown[]): Statement };
type D1 = {
  prepare(sql: string): Statement & { first<T>(): Promise<T | null> };
  batch(statements: Statement[]): Promise<unknown>;
};

/**
 * The worker's bulk insert (apps/worker/src/lib/json-insert.ts): rows travel as one JSON array
 * bound to one parameter, unpacked by json_each, about 1 MB a statement.
 */
function jsonInsert(db: D1, table: SQLiteTable, rows: readonly Record<string, unknown>[]): Statement[] {
  const columns = Object.entries(getTableColumns(table)).map(([key, col]) => ({ key, name: col.name }));
  const sql =
    `INSERT INTO "${getTableName(table)}" (${columns.map((c) => `"${c.name}"`).join(', ')}) ` +
    `SELECT ${columns.map((_, i) => `value ->> ${i}`).join(', ')} FROM json_each(?1) WHERE true ON CONFLICT DO NOTHING`;
  const out: Statement[] = [];
  let part: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (part.length > 0) out.push(db.prepare(sql).bind(`[${part.join(',')}]`));
    part = [];
    bytes = 0;
  };
  for (const row of rows) {
    const encoded = JSON.stringify(columns.map((c) => row[c.key] ?? null));
    if (bytes + encoded.length > 1_000_000) flush();
    part.push(encoded);
    bytes += encoded.length + 1;
  }
  flush();
  return out;
}

type Seat = { id: string; model: number; persona: string | null };
type BenchBattle = { id: string; type: (typeof TYPES)[number]; seats: Seat[] };

function makeBattles(): BenchBattle[] {
  return Array.from({ length: BATTLES }, (_, b) => {
    const pool = Array.from({ length: MODELS }, (_, m) => m);
    const seats: Seat[] = [];
    for (let s = 0; s < PER_BATTLE; s++) {
      const pick = s + rng.int(MODELS - s);
      [pool[s], pool[pick]] = [pool[pick] as number, pool[s] as number];
      // One battle in four has a persona on its first seat, so contestant scope differs from model scope.
      seats.push({ id: `c${s}`, model: pool[s] as number, persona: s === 0 && b % 4 === 0 ? 'terse' : null });
    }
    return {
      id: `bench-${String(b).padStart(6, '0')}`,
      type: TYPES[b % TYPES.length] as BenchBattle['type'],
      seats,
    };
  });
}

const keyOf = (s: Seat) => `ollama:${modelName(s.model)}${s.persona ? `#${s.persona}` : ''}`;
const resultId = (b: BenchBattle, t: number, s: Seat) => `${b.id}-t${t}-${s.id}`;

/** Writes battles, contestants and results (all `done`, marked as already pooled), then the votes. */
async function load(db: D1, list: BenchBattle[]) {
  const t0 = performance.now();
  const now = Date.now();
  const battleRows = list.map((b, i) => ({
    id: b.id,
    type: b.type,
    origin: 'runner' as const,
    title: `bench ${b.id}`,
    state: 'done' as const,
    tasks: JSON.stringify(
      Array.from({ length: TASKS }, (_, t) => ({
        id: `t${t}`,
        category: CATEGORIES[(i + t) % CATEGORIES.length],
        prompt: `task ${t}`,
        assertions: [],
      })),
    ),
    identityHash: 'bench',
    createdAt: now - (list.length - i) * 1000,
    updatedAt: now,
  }));
  const contestantRows = list.flatMap((b) =>
    b.seats.map((s, position) => ({
      battleId: b.id,
      id: s.id,
      position,
      provider: 'ollama',
      model: modelName(s.model),
      lane: 'local' as const,
      key: keyOf(s),
      persona: s.persona ? JSON.stringify({ name: s.persona }) : null,
      sampling: '{}',
    })),
  );
  const resultRows = list.flatMap((b, i) =>
    Array.from({ length: TASKS }, (_, t) =>
      b.seats.map((s) => {
        const gumbel = -Math.log(-Math.log(1 - rng.float()));
        const strength = (((truth[s.model] as number) - 1000) * Math.LN10) / 400;
        return {
          id: resultId(b, t, s),
          battleId: b.id,
          contestantId: s.id,
          taskId: `t${t}`,
          repeat: 0,
          status: 'ok' as const,
          provider: 'ollama',
          model: modelName(s.model),
          category: CATEGORIES[(i + t) % CATEGORIES.length] as string,
          ttftMs: 20 + s.model + rng.float() * 10,
          e2eMs: 500,
          decodeTps: 300 - s.model * 5,
          score: Math.min(1, Math.max(0, 0.5 + (strength + gumbel) / 8)),
          passed: null,
          createdAt: now,
          bodyHash: 'bench',
          data: '{"output":{"text":"bench answer"},"metrics":{}}',
        };
      }),
    ).flat(),
  );
  const scanRows = list.map((b) => ({ battleId: b.id, resultsAt: now, scannedAt: now }));
  for (const [table, rows] of [
    [battles, battleRows],
    [contestants, contestantRows],
    [results, resultRows],
    [arenaScans, scanRows],
  ] as const) {
    const statements = jsonInsert(db, table, rows as Record<string, unknown>[]);
    for (let i = 0; i < statements.length; i += 20) await db.batch(statements.slice(i, i + 20));
  }
  console.log(
    `loaded ${list.length} battles, ${contestantRows.length} contestants, ${resultRows.length} results in ${fmt((performance.now() - t0) / 1000)} s`,
  );

  // Votes: a random battle, task and pair of its seats; the winner follows the true ratings, 15% ties.
  const t1 = performance.now();
  const CHUNK = 25_000;
  for (let start = 0; start < VOTES; start += CHUNK) {
    const rows = [];
    for (let n = start; n < Math.min(VOTES, start + CHUNK); n++) {
      const at = rng.int(list.length);
      const b = list[at] as BenchBattle;
      const t = rng.int(TASKS);
      const i = rng.int(PER_BATTLE);
      const j = (i + 1 + rng.int(PER_BATTLE - 1)) % PER_BATTLE;
      const a = b.seats[i] as Seat;
      const c = b.seats[j] as Seat;
      const [lo, hi] = [resultId(b, t, a), resultId(b, t, c)].sort() as [string, string];
      const p = 1 / (1 + 10 ** (((truth[c.model] as number) - (truth[a.model] as number)) / 400));
      const u = rng.float();
      const winner = u < 0.85 * p ? 'a' : u < 0.85 ? 'b' : u < 0.93 ? 'tie' : 'bothbad';
      rows.push({
        id: `v${n}`,
        pairKey: `${lo}|${hi}`,
        battleId: b.id,
        taskId: `t${t}`,
        repeat: 0,
        battleType: b.type,
        category: CATEGORIES[(at + t) % CATEGORIES.length] as string,
        resultA: resultId(b, t, a),
        resultB: resultId(b, t, c),
        contestantA: a.id,
        contestantB: c.id,
        keyA: keyOf(a),
        keyB: keyOf(c),
        modelA: `ollama:${modelName(a.model)}`,
        modelB: `ollama:${modelName(c.model)}`,
        winner: winner as 'a' | 'b' | 'tie' | 'bothbad',
        dimensions: '{}',
        voterId: `voter-${n}`,
        ipHash: `ip-${n}`,
        createdAt: Date.now() - VOTES + n,
        discardedAt: null,
      });
    }
    await db.batch(jsonInsert(db, arenaVotes, rows));
    if ((start / CHUNK) % 8 === 7) process.stdout.write(`  ${start + CHUNK} votes…\n`);
  }
  const count = await db.prepare('SELECT COUNT(*) AS n FROM arena_votes').first<{ n: number }>();
  console.log(
    `loaded ${count?.n} votes in ${fmt((performance.now() - t1) / 1000)} s (bulk json_each inserts)`,
  );
}

/**
 * The worker bundled once, with a config of its own (same D1 database id, so the same local
 * file): wrangler dev reloads on every source change, and other people editing the repository
 * would restart it mid-measurement. Only the D1 binding is kept; the API under test needs no other.
 */
async function bundledConfig(): Promise<string> {
  const dir = path.join(persistTo, 'bundle');
  mkdirSync(dir, { recursive: true });
  await wrangler(['deploy', '--dry-run', '--outdir', dir], { quiet: true });
  const toml = readFileSync(path.join(ROOT, 'wrangler.toml'), 'utf8');
  const field = (name: string) => new RegExp(`^${name}\\s*=\\s*"([^"]+)"`, 'm').exec(toml)?.[1];
  const file = path.join(persistTo, 'wrangler.bench.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'ringside-bench',
      main: path.join(dir, 'index.js'),
      no_bundle: true,
      compatibility_date: field('compatibility_date'),
      compatibility_flags: ['nodejs_compat'],
      vars: { ENVIRONMENT: 'local' },
      d1_databases: [
        {
          binding: 'DB',
          database_name: field('database_name'),
          database_id: field('database_id'),
          migrations_dir: path.join(ROOT, 'drizzle'),
        },
      ],
    }),
  );
  return file;
}

/**
 * wrangler dev in its own process group, so that stopping it also stops the workerd it starts
 * (a plain SIGTERM to wrangler can leave workerd holding the port).
 */
function startWorker(config: string): { child: ChildProcess; stop: () => void; log: () => string } {
  const child = spawn(
    WRANGLER,
    [
      'dev',
      '--config',
      config,
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--show-interactive-dev-session=false',
      '--persist-to',
      persistTo,
    ],
    { cwd: ROOT, env: wranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    child,
    stop: () => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    },
    log: () => log,
  };
}

async function recompute(
  token: string,
): Promise<{ wallS: number; reports: LeaderboardRecompute[]; restarts: number }> {
  const t0 = performance.now();
  const reports: LeaderboardRecompute[] = [];
  let restarts = 0;
  for (;;) {
    // Calls of at most two minutes each (fetch's header timeout is five); each continues the last.
    const res = await fetch(`${base}/api/leaderboard/recompute?budgetMs=120000`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    // wrangler dev reloads the worker when a source file changes (someone editing the repo);
    // snapshots already written stay, so the next call carries on from there.
    if (res.status === 503 && (await res.clone().text()).includes('restarted')) {
      restarts++;
      continue;
    }
    if (res.status !== 200) throw new Error(`recompute: HTTP ${res.status} ${await res.text()}`);
    const report = (await res.json()) as LeaderboardRecompute;
    reports.push(report);
    if (report.remaining === 0) break;
  }
  return { wallS: (performance.now() - t0) / 1000, reports, restarts };
}

const QUERIES = [
  'source=human',
  'source=human&scope=contestant',
  'source=blend',
  'source=auto',
  'source=judge',
  'source=human&category=creative',
  'source=blend&type=coding',
  'source=human&scope=contestant&type=qa',
];

async function reads(n: number, concurrency: number, paths = QUERIES.map((q) => `/api/leaderboard?${q}`)) {
  const latencies: number[] = [];
  let next = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const q = paths[next++ % paths.length];
        const t0 = performance.now();
        const res = await fetch(`${base}${q}`);
        const body = await res.text();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`read ${q}: HTTP ${res.status} ${body.slice(0, 200)}`);
        bytes += body.length;
      }
    }),
  );
  return { ...summarize(latencies), n: latencies.length, meanBytes: bytes / latencies.length };
}

async function main() {
  rmSync(persistTo, { recursive: true, force: true });
  ensureDashboardDist();
  await applyMigrations(target);
  const list = makeBattles();
  const proxy = await getPlatformProxy<{ DB: D1 }>({
    configPath: path.join(ROOT, 'wrangler.toml'),
    persist: { path: path.join(persistTo, 'v3') },
  });
  try {
    await load(proxy.env.DB, list);
  } finally {
    await proxy.dispose();
  }
  const { token } = await createToken('admin', 'bench', target);
  const worker = startWorker(await bundledConfig());
  try {
    await waitForHealth(base, worker.child).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${worker.log()}`);
    });
    const empty = (await (await fetch(`${base}/api/leaderboard?source=human`)).json()) as {
      computedAt: string | null;
    };
    if (empty.computedAt !== null) throw new Error('expected no snapshot before the first recompute');

    // Reads while the first recompute runs: locally one workerd isolate does both, so a read
    // waits while the maths holds the thread; on Cloudflare the cron runs in its own invocation.
    let during: Awaited<ReturnType<typeof reads>> | null = null;
    const running = recompute(token);
    during = await reads(50, 1).catch(() => null);
    const { wallS, reports, restarts } = await running;

    const units = reports.flatMap((r) => r.computed);
    const byKind = new Map<string, { ms: number; units: number; maxOutcomes: number }>();
    for (const u of units) {
      const k = byKind.get(u.kind) ?? { ms: 0, units: 0, maxOutcomes: 0 };
      byKind.set(u.kind, {
        ms: k.ms + u.ms,
        units: k.units + 1,
        maxOutcomes: Math.max(k.maxOutcomes, u.outcomes),
      });
    }
    console.log(
      `\nrecompute of every snapshot: ${fmt(wallS)} s wall over ${reports.length} call(s) of ≤ 120 s (${units.length} kind × slice units, both scopes each, 500 bootstrap rounds)${restarts ? `; wrangler dev reloaded ${restarts}× mid-call (files edited), work redone` : ''}`,
    );
    for (const [kind, k] of byKind) {
      console.log(
        `  ${kind.padEnd(6)} ${String(k.units).padStart(2)} units ${fmt(k.ms / 1000).padStart(6)} s  (largest slice ${k.maxOutcomes} outcomes)`,
      );
    }
    const human = units.find((u) => u.kind === 'human' && u.slice === 'all');
    if (human)
      console.log(
        `  human / all alone: ${human.outcomes} outcomes in ${fmt(human.ms / 1000)} s (both scopes)`,
      );

    const board = (await (await fetch(`${base}/api/leaderboard?source=human`)).json()) as {
      computedAt: string;
      outcomes: number;
      rows: { key: string; rating: number; q025: number; q975: number; rank: number }[];
    };
    console.log(
      `\nhuman leaderboard: ${board.outcomes} outcomes, ${board.rows.length} models, computedAt ${board.computedAt}; top: ${board.rows
        .slice(0, 3)
        .map((r) => `${r.key} ${fmt(r.rating)} [${fmt(r.q025)}, ${fmt(r.q975)}] rank ${r.rank}`)
        .join('; ')}`,
    );

    await reads(200, Number(values.concurrency)); // warm-up
    const s = await reads(Number(values.reads), Number(values.concurrency));
    console.log(
      `\nleaderboard read (${s.n} requests, ${values.concurrency} in flight, ${QUERIES.length} query shapes, ~${Math.round(s.meanBytes / 1024)} KiB each): p50 ${fmt(s.p50)} ms · p95 ${fmt(s.p95)} ms · p99 ${fmt(s.p99)} ms`,
    );
    const one = await reads(Number(values.reads) / 2, 1);
    console.log(
      `leaderboard read, one at a time: p50 ${fmt(one.p50)} ms · p95 ${fmt(one.p95)} ms · p99 ${fmt(one.p99)} ms`,
    );
    // The floor of this stack: wrangler dev's proxy, workerd and one D1 query.
    const floor = await reads(Number(values.reads), Number(values.concurrency), ['/api/health']);
    const floorOne = await reads(Number(values.reads) / 2, 1, ['/api/health']);
    console.log(
      `floor, GET /api/health (one D1 query): ${values.concurrency} in flight p50 ${fmt(floor.p50)} · p95 ${fmt(floor.p95)} ms; one at a time p50 ${fmt(floorOne.p50)} · p95 ${fmt(floorOne.p95)} ms`,
    );
    if (during) {
      console.log(
        `reads during the first recompute (local, same isolate): p50 ${fmt(during.p50)} ms · p95 ${fmt(during.p95)} ms · max ${fmt(Math.max(during.p99 ?? 0))} ms`,
      );
    }
    console.log(
      `machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (1 / 5 / 15 min; other work on the machine inflates every figure)`,
    );
    console.log(`\ntarget read p95 < 50 ms locally: ${(s.p95 ?? Infinity) < 50 ? 'met' : 'NOT met'}`);
  } finally {
    worker.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
