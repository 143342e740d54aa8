/**
 * Scrambled Halton points (the book's `qmc_halton`).
 *
 * Dimension e (0-based) uses the (e+1)-th prime p as base; point i is the radical inverse
 * φ_p(i) = Σ_j d_j(i)·p^−(j+1) of its base-p digits d_0(i), d_1(i), … (least significant
 * first). No dimension limit: the primes are sieved as needed.
 *
 * Scrambling (random digit permutation, the "Owen-style" scrambling of the book): every digit
 * position j of every dimension gets its own uniformly random permutation π_(e,j) of
 * {0, …, p−1}, and the point becomes Σ_j π_(e,j)(d_j(i))·p^−(j+1) over *all* positions,
 * including the infinitely many leading zeros. For a design of n points only the first
 * m = ⌈log_p n⌉ positions carry digits; beyond them every point has digit 0, so the tail
 * Σ_(j≥m) π_(e,j)(0)·p^−(j+1) is one uniform U_e·p^−m shared by all points (iid uniform digits
 * make a uniform number). Hence
 *   u_e(i) = (Σ_(j<m) π_(e,j)(d_j(i))·p^(m−1−j) + U_e) / p^m,
 * whose numerator's integer part is exact. Point 0 is no longer the origin, and for n = p^m
 * the points of dimension e fill each interval [k/p^m, (k+1)/p^m) once — as do the boxes of
 * any set of dimensions whose bases' powers multiply to n.
 *
 * π_(e,j) is drawn by a forward Fisher–Yates shuffle (for i = 0, 1, …: swap entry i with a
 * uniform entry of i … p−1, the design uniform at (e, stage key, i, HaltonDigit + 256·j)),
 * stopped after the first min(p, n) entries since a digit of a point below n is below n.
 * U_e is the design uniform at (e, stage key, 0, HaltonTail).
 */

import { type DesignKey, DrawTag, designIndex, designUniform } from "./methods.js";
import { uniformToNormal } from "./normal-quantile.js";

let primeCache = new Int32Array(0);

/** The first `count` primes (2, 3, 5, …), by the sieve of Eratosthenes. */
export function firstPrimes(count: number): Int32Array {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (primeCache.length >= count) return primeCache.subarray(0, count);
  // p_n < n (ln n + ln ln n) for n ≥ 6 (Rosser).
  const n = Math.max(count, 6);
  const limit = Math.ceil(n * (Math.log(n) + Math.log(Math.log(n)))) + 1;
  const composite = new Uint8Array(limit + 1);
  const primes = new Int32Array(count);
  let found = 0;
  for (let i = 2; i <= limit && found < count; i++) {
    if (composite[i] === 1) continue;
    primes[found++] = i;
    for (let k = i * i; k <= limit; k += i) composite[k] = 1;
  }
  primeCache = primes;
  return primes;
}

/** Unscrambled radical inverse φ_base(index) in [0, 1). */
export function radicalInverse(index: number, base: number): number {
  let numerator = 0;
  let denominator = 1;
  for (let i = index; i > 0; i = Math.floor(i / base)) {
    numerator = numerator * base + (i % base);
    denominator *= base;
  }
  return numerator / denominator;
}

/** The random digit permutations and tails of one scrambled Halton design. */
export interface HaltonDesign {
  /** Points in the design (digits are scrambled for indices below it). */
  readonly n: number;
  readonly dim: number;
  readonly bases: Int32Array;
  /** Scrambled digit positions m_e of each dimension. */
  readonly positions: Int32Array;
  /** Entries kept per permutation, min(p_e, n). */
  readonly kept: Int32Array;
  /** Start of dimension e's permutations in `permutations` (position j at start + j·kept_e). */
  readonly start: Int32Array;
  readonly permutations: Int32Array;
  /** U_e. */
  readonly tails: Float64Array;
  /** p_e^m_e. */
  readonly scale: Float64Array;
}

/** Draws the scrambling of an n-point design in `dim` dimensions. */
export function haltonDesign(key: DesignKey, stageKey: number, n: number, dim: number): HaltonDesign {
  const bases = firstPrimes(dim);
  const positions = new Int32Array(dim);
  const kept = new Int32Array(dim);
  const start = new Int32Array(dim + 1);
  const tails = new Float64Array(dim);
  const scale = new Float64Array(dim);
  for (let e = 0; e < dim; e++) {
    const p = bases[e] as number;
    let m = 1;
    let pm = p;
    while (pm < n) {
      pm *= p;
      m++;
    }
    positions[e] = m;
    scale[e] = pm;
    kept[e] = Math.min(p, n);
    start[e + 1] = (start[e] as number) + m * (kept[e] as number);
  }
  const permutations = new Int32Array(start[dim] as number);
  const moved = new Map<number, number>();
  for (let e = 0; e < dim; e++) {
    const p = bases[e] as number;
    const keep = kept[e] as number;
    for (let j = 0; j < (positions[e] as number); j++) {
      const at = (start[e] as number) + j * keep;
      moved.clear();
      const tag = DrawTag.HaltonDigit + 256 * j;
      for (let i = 0; i < keep; i++) {
        const pick = i + (i === p - 1 ? 0 : designIndex(key, e, stageKey, i, tag, p - i));
        const value = moved.get(pick) ?? pick;
        if (pick !== i) moved.set(pick, moved.get(i) ?? i);
        permutations[at + i] = value;
      }
    }
    tails[e] = designUniform(key, e, stageKey, 0, DrawTag.HaltonTail);
  }
  return { n, dim, bases, positions, kept, start, permutations, tails, scale };
}

/** The scrambled uniform of point `index` (< n) in dimension e. */
export function haltonUniform(design: HaltonDesign, index: number, e: number): number {
  const p = design.bases[e] as number;
  const m = design.positions[e] as number;
  const keep = design.kept[e] as number;
  const at = design.start[e] as number;
  // Horner from the least significant digit: position j ends up weighted by p^(m−1−j).
  let numerator = 0;
  let i = index;
  for (let j = 0; j < m; j++) {
    const digit = i % p;
    i = (i - digit) / p;
    numerator = numerator * p + (design.permutations[at + j * keep + digit] as number);
  }
  return (numerator + (design.tails[e] as number)) / (design.scale[e] as number);
}

/** Writes the `dim` normal scores of point `index` into `out[offset …]`. */
export function fillHaltonPoint(design: HaltonDesign, index: number, out: Float64Array, offset = 0): void {
  if (!Number.isInteger(index) || index < 0 || index >= design.n) {
    throw new RangeError(`Halton point ${index} outside the design of ${design.n}`);
  }
  for (let e = 0; e < design.dim; e++) out[offset + e] = uniformToNormal(haltonUniform(design, index, e));
}
