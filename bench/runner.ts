/**
 * `npm run bench:runner`: how close the runner's measurements are to the truth. A server in a
 * child process streams tokens at an exact cadence and records when it sent each one; the runner
 * measures the same stream through its real path (openai-compatible provider + runSlot). Prints
 * TTFT error and decode tok/s error (p50/p95) against the truth, and the runner's own CPU time
 * per 1,000 tokens and as a share of one core.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { Contestant } from '@ringside/shared';
import { decodeChunkArrivals, summarize } from '@ringside/shared';
import { runSlot } from '../apps/runner/src/battle/run-slot.ts';
import { createOpenAiCompatibleProvider } from '../apps/runner/src/providers/openai-compatible.ts';

const epochNow = () => performance.timeOrigin + performance.now();

async function startServer(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'runner-server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
  );
  return { port, stop: () => child.kill() };
}

interface Case {
  name: string;
  ttft: number;
  gap: number;
  tokens: number;
  runs: number;
}

const cases: Case[] = [
  { name: '50 ms TTFT, 200 tok/s (5 ms gap)', ttft: 50, gap: 5, tokens: 200, runs: 8 },
  { name: '20 ms TTFT, 1,000 tok/s (1 ms gap)', ttft: 20, gap: 1, tokens: 1000, runs: 8 },
  { name: '200 ms TTFT, 50 tok/s (20 ms gap)', ttft: 200, gap: 20, tokens: 60, runs: 4 },
];

/**
 * The floor: the same 1,000-token stream read from a bare TCP socket (no HTTP, no parsing), to
 * show what 1,000 event-loop wake-ups a second cost on this machine before the runner does anything.
 */
async function bareSocketCpu(port: number, c: Case): Promise<number> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  socket.write(
    `POST /c/${c.ttft}/${c.gap}/${c.tokens}/v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
  );
  socket.resume();
  await new Promise((resolve) => socket.once('close', resolve));
  const cpu = process.cpuUsage(cpu0);
  return ((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100;
}

const f = (n: number | null | undefined, d = 3) => (n === null || n === undefined ? '-' : n.toFixed(d));

async function main() {
  const server = await startServer();
  const contestant: Contestant = {
    id: 'c1',
    provider: 'bench',
    model: 'cadence',
    lane: 'local',
    sampling: {},
  };
  try {
    for (const c of cases) {
      // The real provider with its default undici fetch; the cadence travels in the base URL's path.
      const target = createOpenAiCompatibleProvider({
        id: 'bench',
        lane: 'local',
        baseUrl: `http://127.0.0.1:${server.port}/c/${c.ttft}/${c.gap}/${c.tokens}`,
      });
      const ttftErr: number[] = [];
      const tpsErrPct: number[] = [];
      let cpuUs = 0;
      let wallMs = 0;
      let tokens = 0;
      for (let run = 0; run < c.runs + 1; run++) {
        const startEpoch = epochNow();
        const startPerf = performance.now();
        const cpu0 = process.cpuUsage();
        const r = await runSlot(
          {
            resultId: 'r',
            battleId: 'b',
            contestant,
            task: { id: 't', category: 'other', prompt: 'go', assertions: [] },
            repeat: 0,
          },
          {
            provider: target,
            model: 'cadence',
            timeouts: { connectMs: 10_000, firstTokenMs: 10_000, totalMs: 60_000 },
          },
        );
        const cpu = process.cpuUsage(cpu0);
        const elapsed = performance.now() - startPerf;
        const truth = (await fetch(`http://127.0.0.1:${server.port}/truth`).then((x) =>
          x.json(),
        )) as number[];
        if (run === 0) continue; // warm-up: connection setup and JIT
        if (r.status !== 'ok') throw new Error(`run failed: ${JSON.stringify(r.error)}`);
        const arrivals = decodeChunkArrivals(r.chunks!);
        // The request was sent at startEpoch (the slot takes t0 right before sending); the truth's
        // TTFT is the server's send time of the first token minus that instant.
        const t0Epoch = startEpoch + ((r.metrics.ttftMs ?? 0) - (arrivals[0] ?? 0));
        const trueTtft = truth[0]! - t0Epoch;
        ttftErr.push(Math.abs(r.metrics.ttftMs! - trueTtft));
        const trueTps = ((truth.length - 1) * 1000) / (truth.at(-1)! - truth[0]!);
        tpsErrPct.push((Math.abs(r.metrics.decodeTpsClient! - trueTps) / trueTps) * 100);
        cpuUs += cpu.user + cpu.system;
        wallMs += elapsed;
        tokens += r.metrics.outputTokens ?? 0;
      }
      const te = summarize(ttftErr)!;
      const pe = summarize(tpsErrPct)!;
      const cpuMsPer1k = cpuUs / 1000 / (tokens / 1000);
      const corePct = (cpuUs / 1000 / wallMs) * 100;
      console.log(`${c.name} — ${c.runs} runs of ${c.tokens} tokens`);
      console.log(
        `  TTFT error ms      p50 ${f(te.p50)}  p95 ${f(te.p95)}  max ${f(te.max)}   (target p95 < 1 ms: ${te.p95 < 1 ? 'met' : 'NOT met'})`,
      );
      console.log(
        `  decode tok/s error p50 ${f(pe.p50, 3)}%  p95 ${f(pe.p95, 3)}%  max ${f(pe.max, 3)}%   (target < 1 %: ${pe.max < 1 ? 'met' : 'NOT met'})`,
      );
      console.log(
        `  runner CPU         ${f(cpuMsPer1k, 1)} ms per 1,000 tokens, ${f(corePct, 2)} % of one core while streaming${c.gap === 1 ? `   (target < 5 % at 1,000 tok/s: ${corePct < 5 ? 'met' : 'NOT met'})` : ''}`,
      );
      if (c.gap === 1) {
        const floors = [];
        for (let i = 0; i < 3; i++) floors.push(await bareSocketCpu(server.port, c));
        console.log(
          `  reference floor    a bare socket read of the same stream (no HTTP, no parsing): ${f(summarize(floors)!.p50, 2)} % of one core`,
        );
      }
    }
  } finally {
    server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
