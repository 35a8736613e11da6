/**
 * `npm run bench:fanout`: live fan-out through a local wrangler dev (its own state directory,
 * wiped first). For each viewer count N (100, then 1,000) and each viewer mode it creates a battle,
 * connects N viewers over WebSockets, and publishes 4 contestants streaming 50 tokens/s each
 * through the runner's real live publisher (a token-delta every 50 ms per contestant, a batch
 * every 100 ms), for 10 s. Prints delivery latency publisher → viewer p50/p95/p99, frames/s
 * delivered, completeness, workerd CPU and the memory (RSS) of the workerd process.
 *
 * Latency is measured on this process's monotonic clock two ways: "wire" from the moment the batch
 * carrying a frame is handed to fetch to the moment a viewer has the frame, and "end to end" from
 * the moment the frame was created (so it includes the publisher's batching).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BattleEvent, BattleInput } from '@ringside/shared';
import { summarize } from '@ringside/shared';
import WebSocket from 'ws';
import { z } from 'zod';
import { createLivePublisher, type PublishFetch } from '../apps/runner/src/live/publisher.ts';
import { startWorker, waitForHealth } from '../scripts/lib/local-stack.ts';
import { createToken } from '../scripts/lib/tokens.ts';
import { applyMigrations, ROOT } from '../scripts/lib/wrangler.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8793' },
    viewers: { type: 'string', default: '100,1000' },
    seconds: { type: 'string', default: '10' },
    contestants: { type: 'string', default: '4' },
    'tokens-per-second': { type: 'string', default: '50' },
    'flush-ms': { type: 'string', default: '100' },
    /** frame: one message per frame (the default protocol); batch: `?batch=1`, one per batch */
    modes: { type: 'string', default: 'frame,batch' },
    /**
     * Offer permessage-deflate as browsers do. Off by default: the worker turns compression off
     * (no_web_socket_compression), but under wrangler dev its local entry proxy still accepts the
     * offer and deflates every message per socket, which production does not.
     */
    deflate: { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const seconds = Number(values.seconds);
const tps = Number(values['tokens-per-second']);
const flushMs = Number(values['flush-ms']);
const persistTo = path.join(ROOT, '.ringside', 'bench-fanout');
const target = { remote: false, persistTo };

const fmt = (n: number | undefined | null, d = 1) => (n === undefined || n === null ? '-' : n.toFixed(d));
const key = (contestantId: string | undefined, seq: number | undefined) => `${contestantId}:${seq}`;

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Resolves with `p`, or with `fallback` after `ms`: a guard so a lost frame cannot hang the bench. */
function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([p, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);
}

// --- the workerd process, through /proc ---------------------------------------------------------

const readProc = (pid: number, file: string) => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return ''; // the process ended meanwhile
  }
};
/** Fields of /proc/<pid>/stat after the command name: [0] state, [1] ppid, [11] utime, [12] stime. */
const statFields = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/** Every workerd process under `rootPid` (wrangler starts one). */
function workerdPids(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    const stat = readProc(Number(entry), 'stat');
    if (!stat) continue;
    const ppid = Number(statFields(stat)[1]);
    names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  for (const stack = [rootPid]; stack.length > 0; ) {
    const pid = stack.pop() as number;
    stack.push(...(children.get(pid) ?? []));
    if (names.get(pid) === 'workerd') found.push(pid);
  }
  return found;
}
const workerdRssMiB = (rootPid: number) =>
  workerdPids(rootPid).reduce(
    (mib, pid) => mib + Number(/VmRSS:\s+(\d+) kB/.exec(readProc(pid, 'status'))?.[1] ?? 0) / 1024,
    0,
  );
/** User + system CPU seconds (ticks of 1/100 s). */
const workerdCpuSeconds = (rootPid: number) =>
  workerdPids(rootPid).reduce((s, pid) => {
    const f = statFields(readProc(pid, 'stat'));
    return s + (Number(f[11] ?? 0) + Number(f[12] ?? 0)) / 100;
  }, 0);

// --- viewers -------------------------------------------------------------------------------------

/** Just the fields the bench reads from a frame: a narrow schema, checked on every message. */
const FrameKey = z.object({
  type: z.string(),
  contestantId: z.string().optional(),
  seq: z.number().optional(),
  tokens: z.number().optional(),
});
const FrameKeys = z.array(FrameKey);

interface Tally {
  wire: number[];
  e2e: number[];
  frames: number;
  messages: number;
  invalid: number;
  sentAt: Map<string, number>;
  createdAt: Map<string, number>;
}

interface Viewer {
  ws: WebSocket;
  frames: number;
  tokens: number;
  ended: Promise<void>;
  closed: Promise<number>;
}

function connectViewer(url: string, batch: boolean, tally: Tally) {
  return new Promise<Viewer>((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: values.deflate });
    const ended = deferred<void>();
    const closed = deferred<number>();
    const viewer: Viewer = { ws, frames: 0, tokens: 0, ended: ended.promise, closed: closed.promise };
    ws.on('close', (code) => {
      closed.resolve(code);
      // Before its snapshot, a close means the connection failed (e.g. the worker reloaded).
      if (viewer.frames === 0) reject(new Error(`viewer closed with ${code} before its snapshot`));
    });
    ws.on('error', reject);
    setTimeout(() => reject(new Error('no snapshot within 30 s')), 30_000).unref();
    ws.on('message', (data) => {
      const now = performance.now();
      let json: unknown;
      try {
        json = JSON.parse(String(data));
      } catch {
        json = undefined;
      }
      const parsed = batch ? FrameKeys.safeParse(json) : FrameKey.safeParse(json);
      if (!parsed.success) {
        tally.invalid++;
        return;
      }
      tally.messages++;
      for (const frame of Array.isArray(parsed.data) ? parsed.data : [parsed.data]) {
        viewer.frames++;
        tally.frames++;
        if (frame.type === 'battle-snapshot' && viewer.frames === 1) resolve(viewer);
        if (frame.type === 'battle-end') ended.resolve();
        if (frame.type !== 'token-delta') continue;
        viewer.tokens += frame.tokens ?? 0;
        const sent = tally.sentAt.get(key(frame.contestantId, frame.seq));
        const created = tally.createdAt.get(key(frame.contestantId, frame.seq));
        if (sent !== undefined) tally.wire.push(now - sent);
        if (created !== undefined) tally.e2e.push(now - created);
      }
    });
  });
}

// --- the publishing side -------------------------------------------------------------------------

/** Creates the battle in D1 and returns its opening events (published through the publisher). */
async function createBattle(token: string, id: string): Promise<BattleEvent[]> {
  const contestants = Array.from({ length: Number(values.contestants) }, (_, i) => ({
    id: `c${i + 1}`,
    provider: 'embedded',
    model: `model-${i + 1}`,
    lane: 'local' as const,
    sampling: {},
  }));
  const prompt = 'Write a long poem about the sea.';
  const battle: BattleInput = {
    ...{ id, type: 'qa', origin: 'runner', title: `fan-out bench ${id}`, state: 'running', contestants },
    tasks: [{ id: 't1', category: 'creative', prompt, assertions: [] }],
  };
  const res = await fetch(`${base}/api/battles/${id}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(battle),
  });
  if (res.status !== 201) throw new Error(`PUT battle: HTTP ${res.status} ${await res.text()}`);
  const at = new Date().toISOString();
  const slot = (c: { id: string }) => ({ battleId: id, contestantId: c.id, taskId: 't1', repeat: 0, at });
  return [
    {
      type: 'battle-start',
      battleId: id,
      at,
      title: battle.title,
      battleType: 'qa',
      contestants,
      tasks: [{ id: 't1', prompt }],
    },
    ...contestants.map((c): BattleEvent => ({ type: 'contestant-start', ...slot(c) })),
  ];
}

/** The runner's publisher, with a fetch that notes when each frame left and the worker's phases. */
function timedPublisher(token: string, battleId: string, tally: Tally) {
  const postMs: number[] = [];
  const phases = new Map<string, number[]>();
  const errors: string[] = [];
  const timedFetch: PublishFetch = async (url, init) => {
    const t = performance.now();
    for (const e of FrameKeys.parse(JSON.parse(init.body))) {
      const k = key(e.contestantId, e.seq);
      if (e.type === 'token-delta' && !tally.sentAt.has(k)) tally.sentAt.set(k, t);
    }
    const res = await fetch(url, init);
    const text = await res.text();
    postMs.push(performance.now() - t);
    for (const m of (res.headers.get('server-timing') ?? '').matchAll(/([\w-]+);dur=([\d.]+)/g)) {
      phases.set(m[1] as string, [...(phases.get(m[1] as string) ?? []), Number(m[2])]);
    }
    return { status: res.status, text: async () => text };
  };
  const pub = createLivePublisher({
    baseUrl: base,
    token,
    battleId,
    fetch: timedFetch,
    flushMs,
    onError: (e) => errors.push(e.message),
  });
  return { pub, postMs, phases, errors };
}

/** Each contestant's coalescer emits every 50 ms (staggered) with the tokens due by then. */
async function stream(pub: { publish(e: BattleEvent): void }, battleId: string, ids: string[], tally: Tally) {
  const t0 = performance.now();
  const sentTokens = new Map<string, number>();
  const timers = ids.map((contestantId, i) => {
    let seq = 0;
    let sent = 0;
    const tick = () => {
      const now = performance.now();
      const due = Math.floor(((now - t0) / 1000) * tps);
      if (due <= sent) return;
      const words = Array.from({ length: due - sent }, (_, k) => `w${sent + k} `);
      tally.createdAt.set(key(contestantId, seq), now);
      pub.publish({
        type: 'token-delta',
        battleId,
        contestantId,
        taskId: 't1',
        repeat: 0,
        at: new Date().toISOString(),
        seq: seq++,
        text: words.join(''),
        offsetsMs: words.map((_, k) => ((sent + k + 1) * 1000) / tps),
        chars: words.map((w) => w.length),
        tokens: due - sent,
      });
      sent = due;
      sentTokens.set(contestantId, sent);
    };
    let interval: ReturnType<typeof setInterval> | undefined;
    const stagger = setTimeout(
      () => {
        interval = setInterval(tick, 50);
      },
      (50 / ids.length) * i,
    );
    return () => {
      clearTimeout(stagger);
      clearInterval(interval);
    };
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  for (const stop of timers) stop();
  return sentTokens;
}

// --- one measured run ----------------------------------------------------------------------------

async function run(n: number, mode: string, token: string, workerPid: number) {
  const batch = mode === 'batch';
  const battleId = `fanout-${Date.now().toString(36)}-${n}`;
  const opening = await createBattle(token, battleId);
  const ids = opening.flatMap((e) => (e.type === 'contestant-start' ? [e.contestantId] : []));
  const load = loadavg()[0] ?? 0;
  const rssBefore = workerdRssMiB(workerPid);
  const tally: Tally = {
    wire: [],
    e2e: [],
    frames: 0,
    messages: 0,
    invalid: 0,
    sentAt: new Map(),
    createdAt: new Map(),
  };

  const url = `ws://127.0.0.1:${port}/api/battles/${battleId}/live${batch ? '?batch=1' : ''}`;
  const viewers: Viewer[] = [];
  const connectStart = performance.now();
  for (let i = 0; i < n; i += 100) {
    viewers.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(100, n - i) }, () => connectViewer(url, batch, tally)),
      )),
    );
  }
  const connectMs = performance.now() - connectStart;
  const rssConnected = workerdRssMiB(workerPid);
  Object.assign(tally, { frames: 0, messages: 0 });

  const { pub, postMs, phases, errors } = timedPublisher(token, battleId, tally);
  for (const e of opening) pub.publish(e);
  let rssPeak = rssConnected;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, workerdRssMiB(workerPid));
  }, 500);
  const cpu0 = workerdCpuSeconds(workerPid);
  const benchCpu0 = process.cpuUsage();
  const t0 = performance.now();
  const tokens = await stream(pub, battleId, ids, tally);
  const streamS = (performance.now() - t0) / 1000;
  const workerdCpu = workerdCpuSeconds(workerPid) - cpu0;
  const benchCpuUsage = process.cpuUsage(benchCpu0);
  const benchCpu = (benchCpuUsage.user + benchCpuUsage.system) / 1e6;
  const { frames, messages } = tally;
  clearInterval(sampler);

  const at = new Date().toISOString();
  pub.publish({ type: 'battle-end', battleId, at, state: 'done' });
  const endStart = performance.now();
  await pub.close();
  await Promise.all(viewers.map((v) => within(v.ended, 30_000, undefined)));
  const endMs = performance.now() - endStart;
  const codes = await Promise.all(viewers.map((v) => within(v.closed, 30_000, -1)));
  const closeMs = performance.now() - endStart;
  for (const v of viewers) if (v.ws.readyState === WebSocket.OPEN) v.ws.terminate();

  const published = [...tokens.values()].reduce((a, b) => a + b, 0);
  const wire = summarize(tally.wire);
  const e2e = summarize(tally.e2e);
  const post = summarize(postMs);
  const stats = pub.stats();
  const phaseText = [...phases].map(([name, xs]) => `${name} ${fmt(summarize(xs)?.p50)}`).join(' · ');
  console.log(
    [
      `\n${n} viewers (${batch ? 'batch mode: one message per batch' : 'one message per frame'}), ${ids.length} contestants × ${tps} tok/s, ${fmt(streamS)} s (1-min load average ${fmt(load, 2)} on ${availableParallelism()} cores at the start)`,
      `  connected in ${fmt(connectMs / 1000, 2)} s; every viewer got its snapshot first; WebSocket extensions negotiated: ${viewers[0]?.ws.extensions || 'none'}`,
      `  latency publisher → viewer, wire (batch sent → frame received) ms: p50 ${fmt(wire?.p50)} p95 ${fmt(wire?.p95)} p99 ${fmt(wire?.p99)} max ${fmt(wire?.max)} (${wire?.count ?? 0} frames)`,
      `  latency end to end (frame created → received, includes ${flushMs} ms batching) ms: p50 ${fmt(e2e?.p50)} p95 ${fmt(e2e?.p95)} p99 ${fmt(e2e?.p99)}`,
      `  delivered ${fmt(frames / streamS, 0)} frames/s in ${fmt(messages / streamS, 0)} messages/s to all viewers (${fmt(frames / streamS / n)} frames/s per viewer); ${viewers.filter((v) => v.tokens === published).length}/${n} viewers got all ${published} tokens; ${tally.invalid} invalid messages`,
      `  publisher: ${stats.requests} POSTs (p50 ${fmt(post?.p50)} ms, p95 ${fmt(post?.p95)} ms; worker phases, median ms: ${phaseText}), ${stats.sent} events sent, ${stats.dropped} dropped${errors.length ? `, errors: ${errors.slice(0, 3).join('; ')}` : ''}`,
      `  battle-end reached every viewer ${fmt(endMs, 0)} ms after it was published; ${codes.filter((c) => c === 1000).length}/${n} close events with 1000 after ${fmt(closeMs, 0)} ms (the close frame comes at once; local workerd ends the TCP connection of a hibernatable socket ~10 s later)`,
      `  CPU while streaming: workerd ${fmt((100 * workerdCpu) / streamS, 0)}% of one core (${fmt((workerdCpu * 1e6) / Math.max(messages, 1), 0)} µs per message delivered), this bench process (publisher + ${n} viewers) ${fmt((100 * benchCpu) / streamS, 0)}%`,
      `  workerd RSS MiB: before viewers ${fmt(rssBefore, 0)}, ${n} connected ${fmt(rssConnected, 0)}, peak while streaming ${fmt(rssPeak, 0)}, after close ${fmt(workerdRssMiB(workerPid), 0)}`,
    ].join('\n'),
  );
  return { n, mode, p95: wire?.p95 ?? Number.POSITIVE_INFINITY };
}

/** Fails when something already listens on `port`: the health check would talk to it instead. */
function assertPortFree(p: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once('error', () => reject(new Error(`port ${p} is in use; pass --port <free port>`)))
      .listen(p, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function main() {
  await assertPortFree(port);
  rmSync(persistTo, { recursive: true, force: true });
  await applyMigrations(target);
  const { token } = await createToken('runner', 'bench-fanout', target);
  const worker = startWorker(port, persistTo);
  // Reading wrangler's output keeps its pipe from filling (a log line per request) and shows when
  // it reloads the worker because a source file changed, which drops every socket.
  let reloads = 0;
  const watch = (d: Buffer) => {
    if (String(d).includes('Reloading local server')) reloads++;
  };
  worker.stdout?.on('data', watch);
  worker.stderr?.on('data', watch);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      worker.kill('SIGTERM');
      process.exit(1);
    });
  }
  try {
    await waitForHealth(base, worker);
    if (worker.pid === undefined) throw new Error('wrangler dev has no pid');
    const results = [];
    for (const n of values.viewers.split(',').map(Number)) {
      for (const mode of values.modes.split(',')) {
        for (let attempt = 1; ; attempt++) {
          const before = reloads;
          const r = await run(n, mode, token, worker.pid).catch((err: unknown) => {
            if (reloads === before) throw err;
            return null;
          });
          if (r && reloads === before) {
            results.push(r);
            break;
          }
          console.log(
            '  ! wrangler dev reloaded the worker during this run (a source file changed): not counted',
          );
          if (attempt === 3)
            throw new Error('the worker kept reloading; run the benchmark on a quiet checkout');
          await waitForHealth(base, worker);
        }
      }
    }
    for (const r of results.filter((x) => x.n === 1000)) {
      console.log(
        `target 1,000 viewers with wire p95 < 100 ms, ${r.mode} mode: ${r.p95 < 100 ? 'met' : 'NOT met'} (p95 ${fmt(r.p95)} ms)`,
      );
    }
  } finally {
    worker.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
