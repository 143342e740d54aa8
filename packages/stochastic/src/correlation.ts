/**
 * Spatial correlation of noise: a factor F of each correlation matrix C (F·Fᵀ = C) applied
 * to independent standard normals (x ~ N(0, I) ⇒ F·x ~ N(0, F·Fᵀ = C)).
 *
 * Input mirrors `scenarios/correlation.json` of the Cobre book (case-format, guide
 * "Correlation"): `method`, named `profiles` each with correlation groups (entities of one
 * type — "inflow", "load" or "ncs" — and a symmetric matrix), and an optional `schedule`
 * mapping stage ids to profiles. Entities in no group keep independent noise.
 *
 * Every group is factored by the spectral method, whatever `method` says: the book states
 * that "cholesky" is accepted for old case files and behaves identically to "spectral"
 * (guide "Configuring spatial correlation"), and that keeps our draws equal to the
 * reference implementation's.
 *
 * - Spectral: the symmetric square root D = V·diag(√λ⁺)·Vᵀ of C = V·diag(λ)·Vᵀ,
 *   computed by cyclic Jacobi (`spectral.ts`), stored dense. Negative eigenvalues are clipped
 *   to zero, so estimated matrices that are not PSD are accepted: D·Dᵀ is then the nearest
 *   PSD matrix, and each group with eigenvalues below −1e-10 is reported in
 *   {@link PreparedCorrelation.warnings}. The symmetric square root of a PSD matrix is
 *   unique, so the correlated draws match the reference implementation's up to rounding.
 *
 * - {@link choleskyFactor} remains available to library users: the lower-triangular L with
 *   C = L·Lᵀ, packed. Semidefinite policy (instead
 *   of jitter): positive semidefinite matrices are accepted. A pivot d with |d| ≤ tolerance
 *   (default 1e-10) is a zero pivot: that column of L is set to zero — valid because, for a
 *   PSD matrix, the rest of the column must then also be (numerically) zero, which is
 *   checked. A pivot below −tolerance, or a zero pivot with non-zero remaining column, proves
 *   the matrix is not PSD and yields a `NotPositiveSemidefinite` error naming the row. Same
 *   distribution as "spectral" for PSD matrices, but different individual draws (L ≠ D).
 *
 * Both methods validate the matrix the same way: square, finite, symmetric within 1e-9,
 * unit diagonal (within 1e-9) and entries in [−1, 1].
 */

import { type ErrorKindSubset, ok } from "@cobre/core";
import { type StochasticResult, fail } from "./errors.js";
import { symmetricSqrt } from "./spectral.js";

/** Lower-triangular factor L with C = L·Lᵀ, packed row-major: (i, j ≤ i) at i(i+1)/2 + j. */
export interface CholeskyFactor {
  readonly kind: "cholesky";
  readonly n: number;
  readonly packed: Float64Array;
  /** Number of non-zero pivots (the numerical rank of C). */
  readonly rank: number;
}

/** Options of {@link choleskyFactor}. */
export interface CholeskyOptions {
  /** Pivots within ±tolerance are treated as exact zeros (default 1e-10). */
  readonly tolerance?: number;
  /** Require a correlation matrix: unit diagonal and entries in [−1, 1] (default true). */
  readonly requireUnitDiagonal?: boolean;
}

/**
 * Checks that `matrix` is square, finite and symmetric (within 1e-9) and, when `unit`, a
 * correlation matrix (diagonal 1 within 1e-9, entries in [−1, 1]).
 */
function validateMatrix(matrix: readonly (readonly number[])[], unit: boolean): StochasticResult<void> {
  const n = matrix.length;
  for (let i = 0; i < n; i++) {
    const row = matrix[i] as readonly number[];
    if (row.length !== n)
      return fail("InvalidInput", `matrix row ${i} has ${row.length} entries, expected ${n}`, { row: i });
  }
  for (let i = 0; i < n; i++) {
    const row = matrix[i] as readonly number[];
    for (let j = 0; j < n; j++) {
      const a = row[j] as number;
      if (!Number.isFinite(a)) return fail("InvalidInput", "matrix entries must be finite", { row: i, col: j });
      const b = (matrix[j] as readonly number[])[i] as number;
      if (Math.abs(a - b) > 1e-9) {
        return fail("NotSymmetric", `matrix is not symmetric at (${i}, ${j})`, { row: i, col: j });
      }
      if (unit && (i === j ? Math.abs(a - 1) > 1e-9 : Math.abs(a) > 1 + 1e-12)) {
        return fail("InvalidCorrelation", `not a correlation matrix at (${i}, ${j}): ${a}`, { row: i, col: j });
      }
    }
  }
  return ok(undefined);
}

/**
 * Cholesky–Banachiewicz factorisation of a symmetric positive semidefinite matrix.
 * Errors: `InvalidInput` (not square / not finite), `NotSymmetric`, `InvalidCorrelation`
 * (diagonal ≠ 1 or entry outside [−1, 1]), `NotPositiveSemidefinite`.
 */
export function choleskyFactor(
  matrix: readonly (readonly number[])[],
  options: CholeskyOptions = {},
): StochasticResult<CholeskyFactor> {
  const tol = options.tolerance ?? 1e-10;
  const valid = validateMatrix(matrix, options.requireUnitDiagonal ?? true);
  if (!valid.ok) return valid;
  const n = matrix.length;
  const L = new Float64Array((n * (n + 1)) / 2);
  let rank = 0;
  for (let i = 0; i < n; i++) {
    const ri = (i * (i + 1)) / 2;
    const row = matrix[i] as readonly number[];
    for (let j = 0; j <= i; j++) {
      const rj = (j * (j + 1)) / 2;
      let s = row[j] as number;
      for (let k = 0; k < j; k++) s -= (L[ri + k] as number) * (L[rj + k] as number);
      if (j < i) {
        const d = L[rj + j] as number;
        if (d > 0) {
          L[ri + j] = s / d;
        } else if (Math.abs(s) > Math.sqrt(tol)) {
          // Zero pivot in column j but the residual coupling is not zero: no PSD matrix does that.
          return fail("NotPositiveSemidefinite", `matrix is not positive semidefinite (row ${i}, zero pivot ${j})`, {
            row: i,
            col: j,
            residual: s,
          });
        } else {
          L[ri + j] = 0;
        }
      } else if (s > tol) {
        L[ri + i] = Math.sqrt(s);
        rank++;
      } else if (s >= -tol) {
        L[ri + i] = 0;
      } else {
        return fail("NotPositiveSemidefinite", `matrix is not positive semidefinite: pivot ${s} at row ${i}`, {
          row: i,
          pivot: s,
        });
      }
    }
  }
  return ok({ kind: "cholesky", n, packed: L, rank });
}

/**
 * out = L · x. `out` may be the same array as `x` (rows are computed from the last one up,
 * so each row reads only inputs not yet overwritten).
 */
export function applyCholesky(factor: CholeskyFactor, x: ArrayLike<number>, out: Float64Array): void {
  const { n, packed } = factor;
  for (let i = n - 1; i >= 0; i--) {
    const ri = (i * (i + 1)) / 2;
    let s = 0;
    for (let j = 0; j <= i; j++) s += (packed[ri + j] as number) * (x[j] as number);
    out[i] = s;
  }
}

/** Symmetric square root D of C (D = Dᵀ, D·D = C⁺), dense row-major: (i, j) at i·n + j. */
export interface SpectralFactor {
  readonly kind: "spectral";
  readonly n: number;
  readonly dense: Float64Array;
  /** Number of eigenvalues of C above the tolerance (the numerical rank of C⁺). */
  readonly rank: number;
  /** Eigenvalues of C below −tolerance, set to zero (0 for a PSD matrix). */
  readonly clippedEigenvalues: number;
  /** Largest |λ| among the clipped eigenvalues (0 when none). */
  readonly largestClippedMagnitude: number;
}

/** A factor F with F·Fᵀ = C (or, for a clipped spectral factor, its nearest PSD matrix). */
export type CorrelationFactor = CholeskyFactor | SpectralFactor;

/** Options of {@link spectralFactor}. */
export interface SpectralOptions {
  /** Eigenvalues below −tolerance count as clipped; those above +tolerance count in the rank (default 1e-10). */
  readonly tolerance?: number;
  /** Require a correlation matrix: unit diagonal and entries in [−1, 1] (default true). */
  readonly requireUnitDiagonal?: boolean;
}

/**
 * Symmetric square root of a symmetric matrix C = V·diag(λ)·Vᵀ: D = V·diag(√max(λ, 0))·Vᵀ.
 * Never fails on indefinite matrices: negative eigenvalues are clipped to zero (counted in
 * the result when below −tolerance) and D·Dᵀ is the nearest PSD matrix to C.
 * Errors: `InvalidInput` (not square / not finite), `NotSymmetric`, `InvalidCorrelation`
 * (diagonal ≠ 1 or entry outside [−1, 1], or — not expected in practice — no eigen-convergence).
 */
export function spectralFactor(
  matrix: readonly (readonly number[])[],
  options: SpectralOptions = {},
): StochasticResult<SpectralFactor> {
  const valid = validateMatrix(matrix, options.requireUnitDiagonal ?? true);
  if (!valid.ok) return valid;
  const n = matrix.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a.set(matrix[i] as readonly number[], i * n);
  const root = symmetricSqrt(a, n, options.tolerance ?? 1e-10);
  if (!root.converged) {
    return fail("InvalidCorrelation", `eigen-decomposition of the ${n}×${n} matrix did not converge`, { n });
  }
  return ok({
    kind: "spectral",
    n,
    dense: root.dense,
    rank: root.rank,
    clippedEigenvalues: root.clippedCount,
    largestClippedMagnitude: root.largestClipped,
  });
}

/** out = D · x. `out` must not alias `x` (every output reads every input). */
export function applySpectral(factor: SpectralFactor, x: ArrayLike<number>, out: Float64Array): void {
  const { n, dense } = factor;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += (dense[ri + j] as number) * (x[j] as number);
    out[i] = s;
  }
}

/** Entity class of a noise slot, as in correlation.json. */
export type EntityType = "inflow" | "load" | "ncs";

/** Reference to one random entity. */
export interface EntityRef {
  readonly type: EntityType;
  readonly id: number;
}

/** One correlation group: entities of a single type and their correlation matrix. */
export interface CorrelationGroupInput {
  readonly name: string;
  readonly entities: readonly EntityRef[];
  readonly matrix: readonly (readonly number[])[];
}

/** One named profile (`correlation_groups` in the file). */
export interface CorrelationProfileInput {
  readonly groups: readonly CorrelationGroupInput[];
}

/** The content of correlation.json, in this package's casing. */
export interface CorrelationModelInput {
  /** "spectral" ({@link spectralFactor}) or "cholesky" ({@link choleskyFactor}); case-insensitive. */
  readonly method: string;
  readonly profiles: Readonly<Record<string, CorrelationProfileInput>>;
  /** Stage id → profile; stages not listed use "default" (or the only profile). */
  readonly schedule?: readonly { readonly stageId: number; readonly profileName: string }[];
}

/** A factored group with its entities' positions in the noise vector. */
export interface PreparedGroup {
  readonly name: string;
  readonly factor: CorrelationFactor;
  /** positions[i] = index in the noise vector of the group's i-th entity. */
  readonly positions: Int32Array;
}

/** A non-fatal finding of {@link prepareCorrelation}, for the engine to surface. */
export interface CorrelationWarning {
  /** "ClippedEigenvalues": a spectral group's matrix was not PSD; D·Dᵀ is its nearest PSD matrix. */
  readonly kind: ErrorKindSubset<"ClippedEigenvalues">;
  readonly profile: string;
  readonly group: string;
  /** Number of eigenvalues below −1e-10 that were set to zero. */
  readonly clippedEigenvalues: number;
  /** Largest |λ| among them. */
  readonly largestClippedMagnitude: number;
  readonly message: string;
}

/** Correlation ready for the hot path: per stage index, the groups to apply (maybe none). */
export interface PreparedCorrelation {
  readonly dim: number;
  /** profileOfStage[stageIndex] = profile name, or undefined for independent noise. */
  readonly profileOfStage: readonly (string | undefined)[];
  readonly profiles: ReadonlyMap<string, readonly PreparedGroup[]>;
  /** "cholesky" or "spectral" (lower-cased). */
  readonly method: "cholesky" | "spectral";
  /**
   * Largest applied group size — which is also the length of the scratch buffer
   * {@link applyCorrelation} needs, for both factor kinds.
   */
  readonly maxGroupSize: number;
  /** Groups skipped because some entity is not in the noise vector. */
  readonly skippedGroups: readonly string[];
  /**
   * Non-fatal findings: spectral groups whose negative eigenvalues were clipped (reported
   * for every group of the file, including ones listed in `skippedGroups`).
   */
  readonly warnings: readonly CorrelationWarning[];
}

/**
 * Factors every profile and resolves entity positions against the noise vector layout.
 *
 * @param model parsed correlation.json
 * @param entities the noise vector layout (see `buildEntityLayout`): entities[i] is slot i
 * @param stageIds ids of the study stages, in order (for the schedule)
 */
export function prepareCorrelation(
  model: CorrelationModelInput,
  entities: readonly EntityRef[],
  stageIds: readonly number[],
): StochasticResult<PreparedCorrelation> {
  const method = model.method.toLowerCase();
  if (method !== "cholesky" && method !== "spectral") {
    return fail("InvalidCorrelation", `unknown correlation method "${model.method}"`, { method: model.method });
  }
  const slot = new Map<string, number>();
  for (const [i, e] of entities.entries()) slot.set(`${e.type}:${e.id}`, i);
  const profiles = new Map<string, PreparedGroup[]>();
  const skipped: string[] = [];
  const warnings: CorrelationWarning[] = [];
  let maxGroupSize = 0;
  for (const name of Object.keys(model.profiles).sort()) {
    const profile = model.profiles[name] as CorrelationProfileInput;
    const groups: PreparedGroup[] = [];
    const used = new Set<string>();
    for (const group of profile.groups) {
      const n = group.entities.length;
      if (group.matrix.length !== n) {
        return fail(
          "InvalidCorrelation",
          `group "${group.name}" has ${n} entities but a ${group.matrix.length}-row matrix`,
          {
            profile: name,
            group: group.name,
          },
        );
      }
      const first = group.entities[0];
      for (const e of group.entities) {
        if (first !== undefined && e.type !== first.type) {
          return fail("InvalidCorrelation", `group "${group.name}" mixes entity types`, {
            profile: name,
            group: group.name,
          });
        }
        const key = `${e.type}:${e.id}`;
        if (used.has(key)) {
          return fail("InvalidCorrelation", `entity ${key} appears twice in profile "${name}"`, {
            profile: name,
            group: group.name,
          });
        }
        used.add(key);
      }
      const factor: StochasticResult<CorrelationFactor> = spectralFactor(group.matrix);
      if (!factor.ok) {
        return fail(factor.error.kind, `profile "${name}", group "${group.name}": ${factor.error.message}`, {
          ...factor.error.details,
          profile: name,
          group: group.name,
        });
      }
      if (factor.value.kind === "spectral" && factor.value.clippedEigenvalues > 0) {
        const { clippedEigenvalues, largestClippedMagnitude } = factor.value;
        warnings.push({
          kind: "ClippedEigenvalues",
          profile: name,
          group: group.name,
          clippedEigenvalues,
          largestClippedMagnitude,
          message:
            `profile "${name}", group "${group.name}": correlation matrix is not positive semidefinite; ` +
            `${clippedEigenvalues} negative eigenvalue(s) clipped to 0 (largest magnitude ` +
            `${largestClippedMagnitude.toPrecision(3)}), using the nearest PSD matrix`,
        });
      }
      const positions = new Int32Array(n);
      let complete = true;
      for (let i = 0; i < n; i++) {
        const e = group.entities[i] as EntityRef;
        const p = slot.get(`${e.type}:${e.id}`);
        if (p === undefined) complete = false;
        else positions[i] = p;
      }
      // Like the reference implementation: a group whose entities are not all random
      // variables of this run is left out rather than half-applied.
      if (!complete) {
        skipped.push(`${name}/${group.name}`);
        continue;
      }
      groups.push({ name: group.name, factor: factor.value, positions });
      maxGroupSize = Math.max(maxGroupSize, n);
    }
    profiles.set(name, groups);
  }
  const names = [...profiles.keys()];
  const fallback = profiles.has("default") ? "default" : names.length === 1 ? names[0] : undefined;
  const scheduled = new Map<number, string>();
  for (const entry of model.schedule ?? []) {
    if (!profiles.has(entry.profileName)) {
      return fail("InvalidCorrelation", `schedule names unknown profile "${entry.profileName}"`, {
        stageId: entry.stageId,
        profile: entry.profileName,
      });
    }
    scheduled.set(entry.stageId, entry.profileName);
  }
  const profileOfStage = stageIds.map((id) => scheduled.get(id) ?? fallback);
  return ok({
    dim: entities.length,
    profileOfStage,
    profiles,
    method,
    maxGroupSize,
    skippedGroups: skipped,
    warnings,
  });
}

/**
 * Correlates the noise vector of one stage in place: for each group of the stage's
 * profile, gathers its slots into `scratch`, multiplies by the group's factor and scatters
 * the product back. No allocation.
 *
 * @param scratch buffer of at least `maxGroupSize` entries (preallocate once)
 */
export function applyCorrelation(
  prepared: PreparedCorrelation,
  stageIndex: number,
  noise: Float64Array,
  scratch: Float64Array,
  noiseOffset = 0,
): void {
  const name = prepared.profileOfStage[stageIndex];
  if (name === undefined) return;
  const groups = prepared.profiles.get(name);
  if (groups === undefined) return;
  for (const g of groups) {
    const f = g.factor;
    const n = f.n;
    const pos = g.positions;
    for (let i = 0; i < n; i++) scratch[i] = noise[noiseOffset + (pos[i] as number)] as number;
    if (f.kind === "spectral") {
      // scratch holds a copy of the inputs, so the products go straight to their slots
      // (positions within a group are distinct).
      const d = f.dense;
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        let s = 0;
        for (let j = 0; j < n; j++) s += (d[ri + j] as number) * (scratch[j] as number);
        noise[noiseOffset + (pos[i] as number)] = s;
      }
    } else {
      applyCholesky(f, scratch, scratch);
      for (let i = 0; i < n; i++) noise[noiseOffset + (pos[i] as number)] = scratch[i] as number;
    }
  }
}
