/**
 * PAR(p) estimation from an inflow history (`inflow_history.parquet`: hydro, date, value).
 *
 * Steps, as the Cobre book describes estimation (guide/stochastic-modeling.md "Estimation
 * from History"; crates/stochastic.md "Estimation pipeline"; config `estimation`), with the
 * conventions of the reference implementation so that a fitted case trains to the same
 * bounds:
 * 1. Seasonal statistics per (hydro, season): mean and population std (divisor N, the
 *    Maceira–Damazio convention; every correlation below uses the same scale).
 * 2. History classification per (hydro, season) ({@link classifyHistory}): a constant
 *    series, or one where more than half of the values (rounded to integers) sit on one
 *    modal value (a flow cap or a transposed low flow), gets mean = that value and std = 0,
 *    which forces order 0 there and zeroes every correlation that involves the season.
 *    More than 10 % negative values is only reported.
 * 3. Periodic autocorrelations ρ_m(k) = Σ (a_t − μ_m)(a_{t−k} − μ_{m−k}) / (n_pairs σ_m σ_{m−k})
 *    over the observations t of season m whose lag t−k is observed, clamped to [−1, 1];
 *    0 where either std vanishes. Pairs are matched by date, which is what the reference
 *    computes for a gap-free history that starts in the first season.
 * 4. Order selection per season (`order_selection`, default "pacf"): the periodic partial
 *    autocorrelation at lag k is the last coefficient of the order-k periodic Yule–Walker
 *    fit (stopping at the first singular system); the order is the largest k ≤ ceiling with
 *    |PACF_k| > z_α/√N_m (0 when none is). This is the classical rule the reference uses for
 *    "pacf"; the book's structural-zero and minimum-order-1 rules belong to the conditional
 *    FACP of "pacf_annual" (below). The deprecated "fixed" runs as "pacf", with a warning.
 *    "aic" picks argmin N_m·ln(σ²_p) + 2p.
 * 5. Coefficients: the periodic Yule–Walker system (non-Toeplitz) for season m, order p:
 *      Σ_j ψ*_j · corr(z_{t−i}, z_{t−j}) = ρ_m(i),  i = 1..p,
 *    with corr(z_{t−i}, z_{t−j}) = ρ_{m−i}(j − i) for j > i; residual_std_ratio =
 *    √(1 − Σ ψ*_i ρ_m(i)) clamped to (0, 1] (1 when the variance is not positive).
 * 6. Safety nets, in this order: `max_coefficient_magnitude` reduces a season to order 0
 *    when any |ψ*| exceeds it; a negative lag-1 coefficient reduces to order 0
 *    (hydrological persistence); then the Maceira–Damazio iterative order reduction: the
 *    contributions of each lag composed through the periodic chain
 *    ({@link lagContributions}) are checked for every season; each season with a negative
 *    contribution lowers its order ceiling by one (from `max_order`) and is re-selected and
 *    re-fitted (order 0 when the ceiling reaches 0 or the new ψ*_1 is negative); repeated
 *    until every season passes or nothing could be re-fitted.
 * `min_observations_per_season` only produces a warning (the reference reports it as a
 * model-quality warning and fits the season anyway).
 *
 * "pacf_annual" (PAR(p)-A, book guide "Annual component"; config `order_selection`) adds to
 * each season's equation the standardized rolling annual mean of the previous period:
 *   z_t = Σ_i φ_i z_{t−i} + ψ·(A_{t−1} − μ^A_{m−1})/σ^A_{m−1} + ratio·ε,
 *   A_{t−1} = mean of the 12 observations ending at t−1.
 * A values are bucketed by the season of their newest observation and exist only where the
 * next observation exists (A_{t−1} is always a regressor of some observed a_t); μ^A, σ^A are
 * their per-season mean and population std. The fit follows the same steps with three
 * differences ({@link fitAnnualHydro}):
 * - order selection uses the conditional FACP: at lag k, the correlation of (z_t, z_{t−k})
 *   once z_{t−1..t−k+1} and A_{t−1} are partialled out (partitioned covariance
 *   Σ̄ = Σ₁₁ − Σ₁₂Σ₂₂⁻¹Σ₂₁), with the rules of the reference: a structural zero at lag 1
 *   (exactly 0) gives order 0; otherwise the order is max(1, largest significant lag);
 * - coefficients solve the extended Yule–Walker system of dimension p+1, whose last row and
 *   column hold corr(z_{t−1−i}, A_{t−1}) and whose last right-hand side is corr(A_{t−1}, z_t).
 *   Correlations between z and A are normalized by the larger of the two buckets (the
 *   reference's convention: missing A years count as sitting on the mean);
 * - the safety nets act on φ only: ψ survives a magnitude or negative-φ₁ reduction, and a
 *   Maceira–Damazio re-fit re-solves both (at ceiling 0, the 1×1 system for ψ alone).
 * A season whose std or annual std vanishes, or that has no A values, gets φ = ∅ and ψ = 0.
 * Coefficients are returned in standardized form, the same form as
 * `inflow_ar_coefficients.parquet`, so {@link parFitToModelInputs} feeds `buildParModel`.
 */

import { type Result, fail, ok } from "./errors.js";
import {
  ANNUAL_WINDOW,
  type InflowAnnualComponent,
  type InflowArCoefficient,
  type InflowSeasonalStat,
  type ParStage,
} from "./par-model.js";

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
  /** Seasons with fewer observations are fitted but reported in `warnings` [30]. */
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

/**
 * Class of one (hydro, season) series, see {@link classifyHistory}. `constant` and
 * `saturated` force (mean = value, std = 0); `many_negative` is diagnostic only.
 */
export type HistoryClass =
  | { readonly kind: "default" }
  | { readonly kind: "constant"; readonly value: number }
  | { readonly kind: "many_negative"; readonly sampleMean: number }
  | { readonly kind: "saturated"; readonly cap: number };

/**
 * PAR(p)-A term of one (hydro, season): the standardized coefficient ψ of the rolling annual
 * mean A_{t−1} and that mean's statistics (of the previous season's bucket, which is where
 * A_{t−1} lives).
 */
export interface AnnualTerm {
  readonly coefficient: number;
  readonly meanM3s: number;
  readonly stdM3s: number;
}

/** Fit of one (hydro, season). */
export interface SeasonFit {
  readonly season: number;
  readonly nObservations: number;
  readonly mean: number;
  /** Population standard deviation (divisor N); 0 for a constant or saturated season. */
  readonly std: number;
  /** Standardized coefficients ψ*_1..ψ*_p (length = selected order). */
  readonly coefficients: Float64Array;
  readonly residualStdRatio: number;
  /**
   * Periodic PACF at lags 1..maxOrder of the first fit (NaN where not computable); the
   * conditional FACP under "pacf_annual".
   */
  readonly pacf: Float64Array;
  /** Only under "pacf_annual", for seasons whose previous season has annual-mean values. */
  readonly annual?: AnnualTerm;
  /** Classification of the season's observations. */
  readonly historyClass: HistoryClass;
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
  /** Non-fatal notes (short seasons, classified seasons, reduced orders, option substitutions). */
  readonly warnings: readonly string[];
}

/** Tolerance under which two observations count as equal in {@link classifyHistory}. */
const CONSTANT_TOLERANCE = 1e-6;

/** Rounds half away from zero (Math.round rounds −2.5 to −2). */
function roundHalfAway(v: number): number {
  return Math.sign(v) * Math.round(Math.abs(v));
}

/**
 * Classifies one (hydro, season) series, first match wins:
 * - `constant`: every value within 1e-6 of the first (an empty series is constant 0);
 * - `many_negative`: more than 10 % strictly negative values (an upstream incremental
 *   construction gone wrong; reported, not acted on);
 * - `saturated`: the most frequent value after rounding to an integer (history files
 *   carry whole m³/s) holds more than half of the observations; the cap is that integer
 *   (the smallest one on a tie, which cannot exceed half anyway);
 * - `default` otherwise.
 */
export function classifyHistory(values: readonly number[]): HistoryClass {
  if (values.length === 0) return { kind: "constant", value: 0 };
  const first = values[0] as number;
  if (values.every((v) => Math.abs(v - first) < CONSTANT_TOLERANCE)) return { kind: "constant", value: first };
  const n = values.length;
  const negatives = values.filter((v) => v < 0).length;
  if (negatives / n > 0.1) {
    let sum = 0;
    for (const v of values) sum += v;
    return { kind: "many_negative", sampleMean: sum / n };
  }
  const rounded = values.map(roundHalfAway).sort((a, b) => a - b);
  let bestCount = 0;
  let bestValue = rounded[0] as number;
  let run = 0;
  for (let i = 0; i < rounded.length; i++) {
    run = i > 0 && rounded[i] === rounded[i - 1] ? run + 1 : 1;
    if (run > bestCount) {
      bestCount = run;
      bestValue = rounded[i] as number;
    }
  }
  if (bestCount / n > 0.5) return { kind: "saturated", cap: bestValue };
  return { kind: "default" };
}

/** Season `lag` periods before `season` on a cycle of `nSeasons`. */
function seasonBefore(season: number, lag: number, nSeasons: number): number {
  return (((season - lag) % nSeasons) + nSeasons) % nSeasons;
}

/**
 * Maceira–Damazio contributions of lags 1..order for `season`: the total effect of the
 * inflow k periods back on the current inflow, in physical units, once the direct
 * coefficient and every indirect path through the intermediate seasons' own AR equations
 * are composed. With φ(s, j) = ψ*_{s,j}·σ_s/σ_{s−j} (0 beyond the season's order or when
 * σ_{s−j} = 0), row 0 is A₀[j] = φ(season, j+1) and row i composes one more season back:
 *   A_i[j] = A_{i−1}[0] · φ(season − i, j+1) + A_{i−1}[j+1];
 * the contribution of lag i+1 is A_i[0]. A negative entry means the lag's cumulative
 * influence opposes persistence, which makes generated inflows oscillate.
 * @param coefficientsBySeason standardized ψ* per season (any lengths)
 * @param stdBySeason seasonal std per season
 */
export function lagContributions(
  season: number,
  order: number,
  coefficientsBySeason: readonly (ArrayLike<number> | undefined)[],
  stdBySeason: ArrayLike<number>,
): Float64Array {
  const nSeasons = stdBySeason.length;
  const phys = (s: number, lagIndex: number): number => {
    const coeffs = coefficientsBySeason[s];
    if (coeffs === undefined || lagIndex >= coeffs.length) return 0;
    const lagged = stdBySeason[seasonBefore(s, lagIndex + 1, nSeasons)] as number;
    return lagged === 0 ? 0 : ((coeffs[lagIndex] as number) * (stdBySeason[s] as number)) / lagged;
  };
  const out = new Float64Array(order);
  if (order === 0) return out;
  let row = new Float64Array(order);
  for (let j = 0; j < order; j++) row[j] = phys(season, j);
  out[0] = row[0] as number;
  for (let i = 1; i < order; i++) {
    const back = seasonBefore(season, i, nSeasons);
    const next = new Float64Array(order);
    for (let j = 0; j < order - i; j++) next[j] = (row[0] as number) * phys(back, j) + (row[j + 1] as number);
    out[i] = next[0] as number;
    row = next;
  }
  return out;
}

/**
 * Solves A·x = b (n×n, row-major) by Gaussian elimination with partial pivoting;
 * undefined when a pivot is below machine epsilon (the reference's singularity test).
 */
function solveLinear(a: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
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
interface SeasonalSeries {
  readonly nSeasons: number;
  /** Value by period index (year·nSeasons + season). */
  readonly value: ReadonlyMap<number, number>;
  /** Period indices of each season, chronological. */
  readonly periods: readonly (readonly number[])[];
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** Memoised periodic autocorrelation ρ_season(lag) of one series (step 3). */
function autocorrelationOf(series: SeasonalSeries): (season: number, lag: number) => number {
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
function residualStdRatio(residualVariance: number): number {
  return residualVariance > 0 ? Math.min(1, Math.max(Number.EPSILON, Math.sqrt(residualVariance))) : 1;
}

/** Coefficients and residual ratio chosen for one season. */
interface SeasonModel {
  coefficients: Float64Array;
  residualStdRatio: number;
  annual?: AnnualTerm;
}

const WHITE_NOISE: SeasonModel = { coefficients: new Float64Array(0), residualStdRatio: 1 };

/** Order selection and fit of one season under an order ceiling (steps 4–5). */
function selectAndFit(
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

/** Resolved options of one {@link fitPar} call. */
interface FitOptions {
  readonly maxOrder: number;
  /** Classical selection rule; ignored when `annual`. */
  readonly selection: "pacf" | "aic";
  /** "pacf_annual": PAR(p)-A fit. */
  readonly annual: boolean;
  readonly maxMagnitude: number | null;
  readonly zAlpha: number;
  readonly rejectNegative: boolean;
}

/**
 * The unfrozen seasons whose lag contributions (under the coefficients as they stand) have
 * a negative entry — the Maceira–Damazio test — each reported in `warnings`.
 */
function failingSeasons(
  hydroId: number,
  models: readonly SeasonModel[],
  frozen: readonly boolean[],
  ceiling: readonly number[],
  std: SeasonalSeries["std"],
  warnings: string[],
): number[] {
  const coefficients = models.map((m) => m.coefficients);
  const failing: number[] = [];
  for (let s = 0; s < models.length; s++) {
    const order = (models[s] as SeasonModel).coefficients.length;
    if (frozen[s] || order === 0) continue;
    const c = lagContributions(s, order, coefficients, std);
    if (c.some((v) => v < 0)) {
      warnings.push(
        `hydro ${hydroId} season ${s}: negative contribution at order ${order} (${Array.from(c, (v) => v.toPrecision(4)).join(", ")}); AR ceiling ${ceiling[s]} → ${(ceiling[s] as number) - 1}`,
      );
      failing.push(s);
    }
  }
  return failing;
}

/**
 * Maceira–Damazio iterative order reduction of one hydro (step 6, after the magnitude and
 * ψ*_1 pre-passes). Every pass validates all unfrozen seasons against the coefficients as
 * they stood at the start of the pass, then lowers the ceiling of each failing season by
 * one and re-fits it; a season frozen at order 0 is never revisited. Stops when no season
 * fails or no failing season could be re-fitted.
 */
function reduceOrders(
  hydroId: number,
  series: SeasonalSeries,
  rho: (season: number, lag: number) => number,
  models: SeasonModel[],
  options: FitOptions,
  warnings: string[],
): void {
  const S = series.nSeasons;
  const ceiling = new Array<number>(S).fill(options.maxOrder);
  const frozen = models.map((m) => m.coefficients.length === 0);
  const freeze = (s: number) => {
    models[s] = WHITE_NOISE;
    frozen[s] = true;
  };
  for (;;) {
    const failing = failingSeasons(hydroId, models, frozen, ceiling, series.std, warnings);
    if (failing.length === 0) return;
    let refitted = false;
    for (const s of failing) {
      if (ceiling[s] === 0) continue;
      ceiling[s] = (ceiling[s] as number) - 1;
      if (ceiling[s] === 0 || series.std[s] === 0 || (series.periods[s] as readonly number[]).length < 2) {
        freeze(s);
        continue;
      }
      const { model } = selectAndFit(series, rho, s, ceiling[s] as number, options.selection, options.zAlpha);
      models[s] = model;
      if (options.rejectNegative && model.coefficients.length > 0 && (model.coefficients[0] as number) < 0) {
        warnings.push(`hydro ${hydroId} season ${s}: negative lag-1 coefficient after re-fit; order 0`);
        freeze(s);
      } else {
        refitted = true;
      }
    }
    if (!refitted) return;
  }
}

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
function fitAnnualHydro(
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
  const warnings: string[] = [];
  const requested = config.orderSelection ?? "pacf";
  if (requested === "fixed") warnings.push(`order_selection "fixed" is deprecated and treated as "pacf"`);
  const selection = requested === "aic" ? "aic" : "pacf";
  if (!Number.isInteger(maxOrder) || maxOrder < 0)
    return fail("InvalidInput", "max_order must be a non-negative integer", { maxOrder });
  const options: FitOptions = {
    maxOrder,
    selection,
    annual: requested === "pacf_annual",
    maxMagnitude: config.maxCoefficientMagnitude ?? null,
    zAlpha: config.zAlpha ?? 1.96,
    rejectNegative: config.rejectNegativeFirstLag ?? true,
  };
  const S = calendar.nSeasons;
  const hydros: HydroFit[] = [];

  for (const history of histories) {
    const value = new Map<number, number>();
    const periods: number[][] = Array.from({ length: S }, () => []);
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
      if (value.has(index)) {
        return fail("InvalidInput", "more than one observation for a (year, season)", {
          hydroId: history.hydroId,
          date: obs.date,
        });
      }
      value.set(index, obs.valueM3s);
      (periods[period.season] as number[]).push(index);
    }
    for (const p of periods) p.sort((a, b) => a - b);

    // Steps 1–2: seasonal statistics and history classification.
    const mean = new Float64Array(S);
    const std = new Float64Array(S);
    const classes: HistoryClass[] = [];
    for (let m = 0; m < S; m++) {
      const idx = periods[m] as number[];
      if (idx.length < 2) {
        return fail(
          "InsufficientHistory",
          `hydro ${history.hydroId} has ${idx.length} observation(s) in season ${m}; at least 2 are needed`,
          { hydroId: history.hydroId, season: m, observations: idx.length },
        );
      }
      if (idx.length < minObs) {
        warnings.push(
          `hydro ${history.hydroId} season ${m}: ${idx.length} observations < min_observations_per_season ${minObs}; estimation accuracy may be insufficient`,
        );
      }
      const values = idx.map((i) => value.get(i) as number);
      let s = 0;
      for (const v of values) s += v;
      const mu = s / values.length;
      let ss = 0;
      for (const v of values) ss += (v - mu) * (v - mu);
      const cls = classifyHistory(values);
      classes.push(cls);
      if (cls.kind === "constant" || cls.kind === "saturated") {
        const level = cls.kind === "constant" ? cls.value : cls.cap;
        warnings.push(`hydro ${history.hydroId} season ${m}: ${cls.kind} history (${level}); order 0`);
        mean[m] = level;
        std[m] = 0;
      } else {
        if (cls.kind === "many_negative")
          warnings.push(`hydro ${history.hydroId} season ${m}: more than 10 % negative observations`);
        mean[m] = mu;
        std[m] = Math.sqrt(ss / values.length);
      }
    }
    const series: SeasonalSeries = { nSeasons: S, value, periods, mean, std };
    const rho = autocorrelationOf(series);

    if (options.annual) {
      if (value.size < ANNUAL_WINDOW + 1) {
        return fail(
          "InsufficientHistory",
          `hydro ${history.hydroId} has ${value.size} observation(s); "pacf_annual" needs at least ${ANNUAL_WINDOW + 1} to form one rolling annual mean`,
          { hydroId: history.hydroId, observations: value.size },
        );
      }
      const fitted = fitAnnualHydro(history.hydroId, series, rho, options, warnings);
      hydros.push({
        hydroId: history.hydroId,
        seasons: fitted.models.map((model, m) => ({
          season: m,
          nObservations: (periods[m] as number[]).length,
          mean: mean[m] as number,
          std: std[m] as number,
          coefficients: model.coefficients,
          residualStdRatio: model.residualStdRatio,
          pacf: fitted.pacfs[m] as Float64Array,
          historyClass: classes[m] as HistoryClass,
          ...(model.annual === undefined ? {} : { annual: model.annual }),
        })),
      });
      continue;
    }

    // Steps 3–5: order selection and coefficients under the full ceiling.
    const models: SeasonModel[] = [];
    const pacfs: Float64Array[] = [];
    for (let m = 0; m < S; m++) {
      const pacf = new Float64Array(maxOrder).fill(Number.NaN);
      pacfs.push(pacf);
      if ((std[m] as number) === 0 || maxOrder === 0) {
        models.push(WHITE_NOISE);
        continue;
      }
      const fit = selectAndFit(series, rho, m, maxOrder, options.selection, options.zAlpha);
      pacf.set(fit.pacf);
      models.push(fit.model);
    }

    // Step 6: magnitude bound, negative ψ*_1, then contribution-driven reduction.
    for (let m = 0; m < S; m++) {
      const c = (models[m] as SeasonModel).coefficients;
      const maxMag = options.maxMagnitude;
      if (maxMag !== null && c.some((v) => Math.abs(v) > maxMag)) {
        warnings.push(
          `hydro ${history.hydroId} season ${m}: coefficient above max_coefficient_magnitude ${maxMag}; order 0`,
        );
        models[m] = WHITE_NOISE;
      }
    }
    if (options.rejectNegative) {
      for (let m = 0; m < S; m++) {
        const c = (models[m] as SeasonModel).coefficients;
        if (c.length > 0 && (c[0] as number) < 0) {
          warnings.push(`hydro ${history.hydroId} season ${m}: negative lag-1 coefficient; order 0`);
          models[m] = WHITE_NOISE;
        }
      }
    }
    reduceOrders(history.hydroId, series, rho, models, options, warnings);

    const seasons: SeasonFit[] = models.map((model, m) => ({
      season: m,
      nObservations: (periods[m] as number[]).length,
      mean: mean[m] as number,
      std: std[m] as number,
      coefficients: model.coefficients,
      residualStdRatio: model.residualStdRatio,
      pacf: pacfs[m] as Float64Array,
      historyClass: classes[m] as HistoryClass,
    }));
    hydros.push({ hydroId: history.hydroId, seasons });
  }
  return ok({ nSeasons: S, hydros, warnings });
}

/**
 * Expands a season-level fit to the per-stage rows `buildParModel` takes: every stage
 * (study and pre-study; each needs `seasonId`) receives its season's statistics,
 * coefficients and, under "pacf_annual", annual component.
 */
export function parFitToModelInputs(
  fit: ParFit,
  stages: readonly ParStage[],
): Result<{
  seasonalStats: InflowSeasonalStat[];
  arCoefficients: InflowArCoefficient[];
  annualComponents: InflowAnnualComponent[];
}> {
  const seasonalStats: InflowSeasonalStat[] = [];
  const arCoefficients: InflowArCoefficient[] = [];
  const annualComponents: InflowAnnualComponent[] = [];
  for (const stage of stages) {
    if (stage.seasonId === undefined || stage.seasonId < 0 || stage.seasonId >= fit.nSeasons) {
      return fail("InvalidInput", `stage ${stage.id} has no season in 0..${fit.nSeasons - 1}`, { stageId: stage.id });
    }
    for (const hydro of fit.hydros) {
      const s = hydro.seasons[stage.seasonId] as SeasonFit;
      seasonalStats.push({ hydroId: hydro.hydroId, stageId: stage.id, meanM3s: s.mean, stdM3s: s.std });
      if (s.annual !== undefined) {
        annualComponents.push({
          hydroId: hydro.hydroId,
          stageId: stage.id,
          annualCoefficient: s.annual.coefficient,
          annualMeanM3s: s.annual.meanM3s,
          annualStdM3s: s.annual.stdM3s,
        });
      }
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
  return ok({ seasonalStats, arCoefficients, annualComponents });
}
