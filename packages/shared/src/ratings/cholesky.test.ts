import { describe, expect, it } from 'vitest';
import { choleskyFactor, choleskySolve, choleskySolveFactored } from './cholesky.ts';

describe('choleskySolve', () => {
  it('solves a symmetric positive-definite system checked by hand', () => {
    // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]], x = [1, −1, 2] → b = A·x = [2, −1, 5]
    const a = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const x = new Float64Array(3);
    expect(choleskySolve(a, 3, [2, -1, 5], x)).toBe(true);
    expect(x[0]).toBeCloseTo(1, 12);
    expect(x[1]).toBeCloseTo(-1, 12);
    expect(x[2]).toBeCloseTo(2, 12);
  });

  it('reports a singular matrix (a Bradley–Terry Hessian, rows summing to zero) instead of solving it', () => {
    const a = Float64Array.from([1, -1, -1, 1]);
    expect(choleskySolve(a, 2, [0, 0], new Float64Array(2))).toBe(false);
  });

  it('reuses one factorisation for several right-hand sides', () => {
    const a = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    expect(choleskyFactor(a, 3)).toBe(true);
    const x = new Float64Array(3);
    choleskySolveFactored(a, 3, [2, -1, 5], x);
    expect([...x].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([1, -1, 2]);
    choleskySolveFactored(a, 3, [4, 2, 0], x); // first column of A → x = e1
    expect([...x].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([1, 0, 0]);
  });
});
