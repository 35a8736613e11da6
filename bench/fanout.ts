/**
 * `npm run bench:fanout`: live fan-out through a local wrangler dev (its own state directory,
 * wiped first). For each viewer count N (100, then 1,000) it creates a battle, connects N viewers
 * over WebSockets, and publishes one battle with 4 contestants streaming 50 tokens/s each through
 * the runner's real live publisher (token-deltas every 50 ms per contestant, batches every
 * 100 ms), for a bounded time. Prints delivery latency publisher → viewer p50/p95/p99, frames/s
 * delivered, completeness, and the memory (RSS) of the workerd process.
 *
 * Latency is measured two ways, both on this process's monotonic clock: "wire" from the moment
 * the batch carrying a frame is handed to fetch to the moment a viewer has the frame, and
 * "end to end" from the moment the frame was created (so it includes the publisher's batching).
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
     * offer and deflates every message per socket, which production never does.
     */
    deflate: { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const seconds = Number(values.seconds);
const contestantCount = Number(values.contestants);
const tps = Number(values['tokens-per-second']);
const flushMs = Number(values['flush-ms']);
const persistTo = path.join(ROOT, '.ringside', 'bench-fanout');
const target = { remote: false, persistTo };

const fmt = (n: number | undefined | null, d = 1) => (n === undefined || n === null ? '-' : n.toFixed(d));

/** Just the fields the bench reads from a frame: a narrow schema, checked on every message. */
const FrameKey = z.object({
  type: z.string(),
  contestantId: z.string().optional(),
  seq: z.number().optional(),
  tokens: z.number().optional(),
});
const FrameKeys = z.array(FrameKey);
const key = (contestantId: string | undefined, seq: number | undefined) => `${contestantId}:${seq}`;

/** Every workerd process under `rootPid` (wrangler starts one), found through /proc. */
function workerdPids(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  const comm = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      comm.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    stack.push(...(children.get(pid) ?? []));
    if (comm.get(pid) === 'workerd') found.push(pid);
  }
  return found;
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return ''; // gone
  }
}

/** Resident memory of workerd, MiB. */
function workerdRssMiB(rootPid: number): number {
  let kib = 0;
  for (const pid of workerdPids(rootPid))
    kib += Number(/VmRSS:\s+(\d+) kB/.exec(readProc(pid, 'status'))?.[1] ?? 0);
  return kib / 1024;
}

/** CPU time workerd has used (user + system), seconds; /proc counts in ticks of 1/100 s. */
function workerdCpuSeconds(rootPid: number): number {
  let ticks = 0;
  for (const pid of workerdPids(rootPid)) {
    const stat = readProc(pid, 'stat');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return ticks / 100;
}

function makeBattle(id: string): BattleInput {
  return {
    id,
    type: 'qa',
    origin: 'runner',
    title: `fan-out bench ${id}`,
    state: 'running',
    tasks: [{ id: 't1', category: 'creative', prompt: 'Write a long poem about the sea.', assertions: [] }],
    contestants: Array.from({ length: contestantCount }, (_, i) => ({
      id: `c${i + 1}`,
      provider: 'embedded',
      model: `model-${i + 1}`,
      lane: 'local',
      sampling: {},
    })),
  } as BattleInput;
}

interface Viewer {
  ws: WebSocket;
  frames: number;
  tokens: number;
  /** resolves when the battle-end frame arrives */
  ended: Promise<void>;
  closed: Promise<number>;
}

interface Tally {
  wire: number[];
  e2e: number[];
  frames: number;
  messages: number;
  invalid: number;
}

function connectViewer(
  url: string,
  batch: boolean,
  tally: Tally,
  sentAt: Map<string, number>,
  createdAt: Map<string, number>,
) {
  return new Promise<Viewer>((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: values.deflate });
    let closedResolve: (code: number) => void = () => {};
    let endedResolve: () => void = () => {};
    const viewer: Viewer = {
      ws,
      frames: 0,
      tokens: 0,
      ended: new Promise<void>((r) => {
        endedResolve = r;
      }),
      closed: new Promise<number>((r) => {
        closedResolve = r;
      }),
    };
    ws.on('close', (code) => {
      closedResolve(code);
      // Before its snapshot, a close means the connection failed (e.g. the worker reloaded).
      if (viewer.frames === 0) reject(new Error(`viewer closed with ${code} before its snapshot`));
    });
    ws.on('error', reject);
    setTimeout(() => reject(new Error('no snapshot within 30 s')), 30_000).unref();
    ws.on('message', (data) => {
      const now = performance.now();
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        parsed = undefined;
      }
      const frames = batch ? FrameKeys.safeParse(parsed) : FrameKey.safeParse(parsed);
      if (!frames.success) {
        tally.invalid++;
        return;
      }
      tally.messages++;
      for (const frame of Array.isArray(frames.data) ? frames.data : [frames.data]) {
        viewer.frames++;
        tally.frames++;
        if (frame.type === 'battle-snapshot' && viewer.frames === 1) resolve(viewer);
        if (frame.type === 'battle-end') endedResolve();
        if (frame.type !== 'token-delta') continue;
        viewer.tokens += frame.tokens ?? 0;
        const k = key(frame.contestantId, frame.seq);
        const sent = sentAt.get(k);
        const created = createdAt.get(k);
        if (sent !== undefined) tally.wire.push(now - sent);
        if (created !== undefined) tally.e2e.push(now - created);
      }
    });
  });
}

async function publishOnce(token: string, battleId: string, events: BattleEvent[]) {
  const res = await fetch(`${base}/api/battles/${battleId}/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(events),
  });
  if (res.status !== 200) throw new Error(`publish: HTTP ${res.status} ${await res.text()}`);
}

/** Resolves with `p`, or with `fallback` after `ms`: a guard so a lost close cannot hang the bench. */
function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([p, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);
}

async function run(n: number, mode: string, token: string, workerPid: number) {
  const batch = mode === 'batch';
  const battleId = `fanout-${Date.now().toString(36)}-${n}`;
  const put = await fetch(`${base}/api/battles/${battleId}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(makeBattle(battleId)),
  });
  if (put.status !== 201) throw new Error(`PUT battle: HTTP ${put.status} ${await put.text()}`);
  const battle = makeBattle(battleId);
  const at = () => new Date().toISOString();
  const slot = (c: string) => ({ battleId, contestantId: c, taskId: 't1', repeat: 0 });
  await publishOnce(token, battleId, [
    {
      type: 'battle-start',
      battleId,
      at: at(),
      title: battle.title,
      battleType: 'qa',
      contestants: battle.contestants.map((c) => ({ ...c, sampling: {} })),
      tasks: [{ id: 't1', prompt: 'Write a long poem about the sea.' }],
    },
    ...battle.contestants.map((c): BattleEvent => ({ type: 'contestant-start', ...slot(c.id), at: at() })),
  ]);

  const load = loadavg()[0] ?? 0;
  const rssBefore = workerdRssMiB(workerPid);
  const tally: Tally = { wire: [], e2e: [], frames: 0, messages: 0, invalid: 0 };
  const sentAt = new Map<string, number>();
  const createdAt = new Map<string, number>();
  const url = `ws://127.0.0.1:${port}/api/battles/${battleId}/live${batch ? '?batch=1' : ''}`;
  const viewers: Viewer[] = [];
  const connectStart = performance.now();
  for (let i = 0; i < n; i += 100) {
    const chunk = Array.from({ length: Math.min(100, n - i) }, () =>
      connectViewer(url, batch, tally, sentAt, createdAt),
    );
    viewers.push(...(await Promise.all(chunk)));
  }
  const connectMs = performance.now() - connectStart;
  const compression = viewers[0]?.ws.extensions || 'none';
  const rssConnected = workerdRssMiB(workerPid);
  tally.frames = 0;
  tally.messages = 0;

  // The publisher under test, with a fetch that notes when each frame left.
  const Sent = z.array(
    z.object({ type: z.string(), contestantId: z.string().optional(), seq: z.number().optional() }),
  );
  const postMs: number[] = [];
  const serverPhases = new Map<string, number[]>();
  const timedFetch: PublishFetch = async (u, init) => {
    const t = performance.now();
    for (const e of Sent.parse(JSON.parse(init.body))) {
      const k = key(e.contestantId, e.seq);
      if (e.type === 'token-delta' && !sentAt.has(k)) sentAt.set(k, t);
    }
    const res = await fetch(u, init);
    const text = await res.text();
    postMs.push(performance.now() - t);
    for (const part of (res.headers.get('server-timing') ?? '').split(',')) {
      const m = /^\s*([\w-]+);dur=([\d.]+)/.exec(part);
      if (m?.[1]) serverPhases.set(m[1], [...(serverPhases.get(m[1]) ?? []), Number(m[2])]);
    }
    return { status: res.status, text: async () => text };
  };
  const errors: string[] = [];
  const pub = createLivePublisher({
    baseUrl: base,
    token,
    battleId,
    fetch: timedFetch,
    flushMs,
    onError: (e) => errors.push(e.message),
  });

  // Each contestant's coalescer emits every 50 ms, staggered, with the tokens due by then.
  let published = 0;
  const tokensOf = new Map<string, number>();
  const t0 = performance.now();
  const cpu0 = workerdCpuSeconds(workerPid);
  const benchCpu0 = process.cpuUsage();
  const timers: ReturnType<typeof setInterval>[] = [];
  let rssPeak = rssConnected;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, workerdRssMiB(workerPid));
  }, 500);
  await new Promise<void>((resolve) => {
    battle.contestants.forEach((c, i) => {
      let seq = 0;
      let sentTokens = 0;
      const stagger = setTimeout(
        () => {
          timers.push(
            setInterval(() => {
              const now = performance.now();
              const due = Math.floor(((now - t0) / 1000) * tps);
              const count = due - sentTokens;
              if (count <= 0) return;
              const words = Array.from({ length: count }, (_, k) => `w${sentTokens + k} `);
              const e: BattleEvent = {
                type: 'token-delta',
                ...slot(c.id),
                at: at(),
                seq,
                text: words.join(''),
                offsetsMs: words.map((_, k) => ((sentTokens + k + 1) * 1000) / tps),
                chars: words.map((w) => w.length),
                tokens: count,
              };
              createdAt.set(key(c.id, seq), now);
              seq++;
              sentTokens = due;
              published += count;
              tokensOf.set(c.id, due);
              pub.publish(e);
            }, 50),
          );
        },
        (50 / battle.contestants.length) * i,
      );
      timers.push(stagger);
    });
    setTimeout(resolve, seconds * 1000);
  });
  for (const t of timers) clearInterval(t);
  const streamSeconds = (performance.now() - t0) / 1000;
  const workerdCpu = workerdCpuSeconds(workerPid) - cpu0;
  const benchCpuUs = process.cpuUsage(benchCpu0);
  const benchCpu = (benchCpuUs.user + benchCpuUs.system) / 1e6;
  const framesDuringStream = tally.frames;
  const messagesDuringStream = tally.messages;
  clearInterval(sampler);

  for (const c of battle.contestants) {
    pub.publish({
      type: 'result-end',
      ...slot(c.id),
      at: at(),
      status: 'ok',
      metrics: {
        ttftMs: 20,
        e2eMs: seconds * 1000,
        tpotMs: 1000 / tps,
        itlMs: null,
        decodeTpsClient: tps,
        decodeTpsServer: null,
        promptTokens: 10,
        outputTokens: tokensOf.get(c.id) ?? 0,
        outputTokensSource: 'chunks',
        loadMs: null,
        costUsd: null,
      },
      error: null,
    });
  }
  pub.publish({ type: 'battle-end', battleId, at: at(), state: 'done' });
  const endStart = performance.now();
  await pub.close();
  await Promise.all(viewers.map((v) => within(v.ended, 30_000, undefined)));
  const endMs = performance.now() - endStart;
  const codes = await Promise.all(viewers.map((v) => within(v.closed, 30_000, -1)));
  const closeMs = performance.now() - endStart;
  for (const v of viewers) if (v.ws.readyState === WebSocket.OPEN) v.ws.terminate();
  const rssAfter = workerdRssMiB(workerPid);

  const wire = summarize(tally.wire);
  const e2e = summarize(tally.e2e);
  const post = summarize(postMs);
  const complete = viewers.filter((v) => v.tokens === published).length;
  const stats = pub.stats();
  console.log(
    `\n${n} viewers (${batch ? 'batch mode: one message per batch' : 'one message per frame'}), ${contestantCount} contestants × ${tps} tok/s, ${fmt(streamSeconds, 1)} s (1-min load average ${fmt(load, 2)} on ${availableParallelism()} cores at the start)`,
  );
  console.log(
    `  connected in ${fmt(connectMs / 1000, 2)} s; every viewer got its snapshot first; WebSocket extensions negotiated: ${compression}`,
  );
  console.log(
    `  latency publisher → viewer, wire (batch sent → frame received) ms: p50 ${fmt(wire?.p50)} p95 ${fmt(wire?.p95)} p99 ${fmt(wire?.p99)} max ${fmt(wire?.max)} (${wire?.count ?? 0} frames)`,
  );
  console.log(
    `  latency end to end (frame created → received, includes ${flushMs} ms batching) ms: p50 ${fmt(e2e?.p50)} p95 ${fmt(e2e?.p95)} p99 ${fmt(e2e?.p99)}`,
  );
  console.log(
    `  delivered ${fmt(framesDuringStream / streamSeconds, 0)} frames/s in ${fmt(messagesDuringStream / streamSeconds, 0)} messages/s to all viewers (${fmt(framesDuringStream / streamSeconds / n, 1)} frames/s per viewer); ${complete}/${n} viewers got all ${published} tokens; ${tally.invalid} invalid messages`,
  );
  const phases = [...serverPhases].map(([name, xs]) => `${name} ${fmt(summarize(xs)?.p50)}`).join(' · ');
  console.log(
    `  publisher: ${stats.requests} POSTs (p50 ${fmt(post?.p50)} ms, p95 ${fmt(post?.p95)} ms; worker phases, median ms: ${phases}), ${stats.sent} events sent, ${stats.dropped} dropped${errors.length ? `, errors: ${errors.slice(0, 3).join('; ')}` : ''}`,
  );
  console.log(
    `  battle-end reached every viewer ${fmt(endMs, 0)} ms after it was published; ${codes.filter((c) => c === 1000).length}/${n} close events with 1000 after ${fmt(closeMs, 0)} ms (the close frame comes at once; local workerd ends the TCP connection of a hibernatable socket ~10 s later)`,
  );
  console.log(
    `  CPU while streaming: workerd ${fmt((100 * workerdCpu) / streamSeconds, 0)}% of one core (${fmt((workerdCpu * 1e6) / Math.max(messagesDuringStream, 1), 0)} µs per message delivered), this bench process (publisher + ${n} viewers) ${fmt((100 * benchCpu) / streamSeconds, 0)}%`,
  );
  console.log(
    `  workerd RSS MiB: before viewers ${fmt(rssBefore, 0)}, ${n} connected ${fmt(rssConnected, 0)}, peak while streaming ${fmt(rssPeak, 0)}, after close ${fmt(rssAfter, 0)}`,
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
  // Reading wrangler's output keeps its pipe from filling (one log line per request) and shows
  // when it reloads the worker because a source file changed: that drops every socket.
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
