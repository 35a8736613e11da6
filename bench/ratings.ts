/**
 * Rating maths benchmark: `npm run bench:ratings`. Times the Bradley–Terry MLE and a 500-round
 * by-battle bootstrap on 100,000 synthetic pairwise outcomes over 40 models, single-threaded,
 * beside FastChat's timings on data of that size on this machine, then re-checks agreement with
 * the FastChat fixture in packages/shared/src/ratings/__fixtures__.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { z } from 'zod';
import {
  bootstrapRatings,
  createRng,
  fitBradleyTerry,
  onlineElo,
  type PairOutcome,
  pairsFromScores,
  parsePairLines,
  type Rng,
} from '../packages/shared/src/ratings/index.ts';

const ROWS = 100_000;
const MODELS = 40;
const SEED = 20_251_122;
const MLE_RUNS = 7;
const BOOTSTRAP_RUNS = 3;
// FastChat (Python, scipy) on data of this size on this machine, as measured for the brief.
const FASTCHAT_MLE_S = 0.25;
const FASTCHAT_BOOTSTRAP_S = 3.4;

/**
 * Battles of 2–4 distinct contestants. Gumbel noise on each true log-strength makes every pair
 * follow Bradley–Terry; rounding scores to half a logit makes ties. Stops at exactly ROWS pairs.
 */
function syntheticPairs(rng: Rng): { pairs: PairOutcome[]; battles: number; truth: number[] } {
  const truth = Array.from({ length: MODELS }, (_, i) => 750 + (500 * i) / (MODELS - 1));
  const strength = truth.map((r) => ((r - 1000) * Math.LN10) / 400);
  const pairs: PairOutcome[] = [];
  let battles = 0;
  while (pairs.length < ROWS) {
    let k = 2 + rng.int(3);
    if ((k * (k - 1)) / 2 > ROWS - pairs.length) k = 2;
    const pool = Array.from({ length: MODELS }, (_, i) => i);
    const contestants = [];
    for (let c = 0; c < k; c++) {
      const pick = c + rng.int(MODELS - c);
      [pool[c], pool[pick]] = [pool[pick] as number, pool[c] as number];
      const model = pool[c] as number;
      const gumbel = -Math.log(-Math.log(1 - rng.float()));
      const score = Math.round(2 * ((strength[model] as number) + gumbel));
      contestants.push({ key: `model-${String(model).padStart(2, '0')}`, score });
    }
    pairs.push(...pairsFromScores(`syn-${battles++}`, contestants));
  }
  return { pairs, battles, truth };
}

type Timing<T> = { wallMs: number; cpuMs: number; value: T };

function time<T>(run: () => T): Timing<T> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

/** Runs once to warm the JIT, then `runs` times; returns the run with the median wall time. */
function medianRun<T>(runs: number, run: () => T): Timing<T> & { all: number[] } {
  run();
  const timings = Array.from({ length: runs }, () => time(run)).sort((a, b) => a.wallMs - b.wallMs);
  const mid = timings[Math.floor(runs / 2)] as Timing<T>;
  return { ...mid, all: timings.map((t) => t.wallMs) };
}

function maxAbsDiff(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number {
  return Math.max(...Object.keys(b).map((k) => Math.abs((a[k] ?? Number.NaN) - (b[k] as number))));
}

type Interval = { median: number; q025: number; q975: number };

function intervalDiffs(ours: Record<string, Interval>, ref: Record<string, Interval>): string {
  let median = 0;
  let bounds = 0;
  for (const [model, r] of Object.entries(ref)) {
    const o = ours[model];
    if (o === undefined) throw new Error(`missing ${model}`);
    median = Math.max(median, Math.abs(o.median - r.median));
    bounds = Math.max(bounds, Math.abs(o.q025 - r.q025), Math.abs(o.q975 - r.q975));
  }
  return `median ${median.toFixed(2)}, bounds ${bounds.toFixed(2)}`;
}

const Ratings = z.record(z.string(), z.number());
const Intervals = z.record(z.string(), z.object({ median: z.number(), q025: z.number(), q975: z.number() }));
const ExpectedSchema = z.object({
  mle: z.object({ ratings: Ratings, ratings_mean1000: Ratings }),
  elo_online: z.object({ ratings: Ratings }),
  bootstrap: z.object({ anchored: Intervals }),
  bootstrap_by_battle: z.object({ anchored: Intervals, mean1000: Intervals }),
  crosscheck: z.object({ fully_converged_optimum: z.object({ ratings: Ratings }) }),
  timing_seconds: z.object({
    mle_compute_bt_median_of_3: z.number(),
    bootstrap_by_battle_fits_500_rounds: z.number(),
  }),
});

const sec = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const speedup = (fastchatS: number, ms: number) => `${((fastchatS * 1000) / ms).toFixed(1)}×`;
const row = (cells: string[]) =>
  console.log(cells.map((c, i) => (i === 0 ? c.padEnd(34) : c.padStart(14))).join(''));

console.log(`Ringside rating benchmark · Node ${process.version} · single thread`);
console.log(
  `load average at start: ${loadavg()[0]?.toFixed(2)} (other processes on this machine inflate wall time)`,
);
const { pairs, battles, truth } = syntheticPairs(createRng(SEED));
console.log(
  `data: ${pairs.length.toLocaleString('en')} pairwise outcomes, ${MODELS} models, ` +
    `${battles.toLocaleString('en')} battles of 2–4 contestants, seed ${SEED}\n`,
);

const mle = medianRun(MLE_RUNS, () => fitBradleyTerry(pairs));
const boot = medianRun(BOOTSTRAP_RUNS, () => bootstrapRatings(pairs, { rounds: 500, seed: 1 }));
const rowBoot = time(() => bootstrapRatings(pairs, { rounds: 500, seed: 1, resample: 'row' }));

row(['', 'Ringside wall', 'CPU', 'FastChat', 'speedup']);
row([
  `MLE (median of ${MLE_RUNS})`,
  sec(mle.wallMs),
  sec(mle.cpuMs),
  `${FASTCHAT_MLE_S.toFixed(3)} s`,
  speedup(FASTCHAT_MLE_S, mle.wallMs),
]);
row([
  `bootstrap 500, by battle (median ${BOOTSTRAP_RUNS})`,
  sec(boot.wallMs),
  sec(boot.cpuMs),
  `${FASTCHAT_BOOTSTRAP_S.toFixed(3)} s`,
  speedup(FASTCHAT_BOOTSTRAP_S, boot.wallMs),
]);
row(['bootstrap 500, by row (FastChat’s)', sec(rowBoot.wallMs), sec(rowBoot.cpuMs), '', '']);
console.log(`FastChat: Python + scipy L-BFGS; its bootstrap used 2 processes, ours 1 thread.`);
console.log(`MLE runs: ${mle.all.map((ms) => `${ms.toFixed(1)} ms`).join(', ')}`);
console.log(`bootstrap runs: ${boot.all.map(sec).join(', ')}`);

const fit = mle.value;
const fitted = fit.models.map((m) => fit.ratings[m] as number);
const rmse = Math.sqrt(fitted.reduce((s, r, i) => s + (r - (truth[i] as number)) ** 2, 0) / MODELS);
const widest = Math.max(...Object.values(boot.value.intervals).map((i) => i.q975 - i.q025));
console.log(
  `\nsanity: ${fit.iterations} Newton steps, max |gradient| ${fit.maxAbsGradient.toExponential(1)}; ` +
    `RMSE vs true ratings ${rmse.toFixed(1)} points; widest 95% interval ${widest.toFixed(1)} points; ` +
    `${boot.value.unconvergedRounds} unconverged rounds`,
);

const fixtureDir = new URL('../packages/shared/src/ratings/__fixtures__/', import.meta.url);
const fixture = parsePairLines(readFileSync(new URL('battles-public.jsonl', fixtureDir), 'utf8'));
const expected = ExpectedSchema.parse(
  JSON.parse(readFileSync(new URL('expected-public.json', fixtureDir), 'utf8')),
);
const anchor = { model: 'model-00' };
const anchoredFit = fitBradleyTerry(fixture, { anchor });
const fixtureBoot = medianRun(3, () => bootstrapRatings(fixture, { anchor }));
const fixtureMle = medianRun(7, () => fitBradleyTerry(fixture));

console.log(
  `\nFastChat fixture (${fixture.length.toLocaleString('en')} rows), max abs difference in rating points:`,
);
console.log(
  `  MLE anchored model-00 vs mle.ratings          ${maxAbsDiff(anchoredFit.ratings, expected.mle.ratings).toExponential(2)}`,
);
console.log(
  `  MLE mean 1000 vs mle.ratings_mean1000         ${maxAbsDiff(fixtureMle.value.ratings, expected.mle.ratings_mean1000).toExponential(2)}`,
);
console.log(
  `  MLE vs fully converged optimum                ${maxAbsDiff(anchoredFit.ratings, expected.crosscheck.fully_converged_optimum.ratings).toExponential(2)}`,
);
console.log(
  `  online Elo vs elo_online.ratings              ${maxAbsDiff(onlineElo(fixture), expected.elo_online.ratings).toExponential(2)}`,
);
console.log(
  `  bootstrap by battle vs bootstrap_by_battle, anchored: ${intervalDiffs(fixtureBoot.value.intervals, expected.bootstrap_by_battle.anchored)}` +
    ' (README: reseeding moves these by up to 2.9 / 5.9)',
);
console.log(
  `  bootstrap by battle vs bootstrap_by_battle, mean1000: ${intervalDiffs(bootstrapRatings(fixture).intervals, expected.bootstrap_by_battle.mean1000)}`,
);
console.log(
  `  bootstrap by row vs FastChat's bootstrap, anchored:   ${intervalDiffs(bootstrapRatings(fixture, { anchor, resample: 'row' }).intervals, expected.bootstrap.anchored)}`,
);
console.log(
  `  time on the fixture: MLE ${(fixtureMle.wallMs).toFixed(1)} ms (FastChat ${(expected.timing_seconds.mle_compute_bt_median_of_3 * 1000).toFixed(1)} ms), ` +
    `bootstrap by battle ${sec(fixtureBoot.wallMs)} (FastChat ${sec(expected.timing_seconds.bootstrap_by_battle_fits_500_rounds * 1000)})`,
);
