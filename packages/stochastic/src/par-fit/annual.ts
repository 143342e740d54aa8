/** PAR(p)-A (`pacf_annual`): the rolling annual mean regressor, conditional FACP and extended Yule–Walker fit. */

import { ANNUAL_WINDOW } from "../par-model.js";
import { failingSeasons } from "./order-reduction.js";
import type { AnnualTerm, FitOptions } from "./types.js";
import {
  type SeasonModel,
  type SeasonalSeries,
  WHITE_NOISE,
  residualStdRatio,
  seasonBefore,
  solveLinear,
} from "./yule-walker.js";

/**
 * The rolling annual mean of one hydro's history (PAR(p)-A), bucketed by season like
 * {@link SeasonalSeries}. The value stored at period q is A = mean of the observations at
 * q−11..q, i.e. the regressor A_{t−1} of the equation of period t = q+1.
 */
interface AnnualSeries {
  readonly value: ReadonlyMap<number, number>;
  /** Period indices of each season's A values (season of the newest observation), chronological. */
  readonly periods: readonly (readonly number[])[];
  /** μ^A and σ^A (population) per season; NaN for a season without A values. */
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/**
 * Builds the rolling annual means of a series. A window needs its 12 observations and the
 * observation right after it: an A_{t−1} without an observed a_t takes part in no equation,
 * and leaving it out keeps (μ^A, σ^A) on the values the regression uses, as the reference
 * does. (On a gap-free history this is every window but the one ending at the last value.)
 */
function annualSeriesOf(series: SeasonalSeries): AnnualSeries {
  const S = series.nSeasons;
  const value = new Map<number, number>();
  const periods: number[][] = Array.from({ length: S }, () => []);
  const chronological = [...series.value.keys()].sort((a, b) => a - b);
  for (const q of chronological) {
    if (!series.value.has(q + 1)) continue;
    let sum = 0;
    let complete = true;
    for (let j = 0; j < ANNUAL_WINDOW && complete; j++) {
      const v = series.value.get(q - j);
      if (v === undefined) complete = false;
      else sum += v;
    }
    if (!complete) continue;
    value.set(q, sum / ANNUAL_WINDOW);
    (periods[seasonBefore(q, 0, S)] as number[]).push(q);
  }
  const mean = new Float64Array(S).fill(Number.NaN);
  const std = new Float64Array(S).fill(Number.NaN);
  for (let s = 0; s < S; s++) {
    const idx = periods[s] as number[];
    if (idx.length === 0) continue;
    let sum = 0;
    for (const q of idx) sum += value.get(q) as number;
    const mu = sum / idx.length;
    let ss = 0;
    for (const q of idx) ss += ((value.get(q) as number) - mu) ** 2;
    mean[s] = mu;
    std[s] = Math.sqrt(ss / idx.length);
  }
  return { value, periods, mean, std };
}

/** Correlations between the standardized series z and the annual means A (memoised). */
interface AnnualCrossCorrelation {
  /** corr(z_{t−1−lag}, A_{t−1}) for equations of the season after `prev` (lag ≥ 0). */
  readonly withLaggedZ: (prev: number, lag: number) => number;
  /** corr(A_{t−1}, z_t) for the equation of the season after `prev`. */
  readonly withNextZ: (prev: number) => number;
}

/**
 * Pairs each A at period q of season `prev` with the observation at q + shift, matched by
 * period. The covariance is divided by the larger of the two buckets (A's and z's), not by
 * the number of pairs — the reference's convention, equivalent to letting the years that
 * have no A value sit on the mean — and normalized by σ^A·σ_z; 0 when either std is below
 * machine epsilon or nothing pairs.
 */
function annualCrossOf(series: SeasonalSeries, annual: AnnualSeries): AnnualCrossCorrelation {
  const S = series.nSeasons;
  const cache = new Map<number, number>();
  const corr = (prev: number, shift: number): number => {
    const key = shift * S + prev;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const zSeason = seasonBefore(prev, -shift, S);
    const sA = annual.std[prev] as number;
    const sZ = series.std[zSeason] as number;
    let r = 0;
    if (Math.abs(sA) >= Number.EPSILON && Math.abs(sZ) >= Number.EPSILON) {
      const muA = annual.mean[prev] as number;
      const muZ = series.mean[zSeason] as number;
      const aPeriods = annual.periods[prev] as readonly number[];
      let gamma = 0;
      let pairs = 0;
      for (const q of aPeriods) {
        const z = series.value.get(q + shift);
        if (z === undefined) continue;
        gamma += ((annual.value.get(q) as number) - muA) * (z - muZ);
        pairs++;
      }
      if (pairs > 0) {
        const n = Math.max(aPeriods.length, (series.periods[zSeason] as readonly number[]).length);
        r = Math.min(1, Math.max(-1, gamma / n / (sA * sZ)));
      }
    }
    cache.set(key, r);
    return r;
  };
  return { withLaggedZ: (prev, lag) => corr(prev, -lag), withNextZ: (prev) => corr(prev, 1) };
}

/** Solution of one extended (PAR(p)-A) Yule–Walker system. */
interface AnnualYuleWalkerFit {
  readonly coefficients: Float64Array;
  readonly annualCoefficient: number;
  readonly residualVariance: number;
}

/**
 * Extended periodic Yule–Walker system of season m and order p: the classical p×p system
 * bordered by the A_{t−1} regressor (unknowns φ_1..φ_p, ψ). Undefined when singular.
 */
function annualYuleWalker(
  m: number,
  p: number,
  nSeasons: number,
  rho: (season: number, lag: number) => number,
  cross: AnnualCrossCorrelation,
): AnnualYuleWalkerFit | undefined {
  const prev = seasonBefore(m, 1, nSeasons);
  const n = p + 1;
  const a = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let i = 0; i < p; i++) {
    a[i * n + i] = 1;
    const rowSeason = seasonBefore(m, i + 1, nSeasons);
    for (let j = i + 1; j < p; j++) {
      const v = rho(rowSeason, j - i);
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
    b[i] = rho(m, i + 1);
    const c = cross.withLaggedZ(prev, i);
    a[i * n + p] = c;
    a[p * n + i] = c;
  }
  a[p * n + p] = 1;
  b[p] = cross.withNextZ(prev);
  const x = solveLinear(a, b, n);
  if (x === undefined) return undefined;
  let explained = 0;
  for (let i = 0; i < n; i++) explained += (x[i] as number) * (b[i] as number);
  return { coefficients: x.slice(0, p), annualCoefficient: x[p] as number, residualVariance: 1 - explained };
}

/**
 * Conditional FACP of season m at lags 1..maxOrder: at lag k, the partial correlation of
 * (z_t, z_{t−k}) given (z_{t−1}, …, z_{t−k+1}, A_{t−1}), from the partitioned covariance
 * Σ̄ = Σ₁₁ − Σ₁₂·Σ₂₂⁻¹·Σ₂₁ as Σ̄₀₁/√(Σ̄₀₀·Σ̄₁₁) (0 when that product is not positive). Stops
 * at the first singular Σ₂₂, so the result may be shorter than maxOrder.
 */
function conditionalPacf(
  m: number,
  maxOrder: number,
  nSeasons: number,
  rho: (season: number, lag: number) => number,
  cross: AnnualCrossCorrelation,
): number[] {
  const prev = seasonBefore(m, 1, nSeasons);
  const out: number[] = [];
  for (let k = 1; k <= maxOrder; k++) {
    // Conditioning set: z_{t−1..t−k+1} (indices 0..k−2), then A_{t−1} (index k−1).
    const s22 = new Float64Array(k * k);
    for (let i = 0; i < k - 1; i++) {
      s22[i * k + i] = 1;
      const newer = seasonBefore(prev, i, nSeasons);
      for (let j = i + 1; j < k - 1; j++) {
        const v = rho(newer, j - i);
        s22[i * k + j] = v;
        s22[j * k + i] = v;
      }
      const c = cross.withLaggedZ(prev, i);
      s22[i * k + k - 1] = c;
      s22[(k - 1) * k + i] = c;
    }
    s22[(k - 1) * k + k - 1] = 1;
    // Covariances of z_t (row 0) and z_{t−k} (row 1) with the conditioning set.
    const r0 = new Float64Array(k);
    const r1 = new Float64Array(k);
    for (let j = 0; j < k - 1; j++) {
      r0[j] = rho(m, j + 1);
      r1[j] = rho(seasonBefore(m, j + 1, nSeasons), k - 1 - j);
    }
    r0[k - 1] = cross.withNextZ(prev);
    r1[k - 1] = cross.withLaggedZ(prev, k - 1);
    const x0 = solveLinear(s22, r0, k);
    const x1 = solveLinear(s22, r1, k);
    if (x0 === undefined || x1 === undefined) break;
    let d00 = 1;
    let d01 = rho(m, k);
    let d11 = 1;
    for (let j = 0; j < k; j++) {
      d00 -= (r0[j] as number) * (x0[j] as number);
      d01 -= (r0[j] as number) * (x1[j] as number);
      d11 -= (r1[j] as number) * (x1[j] as number);
    }
    const d = d00 * d11;
    out.push(d > 0 ? Math.min(1, Math.max(-1, d01 / Math.sqrt(d))) : 0);
  }
  return out;
}

/**
 * Order selection of "pacf_annual" from the conditional FACP: an exact zero at lag 1 (a
 * degenerate bucket) forces order 0; otherwise the order is the largest lag whose
 * |FACP| > z_α/√N, and at least 1 — the annual term alone is not trusted to carry all the
 * persistence when lag 1 is well defined.
 */
export function selectAnnualOrder(facp: readonly number[], nObservations: number, zAlpha: number): number {
  if (facp.length === 0 || facp[0] === 0) return 0;
  const threshold = nObservations > 0 ? zAlpha / Math.sqrt(nObservations) : Number.POSITIVE_INFINITY;
  let significant = 0;
  for (let k = facp.length; k >= 1; k--) {
    if (Math.abs(facp[k - 1] as number) > threshold) {
      significant = k;
      break;
    }
  }
  return Math.max(1, significant);
}

/**
 * PAR(p)-A fit of one hydro: conditional-FACP order selection, extended Yule–Walker
 * coefficients, then the safety nets of the classical fit acting on φ (ψ kept, or re-solved
 * with φ) — see the module comment.
 */
export function fitAnnualHydro(
  hydroId: number,
  series: SeasonalSeries,
  rho: (season: number, lag: number) => number,
  options: FitOptions,
  warnings: string[],
): { models: SeasonModel[]; pacfs: Float64Array[] } {
  const S = series.nSeasons;
  const annual = annualSeriesOf(series);
  const cross = annualCrossOf(series, annual);
  const nObs = (m: number) => (series.periods[m] as readonly number[]).length;
  // The term of season m reads A_{t−1}, which lives in the previous season's bucket.
  const term = (m: number, coefficient: number): AnnualTerm | undefined => {
    const prev = seasonBefore(m, 1, S);
    if ((annual.periods[prev] as readonly number[]).length === 0) return undefined;
    return { coefficient, meanM3s: annual.mean[prev] as number, stdM3s: annual.std[prev] as number };
  };
  const fittable = (m: number): boolean => {
    const prev = seasonBefore(m, 1, S);
    return (
      series.std[m] !== 0 &&
      nObs(m) >= 2 &&
      (annual.periods[prev] as readonly number[]).length > 0 &&
      annual.std[prev] !== 0
    );
  };
  const solveAt = (m: number, order: number): SeasonModel => {
    const fit = annualYuleWalker(m, order, S, rho, cross);
    const t = term(m, fit?.annualCoefficient ?? 0);
    const model: SeasonModel =
      fit === undefined
        ? { coefficients: new Float64Array(0), residualStdRatio: 1 }
        : { coefficients: fit.coefficients, residualStdRatio: residualStdRatio(fit.residualVariance) };
    if (t !== undefined) model.annual = t;
    return model;
  };
  const withoutAr = (model: SeasonModel): SeasonModel => {
    const out: SeasonModel = { coefficients: new Float64Array(0), residualStdRatio: 1 };
    if (model.annual !== undefined) out.annual = model.annual;
    return out;
  };

  const models: SeasonModel[] = [];
  const pacfs: Float64Array[] = [];
  for (let m = 0; m < S; m++) {
    const pacf = new Float64Array(options.maxOrder).fill(Number.NaN);
    pacfs.push(pacf);
    if (!fittable(m)) {
      const t = term(m, 0);
      models.push(t === undefined ? WHITE_NOISE : { ...WHITE_NOISE, annual: t });
      continue;
    }
    const facp = conditionalPacf(m, options.maxOrder, S, rho, cross);
    pacf.set(facp);
    models.push(solveAt(m, selectAnnualOrder(facp, nObs(m), options.zAlpha)));
  }

  // Magnitude bound and negative φ₁ drop the AR part only.
  for (let m = 0; m < S; m++) {
    const c = (models[m] as SeasonModel).coefficients;
    const maxMag = options.maxMagnitude;
    if (maxMag !== null && c.some((v) => Math.abs(v) > maxMag)) {
      warnings.push(`hydro ${hydroId} season ${m}: coefficient above max_coefficient_magnitude ${maxMag}; order 0`);
      models[m] = withoutAr(models[m] as SeasonModel);
    } else if (options.rejectNegative && c.length > 0 && (c[0] as number) < 0) {
      warnings.push(`hydro ${hydroId} season ${m}: negative lag-1 coefficient; order 0`);
      models[m] = withoutAr(models[m] as SeasonModel);
    }
  }

  // Maceira–Damazio reduction on φ; every re-fit re-solves φ and ψ together. Not shared
  // with the classical loop above on purpose: as in the reference, a season re-fitted to
  // order 0 here is frozen without forcing another pass over the other seasons.
  const ceiling = new Array<number>(S).fill(options.maxOrder);
  const frozen = models.map((m) => m.coefficients.length === 0);
  for (;;) {
    const failing = failingSeasons(hydroId, models, frozen, ceiling, series.std, warnings);
    if (failing.length === 0) break;
    let refitted = false;
    for (const s of failing) {
      if (ceiling[s] === 0) continue;
      ceiling[s] = (ceiling[s] as number) - 1;
      if (!fittable(s)) {
        models[s] = withoutAr(models[s] as SeasonModel);
        frozen[s] = true;
        continue;
      }
      const limit = ceiling[s] as number;
      const order =
        limit === 0 ? 0 : selectAnnualOrder(conditionalPacf(s, limit, S, rho, cross), nObs(s), options.zAlpha);
      const model = solveAt(s, order);
      models[s] = model;
      if (limit === 0 || model.coefficients.length === 0) {
        frozen[s] = true;
      } else if (options.rejectNegative && (model.coefficients[0] as number) < 0) {
        warnings.push(`hydro ${hydroId} season ${s}: negative lag-1 coefficient after re-fit; order 0`);
        models[s] = solveAt(s, 0);
        frozen[s] = true;
      } else {
        refitted = true;
      }
    }
    if (!refitted) break;
  }
  return { models, pacfs };
}
