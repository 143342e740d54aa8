/**
 * Dense symmetric eigen-solver (cyclic Jacobi rotations) and the symmetric square root
 * built on it. Used by the "spectral" correlation method (see `correlation.ts`).
 *
 * The Jacobi method repeatedly annihilates one off-diagonal pair (p, q) of A with a plane
 * rotation J, A ← Jᵀ·A·J, accumulating V ← V·J, sweeping over all pairs in row order until
 * the off-diagonal part is negligible. It is slow for large n (O(n³) per sweep) but very
 * accurate, which is what matters here: correlation groups are small, factored once, and
 * the symmetric square root of a PSD matrix is unique, so an accurate solver reproduces
 * any other implementation's factor up to rounding.
 */

/** Eigen-decomposition A = V·diag(values)·Vᵀ of a symmetric matrix. */
export interface SymmetricEigen {
  readonly n: number;
  /** Eigenvalues, in no particular order (values[k] belongs to column k of `vectors`). */
  readonly values: Float64Array;
  /** Orthonormal eigenvectors as the columns of a row-major n×n matrix: (i, k) at i·n + k. */
  readonly vectors: Float64Array;
  /** Full sweeps performed. */
  readonly sweeps: number;
  /** Whether the off-diagonal part fell below the stopping threshold within the sweep limit. */
  readonly converged: boolean;
}

/**
 * Cyclic Jacobi eigen-decomposition of the symmetric matrix `a` (row-major n×n; only read,
 * never modified). Symmetry is assumed: the strictly upper triangle drives the rotations.
 */
export function symmetricEigen(a: ArrayLike<number>, n: number, maxSweeps = 100): SymmetricEigen {
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      // Work on an exactly symmetric copy (the upper triangle mirrored).
      const x = a[i * n + j] as number;
      w[i * n + j] = x;
      w[j * n + i] = x;
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  let frob2 = 0;
  for (let k = 0; k < n * n; k++) frob2 += (w[k] as number) * (w[k] as number);
  // Stop once the off-diagonal mass is at the level of rounding relative to ‖A‖_F.
  const stop2 = frob2 * (Number.EPSILON * Number.EPSILON) * 1e-2;

  let sweeps = 0;
  let converged = false;
  for (; sweeps <= maxSweeps; sweeps++) {
    let off2 = 0;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) off2 += 2 * (w[p * n + q] as number) ** 2;
    }
    if (off2 <= stop2) {
      converged = true;
      break;
    }
    if (sweeps === maxSweeps) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) rotate(w, v, n, p, q);
    }
  }

  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = w[i * n + i] as number;
  return { n, values, vectors: v, sweeps, converged };
}

/** One Jacobi rotation zeroing w[p, q] (and w[q, p]); accumulates it into v. */
function rotate(w: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = w[p * n + q] as number;
  if (apq === 0) return;
  const app = w[p * n + p] as number;
  const aqq = w[q * n + q] as number;
  // tan of the rotation angle: the smaller root of t² + 2θt − 1 = 0 (|angle| ≤ π/4).
  const theta = (aqq - app) / (2 * apq);
  let t: number;
  if (Math.abs(theta) > 1e150) {
    t = 0.5 / theta;
  } else {
    const r = Math.sqrt(theta * theta + 1);
    t = theta >= 0 ? 1 / (theta + r) : -1 / (r - theta);
  }
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  // Columns p and q of A·J.
  for (let k = 0; k < n; k++) {
    const akp = w[k * n + p] as number;
    const akq = w[k * n + q] as number;
    w[k * n + p] = c * akp - s * akq;
    w[k * n + q] = s * akp + c * akq;
  }
  // Rows p and q of Jᵀ·(A·J).
  for (let k = 0; k < n; k++) {
    const apk = w[p * n + k] as number;
    const aqk = w[q * n + k] as number;
    w[p * n + k] = c * apk - s * aqk;
    w[q * n + k] = s * apk + c * aqk;
  }
  // The rotation was chosen to annihilate this pair; store the exact zero.
  w[p * n + q] = 0;
  w[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p] as number;
    const vkq = v[k * n + q] as number;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

/** Result of {@link symmetricSqrt}. */
export interface SymmetricSqrt {
  /** D = V·diag(√max(λ, 0))·Vᵀ, dense row-major n×n, exactly symmetric. */
  readonly dense: Float64Array;
  /** The eigenvalues of the input, before clipping (see {@link SymmetricEigen.values}). */
  readonly eigenvalues: Float64Array;
  /** Number of eigenvalues below −tolerance (negative beyond rounding, set to zero). */
  readonly clippedCount: number;
  /** Largest |λ| among those eigenvalues (0 when none). */
  readonly largestClipped: number;
  /** Number of eigenvalues above +tolerance (the numerical rank). */
  readonly rank: number;
  readonly converged: boolean;
}

/**
 * Symmetric square root of a symmetric matrix through its eigen-decomposition. Every negative
 * eigenvalue is replaced by zero, so D·Dᵀ = D·D is the positive semidefinite matrix
 * V·diag(max(λ, 0))·Vᵀ — the nearest PSD matrix to the input in the Frobenius norm; for a PSD
 * input that is the input itself. Only eigenvalues below −tolerance are counted as clipped, so
 * that rounding noise of an exactly singular PSD matrix (λ ≈ −1e-17) is not reported.
 */
export function symmetricSqrt(a: ArrayLike<number>, n: number, tolerance = 1e-10): SymmetricSqrt {
  const eig = symmetricEigen(a, n);
  const root = new Float64Array(n);
  let clippedCount = 0;
  let largestClipped = 0;
  let rank = 0;
  for (let k = 0; k < n; k++) {
    const lambda = eig.values[k] as number;
    if (lambda < -tolerance) {
      clippedCount++;
      largestClipped = Math.max(largestClipped, -lambda);
    }
    if (lambda > tolerance) rank++;
    root[k] = lambda > 0 ? Math.sqrt(lambda) : 0;
  }
  const V = eig.vectors;
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (V[i * n + k] as number) * (root[k] as number) * (V[j * n + k] as number);
      dense[i * n + j] = s;
      dense[j * n + i] = s;
    }
  }
  return { dense, eigenvalues: eig.values, clippedCount, largestClipped, rank, converged: eig.converged };
}
