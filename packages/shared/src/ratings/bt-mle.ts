/**
 * Bradley–Terry maximum likelihood, FastChat's `compute_bt` objective (PRODUCT §6): minimise
 * −Σ w·[s·ln p + (1−s)·ln(1−p)] with p = σ(u_A − u_B) in natural-log-odds units u = ln(base)·θ,
 * ties as s = 0.5, no intercept, no regularisation. Rows are first summed into a win matrix.
 *
 * Solved by Newton's method rather than FastChat's L-BFGS: the Hessian is only models × models,
 * so an exact Newton step costs O(m²) to build plus O(m³/6) to factor, and the loss is convex,
 * so it converges quadratically (about six steps from zero, two or three from a warm start) to
 * the optimum at machine precision. The Hessian is singular along u + c·1 (only differences
 * matter); we factor H + c·11ᵀ instead, whose solution is the Newton step with Σ d = 0, because
 * the gradient always sums to zero.
 */
import { type Anchor, type RatingScale, ratingScaleOf, ratingsFromLogits, resolveAnchor } from './anchor.ts';
import { choleskySolve } from './cholesky.ts';
import type { PairOutcome } from './pairs.ts';
import { type WinMatrix, winMatrixFromPairs } from './win-matrix.ts';

export type BtSolveOptions = {
  /** Stop once the largest Newton step is below this, in log-odds (1e-9 ≈ 2e-7 rating points). */
  tolerance?: number;
  maxIterations?: number;
};

export type BtSolution = {
  /** Natural-log-odds strengths. Only differences are identified; a cold start has mean 0. */
  logits: Float64Array;
  iterations: number;
  /**
   * False when the step never fell below the tolerance. That happens when the MLE does not exist:
   * a model that won (or lost) every comparison drifts off by about one logit a step.
   */
  converged: boolean;
  maxAbsGradient: number;
  negLogLikelihood: number;
};

const ARMIJO = 1e-4;
const ROUNDING = 64 * Number.EPSILON;

/** Pairs (i < j) that met at least once, with the points i scored and the games played. */
type Edges = { i: Int32Array; j: Int32Array; wij: Float64Array; nij: Float64Array; count: number };

function edgesOf(m: number, wins: Float64Array): Edges {
  const cap = (m * (m - 1)) / 2;
  const e: Edges = {
    i: new Int32Array(cap),
    j: new Int32Array(cap),
    wij: new Float64Array(cap),
    nij: new Float64Array(cap),
    count: 0,
  };
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const wij = wins[i * m + j] as number;
      const n = wij + (wins[j * m + i] as number);
      if (n <= 0) continue;
      e.i[e.count] = i;
      e.j[e.count] = j;
      e.wij[e.count] = wij;
      e.nij[e.count] = n;
      e.count++;
    }
  }
  return e;
}

/** ln σ(x), without overflow for large |x|. */
function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

function negLogLikelihood(e: Edges, u: Float64Array): number {
  let f = 0;
  for (let k = 0; k < e.count; k++) {
    const x = (u[e.i[k] as number] as number) - (u[e.j[k] as number] as number);
    const w = e.wij[k] as number;
    // ln(1 − σ(x)) = ln σ(−x)
    f -= w * logSigmoid(x) + ((e.nij[k] as number) - w) * logSigmoid(-x);
  }
  return f;
}

/** Fills g (length m) and, when given, the Hessian h (m², cleared first). Returns max |g|. */
function gradient(e: Edges, u: Float64Array, g: Float64Array, h?: Float64Array): number {
  const m = g.length;
  g.fill(0);
  h?.fill(0);
  for (let k = 0; k < e.count; k++) {
    const i = e.i[k] as number;
    const j = e.j[k] as number;
    const n = e.nij[k] as number;
    const p = 1 / (1 + Math.exp((u[j] as number) - (u[i] as number)));
    const r = n * p - (e.wij[k] as number);
    g[i] += r;
    g[j] -= r;
    if (h !== undefined) {
      const c = n * p * (1 - p);
      h[i * m + i] += c;
      h[j * m + j] += c;
      h[i * m + j] -= c;
      h[j * m + i] -= c;
    }
  }
  let max = 0;
  for (let i = 0; i < m; i++) max = Math.max(max, Math.abs(g[i] as number));
  return max;
}

/** Newton direction d solving (H + c·11ᵀ)·d = −g; adds damping if H is singular (disconnected data). */
function newtonStep(m: number, h: Float64Array, g: Float64Array, d: Float64Array, a: Float64Array): void {
  let trace = 0;
  for (let i = 0; i < m; i++) trace += h[i * m + i] as number;
  const c = trace > 0 ? trace / m : 1;
  const rhs = g.map((x) => -x);
  for (let damping = 0; ; damping = damping === 0 ? 1e-12 * c : damping * 100) {
    for (let k = 0; k < m * m; k++) a[k] = (h[k] as number) + c;
    for (let i = 0; i < m; i++) a[i * m + i] += damping;
    if (choleskySolve(a, m, rhs, d)) return;
    if (damping > c)
      throw new Error('Bradley–Terry Newton step failed: Hessian is not positive semi-definite');
  }
}

/**
 * Minimises the Bradley–Terry loss for an m×m win matrix, starting from `start` (a warm start,
 * e.g. the full fit for bootstrap rounds) or zeros.
 */
export function solveBtLogits(
  m: number,
  wins: Float64Array,
  start?: ArrayLike<number>,
  { tolerance = 1e-9, maxIterations = 100 }: BtSolveOptions = {},
): BtSolution {
  const e = edgesOf(m, wins);
  const u = start === undefined ? new Float64Array(m) : Float64Array.from(start);
  const g = new Float64Array(m);
  const h = new Float64Array(m * m);
  const a = new Float64Array(m * m);
  const d = new Float64Array(m);
  const trial = new Float64Array(m);
  let f = negLogLikelihood(e, u);
  let iterations = 0;
  let converged = e.count === 0;

  while (!converged && iterations < maxIterations) {
    const maxGrad = gradient(e, u, g, h);
    if (maxGrad === 0) {
      converged = true;
      break;
    }
    newtonStep(m, h, g, d, a);
    iterations++;
    let maxStep = 0;
    for (let i = 0; i < m; i++) maxStep = Math.max(maxStep, Math.abs(d[i] as number));
    if (maxStep <= tolerance) {
      // Inside the quadratic region a full step is safe, and comparing losses that differ in
      // the 16th digit would only measure rounding.
      for (let i = 0; i < m; i++) u[i] += d[i] as number;
      converged = true;
      break;
    }
    let slope = 0;
    for (let i = 0; i < m; i++) slope += (g[i] as number) * (d[i] as number);
    let t = 1;
    let ft = f;
    for (; t > 1e-10; t /= 2) {
      for (let i = 0; i < m; i++) trial[i] = (u[i] as number) + t * (d[i] as number);
      ft = negLogLikelihood(e, trial);
      // The second test accepts a change lost in rounding: near the optimum a step that still
      // moves u by ~1e-8 changes a loss of thousands by less than its last bits.
      if (ft <= f + ARMIJO * t * slope || ft - f <= ROUNDING * Math.abs(f)) break;
    }
    if (t <= 1e-10) break; // no descent possible: rounding floor reached
    u.set(trial);
    f = ft;
  }
  const maxAbsGradient = gradient(e, u, g);
  return { logits: u, iterations, converged, maxAbsGradient, negLogLikelihood: negLogLikelihood(e, u) };
}

export type BtOptions = Partial<RatingScale> & BtSolveOptions & { anchor?: Anchor };

export type BtFit = {
  models: string[];
  ratings: Record<string, number>;
  /** The anchor model actually applied, or null for the mean (also when the asked-for model is absent). */
  anchorModel: string | null;
} & BtSolution;

/** Fits Bradley–Terry ratings to pairs or to an already aggregated win matrix. */
export function fitBradleyTerry(data: readonly PairOutcome[] | WinMatrix, opts: BtOptions = {}): BtFit {
  const matrix = Array.isArray(data) ? winMatrixFromPairs(data) : (data as WinMatrix);
  const scale = ratingScaleOf(opts);
  const { models } = matrix;
  const solution = solveBtLogits(models.length, matrix.wins, undefined, opts);
  const anchor = resolveAnchor(models, opts.anchor ?? 'mean', scale);
  const values = ratingsFromLogits(solution.logits, anchor, scale);
  const ratings: Record<string, number> = {};
  models.forEach((model, i) => {
    ratings[model] = values[i] as number;
  });
  return { models, ratings, anchorModel: anchor.model, ...solution };
}
