/**
 * PAR(p) estimation from an inflow history (`inflow_history.parquet`: hydro, date, value).
 *
 * Steps, as the Cobre book describes estimation (guide/stochastic-modeling.md "Estimation
 * from History"; crates/stochastic.md "Estimation pipeline"; config `estimation`):
 * 1. Seasonal statistics per (hydro, season): mean and Bessel-corrected std (N − 1).
 * 2. Periodic autocorrelations of the standardized series z = (a − μ_m)/s_m:
 *    ρ_m(k) = Σ_{t in season m} z_t · z_{t−k} / (N_m − 1)  (pairs whose lag is observed).
 * 3. Order selection per season (`order_selection`, default "pacf"): the periodic partial
 *    autocorrelation at lag k is the last coefficient of the order-k periodic Yule–Walker
 *    fit; the order is the largest k ≤ max_order with |PACF_k| > 1.96/√N_m (95 %). "aic"
 *    picks argmin N_m·ln(σ²_p) + 2p (σ²_0 = 1, ties to the lower order). "fixed" and
 *    "pacf_annual" are treated as "pacf" (the book deprecates "fixed"; the annual
 *    component is not implemented) with a warning.
 * 4. Coefficients: the periodic Yule–Walker system (non-Toeplitz) for season m, order p:
 *      Σ_j ψ*_j · corr(z_{t−i}, z_{t−j}) = ρ_m(i),  i = 1..p,
 *    with corr(z_{t−i}, z_{t−j}) = ρ_{m−i}(j − i) for j > i; residual_std_ratio =
 *    √(1 − Σ ψ*_i ρ_m(i)).
 * 5. Safety nets: seasons with fewer than `min_observations_per_season` observations are
 *    skipped (order 0); `max_coefficient_magnitude` reduces a season to order 0 when any
 *    |ψ*| exceeds it; a negative lag-1 coefficient also reduces to order 0 (what the
 *    reference implementation does before its Maceira–Damazio order reduction, which is
 *    not implemented here).
 * Coefficients are returned in standardized form, the same form as
 * `inflow_ar_coefficients.parquet`, so {@link parFitToModelInputs} feeds `buildParModel`.
 */

import { type Result, fail, ok } from "./errors.js";
import type { InflowArCoefficient, InflowSeasonalStat, ParStage } from "./par-model.js";

/** One historical observation. */
export interface HistoryObservation {
  /** ISO date "YYYY-MM-DD" (only year and month are used by the default calendar). */
  readonly date: string;
  readonly valueM3s: number;
}

/** The history of one hydro. */
export interface HydroHistory {
  readonly hydroId: number;
  readonly observations: readonly HistoryObservation[];
}

/** `estimation` section of config.json (book defaults in brackets). */
export interface EstimationConfig {
  /** [6] */
  readonly maxOrder?: number;
  /** ["pacf"] */
  readonly orderSelection?: "pacf" | "aic" | "fixed" | "pacf_annual";
  /** [30] */
  readonly minObservationsPerSeason?: number;
  /** [null] */
  readonly maxCoefficientMagnitude?: number | null;
  /** Two-sided normal quantile of the PACF test [1.96]. */
  readonly zAlpha?: number;
  /** Reduce a season to order 0 when ψ*_1 < 0 [true]. */
  readonly rejectNegativeFirstLag?: boolean;
}

/** Maps a date to (year, season); the default is the calendar month (12 seasons, Jan = 0). */
export interface SeasonCalendar {
  readonly nSeasons: number;
  readonly periodOf: (date: string) => { readonly year: number; readonly season: number } | undefined;
}

/** 12 monthly seasons, season = month − 1. */
export const MONTHLY_CALENDAR: SeasonCalendar = {
  nSeasons: 12,
  periodOf(date) {
    const m = /^(-?\d{1,6})-(\d{2})/.exec(date);
    if (m === null) return undefined;
    const month = Number(m[2]);
    if (month < 1 || month > 12) return undefined;
    return { year: Number(m[1]), season: month - 1 };
  },
};

/** Fit of one (hydro, season). */
export interface SeasonFit {
  readonly season: number;
  readonly nObservations: number;
  readonly mean: number;
  readonly std: number;
  /** Standardized coefficients ψ*_1..ψ*_p (length = selected order). */
  readonly coefficients: Float64Array;
  readonly residualStdRatio: number;
  /** Periodic PACF at lags 1..maxOrder (NaN where not computable). */
  readonly pacf: Float64Array;
}

/** Fit of one hydro: one entry per season. */
export interface HydroFit {
  readonly hydroId: number;
  readonly seasons: readonly SeasonFit[];
}

/** Result of {@link fitPar}. */
export interface ParFit {
  readonly nSeasons: number;
  readonly hydros: readonly HydroFit[];
  /** Non-fatal notes (skipped seasons, reduced orders, option substitutions). */
  readonly warnings: readonly string[];
}

/** Solves A·x = b (n×n, row-major) by Gaussian elimination with partial pivoting; undefined if singular. */
function solveLinear(a: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(m[r * n + col] as number) > Math.abs(m[piv * n + col] as number)) piv = r;
    const p = m[piv * n + col] as number;
    if (!(Math.abs(p) > 1e-12)) return undefined;
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

/** Standardized series of one hydro keyed by period index (year·nSeasons + season). */
interface Standardized {
  readonly z: Map<number, number>;
  readonly bySeason: number[][]; // period indices per season
}

/**
 * Periodic Yule–Walker fit of order p for season m.
 * @param rho rho(season, lag) — periodic autocorrelation
 */
function periodicYuleWalker(
  m: number,
  p: number,
  nSeasons: number,
  rho: (season: number, lag: number) => number,
): { coefficients: Float64Array; residualVariance: number } | undefined {
  if (p === 0) return { coefficients: new Float64Array(0), residualVariance: 1 };
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 1; i <= p; i++) {
    b[i - 1] = rho(m, i);
    for (let j = 1; j <= p; j++) {
      const v =
        i === j
          ? 1
          : i < j
            ? rho((((m - i) % nSeasons) + nSeasons) % nSeasons, j - i)
            : rho((((m - j) % nSeasons) + nSeasons) % nSeasons, i - j);
      a[(i - 1) * p + (j - 1)] = v;
    }
  }
  const phi = solveLinear(a, b, p);
  if (phi === undefined) return undefined;
  let explained = 0;
  for (let i = 0; i < p; i++) explained += (phi[i] as number) * (b[i] as number);
  return { coefficients: phi, residualVariance: 1 - explained };
}

/**
 * Fits a PAR(p) model per (hydro, season) from history.
 * Fails with `InsufficientHistory` when a season of a hydro has fewer than 2 observations
 * (no standard deviation), `InvalidInput` on unparseable dates, non-finite values or
 * duplicate (year, season) observations.
 */
export function fitPar(
  histories: readonly HydroHistory[],
  config: EstimationConfig = {},
  calendar: SeasonCalendar = MONTHLY_CALENDAR,
): Result<ParFit> {
  const maxOrder = config.maxOrder ?? 6;
  const minObs = config.minObservationsPerSeason ?? 30;
  const maxMag = config.maxCoefficientMagnitude ?? null;
  const z95 = config.zAlpha ?? 1.96;
  const rejectNeg = config.rejectNegativeFirstLag ?? true;
  let selection = config.orderSelection ?? "pacf";
  const warnings: string[] = [];
  if (selection === "fixed" || selection === "pacf_annual") {
    warnings.push(`order_selection "${selection}" is treated as "pacf"`);
    selection = "pacf";
  }
  if (!Number.isInteger(maxOrder) || maxOrder < 0)
    return fail("InvalidInput", "max_order must be a non-negative integer", { maxOrder });
  const S = calendar.nSeasons;
  const hydros: HydroFit[] = [];

  for (const history of histories) {
    const values = new Map<number, number>();
    const bySeason: number[][] = Array.from({ length: S }, () => []);
    for (const obs of history.observations) {
      const period = calendar.periodOf(obs.date);
      if (period === undefined || period.season < 0 || period.season >= S) {
        return fail("InvalidInput", `cannot map date "${obs.date}" to a season`, {
          hydroId: history.hydroId,
          date: obs.date,
        });
      }
      if (!Number.isFinite(obs.valueM3s))
        return fail("InvalidInput", "history values must be finite", { hydroId: history.hydroId, date: obs.date });
      const index = period.year * S + period.season;
      if (values.has(index)) {
        return fail("InvalidInput", "more than one observation for a (year, season)", {
          hydroId: history.hydroId,
          date: obs.date,
        });
      }
      values.set(index, obs.valueM3s);
      (bySeason[period.season] as number[]).push(index);
    }
    // Step 1: seasonal statistics.
    const mean = new Float64Array(S);
    const std = new Float64Array(S);
    for (let m = 0; m < S; m++) {
      const idx = bySeason[m] as number[];
      if (idx.length < 2) {
        return fail(
          "InsufficientHistory",
          `hydro ${history.hydroId} has ${idx.length} observation(s) in season ${m}; at least 2 are needed`,
          {
            hydroId: history.hydroId,
            season: m,
            observations: idx.length,
          },
        );
      }
      let s = 0;
      for (const i of idx) s += values.get(i) as number;
      const mu = s / idx.length;
      let v = 0;
      for (const i of idx) v += ((values.get(i) as number) - mu) ** 2;
      mean[m] = mu;
      std[m] = Math.sqrt(v / (idx.length - 1));
    }
    // Step 2: standardized series and periodic autocorrelations (memoised).
    const z = new Map<number, number>();
    for (const [i, x] of values) {
      const m = ((i % S) + S) % S;
      const s = std[m] as number;
      z.set(i, s > 0 ? (x - (mean[m] as number)) / s : 0);
    }
    const std_: Standardized = { z, bySeason };
    const cache = new Map<number, number>();
    const rho = (m: number, k: number): number => {
      const key = m * 10007 + k;
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const idx = std_.bySeason[m] as number[];
      let sum = 0;
      for (const i of idx) {
        const lagged = std_.z.get(i - k);
        if (lagged !== undefined) sum += (std_.z.get(i) as number) * lagged;
      }
      const r = idx.length > 1 ? sum / (idx.length - 1) : 0;
      cache.set(key, r);
      return r;
    };

    const seasons: SeasonFit[] = [];
    for (let m = 0; m < S; m++) {
      const n = (bySeason[m] as number[]).length;
      const pacf = new Float64Array(maxOrder).fill(Number.NaN);
      const white: SeasonFit = {
        season: m,
        nObservations: n,
        mean: mean[m] as number,
        std: std[m] as number,
        coefficients: new Float64Array(0),
        residualStdRatio: 1,
        pacf,
      };
      if ((std[m] as number) === 0) {
        seasons.push(white);
        continue;
      }
      // Step 3: PACF and residual variances for each candidate order.
      const variances = [1];
      let usable = 0;
      for (let k = 1; k <= maxOrder; k++) {
        const fit = periodicYuleWalker(m, k, S, rho);
        if (fit === undefined || !(fit.residualVariance > Number.EPSILON)) break;
        pacf[k - 1] = fit.coefficients[k - 1] as number;
        variances.push(fit.residualVariance);
        usable = k;
      }
      if (n < minObs) {
        warnings.push(
          `hydro ${history.hydroId} season ${m}: ${n} observations < min_observations_per_season ${minObs}; order 0`,
        );
        seasons.push(white);
        continue;
      }
      let order = 0;
      if (selection === "aic") {
        let best = 0;
        for (let p = 1; p <= usable; p++) {
          const aic = (k: number) => n * Math.log(variances[k] as number) + 2 * k;
          if (aic(p) < aic(best)) best = p;
        }
        order = best;
      } else {
        const threshold = z95 / Math.sqrt(n);
        for (let k = 1; k <= usable; k++) if (Math.abs(pacf[k - 1] as number) > threshold) order = k;
      }
      // Step 4: coefficients of the selected order.
      const fit = periodicYuleWalker(m, order, S, rho);
      if (fit === undefined || order === 0) {
        seasons.push(white);
        continue;
      }
      // Step 5: safety nets.
      const tooLarge = maxMag !== null && fit.coefficients.some((c) => Math.abs(c) > maxMag);
      if (tooLarge) {
        warnings.push(
          `hydro ${history.hydroId} season ${m}: coefficient above max_coefficient_magnitude ${maxMag}; order 0`,
        );
        seasons.push(white);
        continue;
      }
      if (rejectNeg && (fit.coefficients[0] as number) < 0) {
        warnings.push(`hydro ${history.hydroId} season ${m}: negative lag-1 coefficient; order 0`);
        seasons.push(white);
        continue;
      }
      seasons.push({ ...white, coefficients: fit.coefficients, residualStdRatio: Math.sqrt(fit.residualVariance) });
    }
    hydros.push({ hydroId: history.hydroId, seasons });
  }
  return ok({ nSeasons: S, hydros, warnings });
}

/**
 * Expands a season-level fit to the per-stage rows `buildParModel` takes: every stage
 * (study and pre-study; each needs `seasonId`) receives its season's statistics and
 * coefficients.
 */
export function parFitToModelInputs(
  fit: ParFit,
  stages: readonly ParStage[],
): Result<{ seasonalStats: InflowSeasonalStat[]; arCoefficients: InflowArCoefficient[] }> {
  const seasonalStats: InflowSeasonalStat[] = [];
  const arCoefficients: InflowArCoefficient[] = [];
  for (const stage of stages) {
    if (stage.seasonId === undefined || stage.seasonId < 0 || stage.seasonId >= fit.nSeasons) {
      return fail("InvalidInput", `stage ${stage.id} has no season in 0..${fit.nSeasons - 1}`, { stageId: stage.id });
    }
    for (const hydro of fit.hydros) {
      const s = hydro.seasons[stage.seasonId] as SeasonFit;
      seasonalStats.push({ hydroId: hydro.hydroId, stageId: stage.id, meanM3s: s.mean, stdM3s: s.std });
      for (const [k, c] of s.coefficients.entries()) {
        arCoefficients.push({
          hydroId: hydro.hydroId,
          stageId: stage.id,
          lag: k + 1,
          coefficient: c,
          residualStdRatio: s.residualStdRatio,
        });
      }
    }
  }
  return ok({ seasonalStats, arCoefficients });
}
