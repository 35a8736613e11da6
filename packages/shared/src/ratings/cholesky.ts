/** Dense Cholesky factorisation and solves for the small symmetric positive-definite systems of the Newton solver. */

/** Pivots this small relative to their diagonal entry count as "not positive definite". */
const RELATIVE_PIVOT_FLOOR = 1e-13;

/**
 * Overwrites the n×n symmetric matrix A (row-major) with its Cholesky factor L (lower triangle),
 * A = L·Lᵀ. Returns false, leaving A unspecified, when A is not (numerically) positive definite.
 */
export function choleskyFactor(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    const diag = a[rowJ + j] as number;
    let sum = diag;
    for (let k = 0; k < j; k++) sum -= (a[rowJ + k] as number) ** 2;
    if (!(sum > RELATIVE_PIVOT_FLOOR * Math.abs(diag))) return false;
    const ljj = Math.sqrt(sum);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j] as number;
      for (let k = 0; k < j; k++) s -= (a[rowI + k] as number) * (a[rowJ + k] as number);
      a[rowI + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b given the factor from `choleskyFactor`; `x` may be `b`. */
export function choleskySolveFactored(
  l: Float64Array,
  n: number,
  b: ArrayLike<number>,
  x: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[rowI + k] as number) * (x[k] as number);
    x[i] = s / (l[rowI + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = s / (l[i * n + i] as number);
  }
}

/** Solves A·x = b, overwriting A with its factor; false when A is not positive definite. */
export function choleskySolve(a: Float64Array, n: number, b: ArrayLike<number>, x: Float64Array): boolean {
  if (!choleskyFactor(a, n)) return false;
  choleskySolveFactored(a, n, b, x);
  return true;
}
