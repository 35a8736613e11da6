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
import { btLoss, type Edges, edgesOf, maxAbs } from './bt-loss.ts';
import { choleskyFactor, choleskySolveFactored } from './cholesky.ts';
import type { PairOutcome } from './pairs.ts';
import { type WinMatrix, winMatrixFromPairs } from './win-matrix.ts';

export type BtSolveOptions = {
  /**
   * Stop once the Newton step from the current point is below this in every coordinate, in
   * log-odds (1e-9 ≈ 2e-7 rating points); the point is then that close to the optimum.
   */
  tolerance?: number;
  maxIterations?: number;
};

export type BtSolution = {
  /** Natural-log-odds strengths. Only differences are identified; a cold start has mean 0. */
  logits: Float64Array;
  /** Newton steps taken (factorisations used for a step). */
  iterations: number;
  /**
   * False when the step never fell below the tolerance. That happens when the MLE does not exist:
   * a model that won (or lost) every comparison drifts off by about one logit a step.
   */
  converged: boolean;
  /** Both at the returned `logits`. */
  maxAbsGradient: number;
  negLogLikelihood: number;
};

const ARMIJO = 1e-4;
const ROUNDING = 64 * Number.EPSILON;

/**
 * Factors H + c·11ᵀ into `a` (c = mean diagonal of H, to keep it well scaled), adding damping to
 * the diagonal if H is singular beyond the 1 direction (data in disconnected groups).
 */
function factorNewton(m: number, h: Float64Array, a: Float64Array): void {
  let trace = 0;
  for (let i = 0; i < m; i++) trace += h[i * m + i] as number;
  const c = trace > 0 ? trace / m : 1;
  for (let damping = 0; ; damping = damping === 0 ? 1e-12 * c : damping * 100) {
    for (let k = 0; k < m * m; k++) a[k] = (h[k] as number) + c;
    for (let i = 0; i < m; i++) a[i * m + i] = (a[i * m + i] as number) + damping;
    if (choleskyFactor(a, m)) return;
    if (damping > c)
      throw new Error('Bradley–Terry Newton step failed: Hessian is not positive semi-definite');
  }
}

/** d = −(factored matrix)⁻¹·g; returns max |d|. */
function direction(a: Float64Array, m: number, g: Float64Array, d: Float64Array): number {
  for (let i = 0; i < m; i++) d[i] = -(g[i] as number);
  choleskySolveFactored(a, m, d, d);
  return maxAbs(d);
}

/**
 * The solver's buffers. The trial point's loss, gradient and Hessian come from one pass; on
 * acceptance the buffers swap, so each Newton iteration costs one pass over the pairs plus one
 * factorisation.
 */
type Workspace = {
  m: number;
  u: Float64Array;
  g: Float64Array;
  h: Float64Array;
  trial: Float64Array;
  gTrial: Float64Array;
  hTrial: Float64Array;
  a: Float64Array;
  d: Float64Array;
};

// Reused across calls of the same size, so 500 bootstrap rounds allocate (and collect) nothing.
// Safe because the solver is synchronous: no two calls can hold it at once.
let workspace: Workspace | null = null;

function workspaceFor(m: number): Workspace {
  if (workspace?.m !== m) {
    const vec = () => new Float64Array(m);
    const mat = () => new Float64Array(m * m);
    workspace = {
      m,
      u: vec(),
      g: vec(),
      h: mat(),
      trial: vec(),
      gTrial: vec(),
      hTrial: mat(),
      a: mat(),
      d: vec(),
    };
  }
  return workspace;
}

/**
 * Minimises the Bradley–Terry loss for an m×m win matrix, starting from `start` (a warm start,
 * e.g. the full fit for bootstrap rounds) or zeros.
 */
export function solveBtLogits(
  m: number,
  wins: Float64Array,
  start?: ArrayLike<number>,
  opts: BtSolveOptions = {},
): BtSolution {
  return solveBtEdges(m, edgesOf(m, wins), start, opts);
}

/** `solveBtLogits` over pairs already listed as edges (how bootstrap rounds arrive). */
export function solveBtEdges(
  m: number,
  e: Edges,
  start?: ArrayLike<number>,
  { tolerance = 1e-9, maxIterations = 100 }: BtSolveOptions = {},
): BtSolution {
  if (start !== undefined && start.length !== m) {
    throw new RangeError(`start has ${start.length} logits for ${m} models`);
  }
  const ws = workspaceFor(m);
  let { u, g, h, trial, gTrial, hTrial } = ws;
  const { a, d } = ws;
  if (start === undefined) u.fill(0);
  else u.set(start);
  let f = btLoss(e, u, g, h);
  let iterations = 0;
  let converged = e.count === 0;
  let factored = false;

  while (!converged && iterations < maxIterations) {
    if (maxAbs(g) === 0) {
      converged = true;
      break;
    }
    // Near the optimum the last factorisation still gives the Newton step to a relative error of
    // about the last step's size, so it can certify convergence for two triangular solves
    // instead of a new Hessian and factorisation.
    if (factored && direction(a, m, g, d) <= tolerance) {
      converged = true;
      break;
    }
    factorNewton(m, h, a);
    factored = true;
    if (direction(a, m, g, d) <= tolerance) {
      converged = true;
      break;
    }
    iterations++;
    let slope = 0;
    for (let i = 0; i < m; i++) slope += (g[i] as number) * (d[i] as number);
    let t = 1;
    let ft = f;
    for (; t > 1e-10; t /= 2) {
      for (let i = 0; i < m; i++) trial[i] = (u[i] as number) + t * (d[i] as number);
      ft = btLoss(e, trial, gTrial, hTrial);
      // The second test accepts a change lost in rounding: near the optimum a step that still
      // moves u by ~1e-8 changes a loss of thousands by less than its last bits.
      if (ft <= f + ARMIJO * t * slope || ft - f <= ROUNDING * Math.abs(f)) break;
    }
    if (t <= 1e-10) break; // no descent possible: rounding floor reached
    [u, trial] = [trial, u];
    [g, gTrial] = [gTrial, g];
    [h, hTrial] = [hTrial, h];
    f = ft;
  }
  return {
    logits: Float64Array.from(u),
    iterations,
    converged,
    maxAbsGradient: maxAbs(g),
    negLogLikelihood: f,
  };
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
