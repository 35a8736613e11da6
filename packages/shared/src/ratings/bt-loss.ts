/**
 * The Bradley–Terry loss over a win matrix, with its gradient and Hessian in one pass: for each
 * pair that met, one exp and one log1p give ln p, ln(1 − p), p and p(1 − p). Units are natural
 * log-odds, p = σ(u_i − u_j).
 */

/** Pairs (i < j) that met at least once, with the points i scored and the games played. */
export type Edges = { i: Int32Array; j: Int32Array; wij: Float64Array; nij: Float64Array; count: number };

export function edgesOf(m: number, wins: Float64Array): Edges {
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

/**
 * Returns −Σ [w_ij·ln σ(u_i − u_j) + w_ji·ln σ(u_j − u_i)] and, when `g` / `h` are given, fills
 * the gradient (length m) and Hessian (m × m, row-major); both are cleared first.
 */
export function btLoss(e: Edges, u: Float64Array, g?: Float64Array, h?: Float64Array): number {
  const m = u.length;
  g?.fill(0);
  h?.fill(0);
  let f = 0;
  for (let k = 0; k < e.count; k++) {
    const i = e.i[k] as number;
    const j = e.j[k] as number;
    const n = e.nij[k] as number;
    const w = e.wij[k] as number;
    const x = (u[i] as number) - (u[j] as number);
    // With z = e^(−|x|) and l = ln(1 + z): for x ≥ 0, ln σ(x) = −l and ln σ(−x) = −x − l;
    // for x < 0, ln σ(x) = x − l and ln σ(−x) = −l. Neither exp can overflow.
    const z = Math.exp(-Math.abs(x));
    const l = Math.log1p(z);
    const positive = x >= 0;
    f += positive ? w * l + (n - w) * (x + l) : w * (l - x) + (n - w) * l;
    if (g === undefined) continue;
    const p = positive ? 1 / (1 + z) : z / (1 + z);
    const r = n * p - w;
    g[i] = (g[i] as number) + r;
    g[j] = (g[j] as number) - r;
    if (h === undefined) continue;
    const c = (n * z) / ((1 + z) * (1 + z)); // n·p·(1 − p), exact even when p rounds to 1
    const ii = i * m + i;
    const jj = j * m + j;
    h[ii] = (h[ii] as number) + c;
    h[jj] = (h[jj] as number) + c;
    h[i * m + j] = (h[i * m + j] as number) - c;
    h[j * m + i] = (h[j * m + i] as number) - c;
  }
  return f;
}

export function maxAbs(xs: Float64Array): number {
  let max = 0;
  for (const x of xs) max = Math.max(max, Math.abs(x));
  return max;
}
