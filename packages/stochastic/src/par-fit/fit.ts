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

import { ok } from "@cobre/core";
import { type StochasticResult, fail } from "../errors.js";
import {
  ANNUAL_WINDOW,
  type InflowAnnualComponent,
  type InflowArCoefficient,
  type InflowSeasonalStat,
  type ParStage,
} from "../par-model.js";
import { fitAnnualHydro } from "./annual.js";
import { classifyHistory } from "./classify.js";
import { reduceOrders } from "./order-reduction.js";
import {
  type EstimationConfig,
  type FitOptions,
  type HistoryClass,
  type HydroFit,
  type HydroHistory,
  MONTHLY_CALENDAR,
  type ParFit,
  type SeasonCalendar,
  type SeasonFit,
} from "./types.js";
import { type SeasonModel, type SeasonalSeries, WHITE_NOISE, autocorrelationOf, selectAndFit } from "./yule-walker.js";

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
): StochasticResult<ParFit> {
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
): StochasticResult<{
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
