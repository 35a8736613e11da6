/**
 * Scoring benchmark: `npm run bench:scoring`. Times scoring 1,000 results with the pure checks of
 * the built-in suite, then sandboxed executions per second for a small Python and a small
 * JavaScript task (hidden tests under bubblewrap, 2 at a time on a 2-core machine), and sets both
 * beside the time a model takes per task (measured on the embedded tiny model, and the typical
 * figure for a 7B model on a GPU).
 */
import { availableParallelism, loadavg } from 'node:os';
import { runSlot } from '../apps/runner/src/battle/run-slot.ts';
import { ensureTinyModel } from '../apps/runner/src/gguf/ensure-tiny-model.ts';
import { createEmbeddedProvider } from '../apps/runner/src/providers/embedded.ts';
import { runHiddenTests } from '../apps/runner/src/sandbox/hidden-tests.ts';
import { createSandbox } from '../apps/runner/src/sandbox/sandbox.ts';
import { resolveCheck } from '../apps/runner/src/scoring/checks/registry.ts';
import { scoreResult } from '../apps/runner/src/scoring/score-result.ts';
import { loadSuite } from '../apps/runner/src/suites/load-suite.ts';
import { type Result, summarize, type Task } from '../packages/shared/src/index.ts';

const RESULTS = 1_000;
const SANDBOX_RUNS = 40;
const PARALLEL = 2;
const TINY_RUNS = 5;
const TYPICAL_7B_GPU_S = '2–10';

const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

function resultFor(task: Task, i: number): Result {
  // half the answers are the reference, half a wrong answer, so both pass and fail paths run
  const text = i % 2 === 0 ? (task.reference ?? 'x') : `I am not sure. ${'filler words '.repeat(i % 40)}`;
  return {
    id: `r${i}`,
    battleId: 'bench',
    contestantId: `c${i % 4}`,
    taskId: task.id,
    repeat: 0,
    status: 'ok',
    output: { text },
    metrics: {
      ttftMs: 80 + (i % 50),
      e2eMs: 900 + (i % 700),
      tpotMs: null,
      itlMs: null,
      decodeTpsClient: null,
      decodeTpsServer: null,
      promptTokens: 40,
      outputTokens: 30 + (i % 300),
      outputTokensSource: 'usage',
      loadMs: null,
      costUsd: null,
    },
    chunks: null,
    server: null,
    score: null,
    passed: null,
    evaluations: [],
    telemetry: null,
    fingerprint: null,
    error: null,
    startedAt: '2026-11-22T00:00:00.000Z',
    endedAt: null,
  };
}

async function pureScoring(tasks: Task[]) {
  // the pure checks only: no javascript predicates, no hidden tests
  const pure = tasks
    .map((t) => ({
      ...t,
      tests: undefined,
      assertions: t.assertions.filter((a) => resolveCheck(a.type).check.kind === 'pure'),
    }))
    .filter((t) => t.assertions.length > 0);
  const results = Array.from({ length: RESULTS }, (_, i) => ({
    task: pure[i % pure.length]!,
    result: resultFor(pure[i % pure.length]!, i),
  }));
  const checks = results.reduce((n, r) => n + r.task.assertions.length, 0);
  for (const { task, result } of results.slice(0, 50)) await scoreResult(task, result); // warm-up, compiles
  const runs: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    for (const { task, result } of results) await scoreResult(task, result);
    runs.push(performance.now() - t0);
  }
  const best = Math.min(...runs);
  console.log(`pure checks: ${RESULTS} results (${checks} checks over ${pure.length} tasks)`);
  console.log(`  best of 5: ${ms(best)} total, ${((best * 1000) / RESULTS).toFixed(1)} µs per result`);
  return best / RESULTS;
}

async function sandboxRate(tasks: Task[], id: string) {
  const task = tasks.find((t) => t.id === id)!;
  const sandbox = await createSandbox({ concurrency: PARALLEL });
  if (!sandbox.available) throw new Error(`sandbox unavailable: ${sandbox.unavailableReason}`);
  const input = { language: task.tests!.language, answer: task.reference!, tests: task.tests!.code };
  await runHiddenTests(sandbox, input); // warm-up (page cache)
  const durations: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: SANDBOX_RUNS }, async () => {
      const run = await runHiddenTests(sandbox, input);
      if (run.reason !== 'ok') throw new Error(`${id}: ${run.reason} ${run.message}`);
      durations.push(run.durationMs ?? 0);
    }),
  );
  const wall = performance.now() - t0;
  await sandbox.close();
  const s = summarize(durations)!;
  const perSecond = (SANDBOX_RUNS * 1000) / wall;
  console.log(
    `sandbox ${task.tests!.language.padEnd(10)} ${id}: ${perSecond.toFixed(1)} runs/s (${SANDBOX_RUNS} runs, ${PARALLEL} at a time); ` +
      `one run p50 ${ms(s.p50)}, p95 ${ms(s.p95)}`,
  );
  return { perSecond, p50: s.p50 };
}

async function tinyModel() {
  const provider = createEmbeddedProvider({
    models: { tiny: await ensureTinyModel() },
    gpu: false,
    threads: 1,
  });
  const task: Task = {
    id: 'bench',
    category: 'other',
    prompt: 'Write a short story about a lighthouse.',
    assertions: [],
  };
  const e2e: number[] = [];
  try {
    for (let i = 0; i <= TINY_RUNS; i++) {
      const result = await runSlot(
        {
          resultId: `tiny${i}`,
          battleId: 'bench',
          contestant: {
            id: 'tiny',
            provider: 'embedded',
            model: 'tiny',
            lane: 'local',
            sampling: { maxTokens: 64, seed: i },
          },
          task,
          repeat: 0,
        },
        { provider, model: 'tiny', timeouts: { connectMs: 30_000, firstTokenMs: 30_000, totalMs: 60_000 } },
      );
      if (i > 0 && result.metrics.e2eMs !== null) e2e.push(result.metrics.e2eMs); // run 0 loads the model
    }
  } finally {
    await provider.close?.();
  }
  const s = summarize(e2e)!;
  console.log(`embedded tiny model: 64 tokens in ${ms(s.p50)} (median of ${TINY_RUNS})`);
  return s.p50;
}

console.log(
  `bench:scoring — ${availableParallelism()} CPUs, load ${loadavg()[0]!.toFixed(2)}, Node ${process.version}\n`,
);
const suite = await loadSuite('builtin');
const perResultMs = await pureScoring(suite.tasks);
const python = await sandboxRate(suite.tasks, 'py-fizzbuzz');
const js = await sandboxRate(suite.tasks, 'js-flatten');
const tinyMs = await tinyModel();

console.log('\nper task, one contestant:');
console.log(`  pure checks              ${ms(perResultMs)}`);
console.log(
  `  hidden tests, Python     ${ms(python.p50)} latency; ${python.perSecond.toFixed(1)}/s throughput`,
);
console.log(`  hidden tests, JavaScript ${ms(js.p50)} latency; ${js.perSecond.toFixed(1)}/s throughput`);
console.log(`  tiny embedded model      ${ms(tinyMs)} for 64 tokens`);
console.log(
  `  7B model on a GPU        ${TYPICAL_7B_GPU_S} s for a few hundred tokens (typical, not measured here)`,
);
const slowest = Math.max(python.p50, js.p50);
console.log(
  `\nA code task's sandbox run (${ms(slowest)}) is ${(slowest / tinyMs).toFixed(1)}× the tiny model's answer time and ` +
    `${((slowest / 2000) * 100).toFixed(1)}% of a 2 s real-model answer. With a real model the sandbox is not the ` +
    "bottleneck, more so when a result is scored while the next contestant generates (the orchestrator's choice).",
);
