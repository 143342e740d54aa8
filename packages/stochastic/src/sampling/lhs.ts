/**
 * Latin Hypercube Sampling (the book's `lhs`): for a design of n points, every dimension is
 * cut into n equal-probability strata [k/n, (k+1)/n), and a permutation per dimension gives
 * each point its own stratum, so every stratum of every dimension holds exactly one point.
 *
 * - Stratum of point p in dimension e: π_e(p), where π_e is a Fisher–Yates shuffle of
 *   0 … n−1 (from the top: for i = n−1 … 1 swap entries i and floor(u·(i+1))) with u the
 *   design uniform at (e, stage key, i, LhsPermutation).
 * - Position inside the stratum: the design uniform U at (e, stage key, p, LhsJitter);
 *   u = (π_e(p) + U)/n and η = Φ⁻¹(u).
 *
 * In the tree the points are the openings of a stage; in the out-of-sample forward pass they
 * are the forward scenarios of one (iteration, round) — "random without replacement via a
 * seed-derived permutation": each scenario gets its own stratum with no coordination.
 */

import { type DesignKey, DrawTag, designIndex, designUniform } from "./methods.js";
import { uniformToNormal } from "./normal-quantile.js";

/** Strata of a design: `strata[p·dim + e]` is the stratum of point p in dimension e. */
export function lhsStrata(key: DesignKey, stageKey: number, n: number, dim: number): Int32Array {
  const strata = new Int32Array(n * dim);
  const perm = new Int32Array(n);
  for (let e = 0; e < dim; e++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i >= 1; i--) {
      const j = designIndex(key, e, stageKey, i, DrawTag.LhsPermutation, i + 1);
      const t = perm[i] as number;
      perm[i] = perm[j] as number;
      perm[j] = t;
    }
    for (let p = 0; p < n; p++) strata[p * dim + e] = perm[p] as number;
  }
  return strata;
}

/** The uniform of (point p, dimension e): (stratum + jitter) / n. */
export function lhsUniform(
  key: DesignKey,
  stageKey: number,
  strata: Int32Array,
  n: number,
  p: number,
  e: number,
): number {
  const dim = strata.length / n;
  const jitter = designUniform(key, e, stageKey, p, DrawTag.LhsJitter);
  return ((strata[p * dim + e] as number) + jitter) / n;
}

/** Writes the `dim` normal scores of point p into `out[offset …]`. */
export function fillLhsPoint(
  key: DesignKey,
  stageKey: number,
  strata: Int32Array,
  n: number,
  p: number,
  out: Float64Array,
  offset = 0,
): void {
  const dim = strata.length / n;
  for (let e = 0; e < dim; e++) out[offset + e] = uniformToNormal(lhsUniform(key, stageKey, strata, n, p, e));
}
