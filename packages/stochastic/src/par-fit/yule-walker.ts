/** Steps 3–5 of PAR(p) estimation: periodic autocorrelations, Yule–Walker fits, order selection. */

import type { AnnualTerm } from "./types.js";

/** Season `lag` periods before `season` on a cycle of `nSeasons`. */
export function seasonBefore(season: number, lag: number, nSeasons: number): number {
  return (((season - lag) % nSeasons) + nSeasons) % nSeasons;
}

/**
 * Solves A·x = b (n×n, row-major) by Gaussian elimination with partial pivoting;
 * undefined when a pivot is below machine epsilon (the reference's singularity test).
 */
export function solveLinear(a: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(m[r * n + col] as number) > Math.abs(m[piv * n + col] as number)) piv = r;
    const p = m[piv * n + col] as number;
    if (!(Math.abs(p) >= Number.EPSILON)) return undefined;
    if (piv !== col) {
      for (let c = 0; c < n; c++) {
        const t = m[col * n + c] as number;
        m[col * n + c] = m[piv * n + c] as number;
        m[piv * n + c] = t;
      }
      const t = x[col] as number;
      x[col] = x[piv] as number;
      x[piv] = t;
    }
    for (let r = col + 1; r < n; r++) {
      const f = (m[r * n + col] as number) / p;
      if (f === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c] = (m[r * n + c] as number) - f * (m[col * n + c] as number);
      x[r] = (x[r] as number) - f * (x[col] as number);
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r] as number;
    for (let c = r + 1; c < n; c++) s -= (m[r * n + c] as number) * (x[c] as number);
    x[r] = s / (m[r * n + r] as number);
  }
  return x;
}

/** One hydro's history arranged by season, with its seasonal statistics. */
export interface SeasonalSeries {
  readonly nSeasons: number;
  /** Value by period index (year·nSeasons + season). */
  readonly value: ReadonlyMap<number, number>;
  /** Period indices of each season, chronological. */
  readonly periods: readonly (readonly number[])[];
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** Memoised periodic autocorrelation ρ_season(lag) of one series (step 3). */
export function autocorrelationOf(series: SeasonalSeries): (season: number, lag: number) => number {
  const cache = new Map<number, number>();
  return (season, lag) => {
    if (lag === 0) return 1;
    const key = lag * series.nSeasons + season;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const lagSeason = seasonBefore(season, lag, series.nSeasons);
    const sRef = series.std[season] as number;
    const sLag = series.std[lagSeason] as number;
    let r = 0;
    if (Math.abs(sRef) >= Number.EPSILON && Math.abs(sLag) >= Number.EPSILON) {
      const muRef = series.mean[season] as number;
      const muLag = series.mean[lagSeason] as number;
      let gamma = 0;
      let pairs = 0;
      for (const t of series.periods[season] as readonly number[]) {
        const lagged = series.value.get(t - lag);
        if (lagged === undefined) continue;
        gamma += ((series.value.get(t) as number) - muRef) * (lagged - muLag);
        pairs++;
      }
      if (pairs > 0) r = Math.min(1, Math.max(-1, gamma / pairs / (sRef * sLag)));
    }
    cache.set(key, r);
    return r;
  };
}

/** Solution of one periodic Yule–Walker system. */
interface YuleWalkerFit {
  readonly coefficients: Float64Array;
  /** 1 − Σ ψ*_i ρ_m(i): residual variance of the standardized series. */
  readonly residualVariance: number;
}

/** Periodic Yule–Walker fit of order p for season m (step 5); undefined when singular. */
function periodicYuleWalker(
  m: number,
  p: number,
  nSeasons: number,
  rho: (season: number, lag: number) => number,
): YuleWalkerFit | undefined {
  if (p === 0) return { coefficients: new Float64Array(0), residualVariance: 1 };
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    a[i * p + i] = 1;
    const rowSeason = seasonBefore(m, i + 1, nSeasons);
    for (let j = i + 1; j < p; j++) {
      const v = rho(rowSeason, j - i);
      a[i * p + j] = v;
      a[j * p + i] = v;
    }
    b[i] = rho(m, i + 1);
  }
  const phi = solveLinear(a, b, p);
  if (phi === undefined) return undefined;
  let explained = 0;
  for (let i = 0; i < p; i++) explained += (phi[i] as number) * (b[i] as number);
  return { coefficients: phi, residualVariance: 1 - explained };
}

/** Residual std ratio of a fit: √σ² clamped to (0, 1], 1 when σ² is not positive. */
export function residualStdRatio(residualVariance: number): number {
  return residualVariance > 0 ? Math.min(1, Math.max(Number.EPSILON, Math.sqrt(residualVariance))) : 1;
}

/** Coefficients and residual ratio chosen for one season. */
export interface SeasonModel {
  coefficients: Float64Array;
  residualStdRatio: number;
  annual?: AnnualTerm;
}

export const WHITE_NOISE: SeasonModel = { coefficients: new Float64Array(0), residualStdRatio: 1 };

/** Order selection and fit of one season under an order ceiling (steps 4–5). */
export function selectAndFit(
  series: SeasonalSeries,
  rho: (season: number, lag: number) => number,
  m: number,
  ceiling: number,
  selection: "pacf" | "aic",
  zAlpha: number,
): { model: SeasonModel; pacf: number[] } {
  const n = (series.periods[m] as readonly number[]).length;
  const S = series.nSeasons;
  // PACF_k is the last coefficient of the order-k fit; a singular system ends the scan.
  const pacf: number[] = [];
  const variances = [1];
  for (let k = 1; k <= ceiling; k++) {
    const fit = periodicYuleWalker(m, k, S, rho);
    if (fit === undefined) break;
    pacf.push(fit.coefficients[k - 1] as number);
    variances.push(fit.residualVariance);
  }
  let order = 0;
  if (selection === "aic") {
    // ln σ² needs σ² > 0: only the leading run of positive variances competes.
    const aic = (k: number) => n * Math.log(variances[k] as number) + 2 * k;
    for (let p = 1; p < variances.length && (variances[p] as number) > Number.EPSILON; p++)
      if (aic(p) < aic(order)) order = p;
  } else {
    const threshold = n > 0 ? zAlpha / Math.sqrt(n) : Number.POSITIVE_INFINITY;
    for (let k = pacf.length; k >= 1; k--) {
      if (Math.abs(pacf[k - 1] as number) > threshold) {
        order = k;
        break;
      }
    }
  }
  if (order === 0) return { model: WHITE_NOISE, pacf };
  const fit = periodicYuleWalker(m, order, S, rho);
  if (fit === undefined) return { model: WHITE_NOISE, pacf };
  return { model: { coefficients: fit.coefficients, residualStdRatio: residualStdRatio(fit.residualVariance) }, pacf };
}
