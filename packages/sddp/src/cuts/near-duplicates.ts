/**
 * Near-duplicate cuts, refused at insertion.
 *
 * Once a policy settles, forward passes revisit the same trial states (in-sample
 * sampling draws from a finite opening tree), and the backward pass returns the same cut
 * again: identical or equal up to round-off. A repeated cut adds nothing to the outer
 * approximation, but its row is parallel to an existing one; a stage LP full of parallel
 * rows is degenerate, costs simplex iterations and, with hundreds of them, drives HiGHS
 * into numerical trouble. So a new cut whose intercept and coefficients all lie within
 * a relative tolerance of an active cut's is not added.
 *
 * The check runs on the coordinator, in cut order, against the pool as it stands, so the
 * policy is the same whatever the number of workers and after a resume.
 */
import type { CutPool } from "./cut-pool";

/**
 * Relative tolerance for two cuts to count as the same: |a − b| ≤ tol · max(1, |a|, |b|)
 * for the intercept and every coefficient. Far below the solver's feasibility tolerance
 * (1e-7), so a refused cut never moves the approximation by more than round-off.
 */
export const NEAR_DUPLICATE_TOLERANCE = 1e-9;

function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Index of an active cut of `pool` that makes the cut (`intercept`, `coefficients`)
 * redundant — the same intercept and coefficients within `tol` — or −1.
 */
export function findNearDuplicate(
  pool: CutPool,
  intercept: number,
  coefficients: ArrayLike<number>,
  tol: number = NEAR_DUPLICATE_TOLERANCE,
): number {
  const dim = pool.stateDim;
  const n = pool.size;
  for (let i = 0; i < n; i++) {
    if (pool.active[i] !== 1) continue;
    const alpha = pool.intercepts[i]!;
    // A new cut clearly higher than its twin is kept: it dominates it.
    if (!close(alpha, intercept, tol)) continue;
    const off = i * dim;
    let same = true;
    for (let s = 0; s < dim && same; s++) same = close(pool.coefficients[off + s]!, coefficients[s]!, tol);
    if (same) return i;
  }
  return -1;
}
