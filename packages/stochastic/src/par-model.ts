/**
 * PAR(p) inflow model in the affine form the SDDP engine needs.
 *
 * The Cobre book (crates/stochastic.md, "PAR(p) preprocessing" and "PAR model
 * evaluation"; guide/stochastic-modeling.md) gives, for hydro h at stage t of season m:
 *
 *   a_t = base_t + Σ_{ℓ=1..p} ψ_{t,ℓ} · a_{t−ℓ} + σ_t · η_t
 *
 * with the coefficients of `inflow_ar_coefficients.parquet` in standardized form ψ*
 * (Yule–Walker output) converted to original units as
 *   ψ_{t,ℓ} = ψ*_{t,ℓ} · s_t / s_{t−ℓ}
 *   base_t  = μ_t − Σ_ℓ ψ_{t,ℓ} · μ_{t−ℓ}
 *   σ_t     = s_t · residual_std_ratio_t          (residual std; ratio = 1 for order 0)
 * where μ, s are `mean_m3s`, `std_m3s` of the stage (or of the lagged stage) and η is a
 * standard normal. Equivalently, in standardized variables z = (a − μ)/s:
 *   z_t = Σ_ℓ ψ*_{t,ℓ} z_{t−ℓ} + residual_std_ratio_t · η_t.
 *
 * Lag statistics: the lagged stage is the stage whose id is `t.id − ℓ` (pre-study stages
 * have negative ids, e.g. −1). If the seasonal statistics have no row for that id, the
 * statistics of its season are used (the first stage, by id, with that season), the season
 * being the lag stage's `seasonId` when the stage is known, otherwise the current stage's
 * season minus ℓ, cyclically. A lag whose standard deviation is 0 carries no standardized
 * information, so its coefficient is 0.
 *
 * Annual component (PAR(p)-A, book guide "Annual component"; `inflow_annual_component.parquet`):
 * the standardized equation gains one term ψ·(A_{t−1} − μ^A)/σ^A, where A_{t−1} is the mean
 * of the 12 previous inflows and (μ^A, σ^A) its statistics. Since A is itself linear in the
 * lags, the term is folded into the ordinary lag polynomial instead of adding a state:
 *   ψ̂ = ψ · s_t / σ^A                      (0 when σ^A = 0)
 *   ψ_{t,ℓ} ← ψ_{t,ℓ} + ψ̂/12,  ℓ = 1..12   (the classical part is 0 beyond the AR order)
 *   base_t  = μ_t − Σ_{ℓ=1..12} ψ_{t,ℓ} · μ_{t−ℓ}
 * so the stage reads 12 lags (its `stageOrder` is max(p, 12)) and the base is centred with
 * the means of the 12 previous periods (which is how the reference implementation centres
 * it, rather than with μ^A). The engine then plans 12 lag slots and the cuts see the term.
 *
 * Storage is stage-major and flat: `base[stage·H + h]`, `lagCoefficient[(stage·H + h)·P + ℓ−1]`
 * (P = max order over everything), so a stage's data is contiguous.
 */

import { ok } from "@cobre/core";
import { type StochasticResult, fail } from "./errors.js";

/** A stage as the PAR model sees it. */
export interface ParStage {
  /** Stage id (study stages ≥ 0, pre-study stages < 0). */
  readonly id: number;
  /** Season of the stage (`season_id`), needed when lag statistics come from a season. */
  readonly seasonId?: number;
}

/** One row of `inflow_seasonal_stats.parquet`. */
export interface InflowSeasonalStat {
  readonly hydroId: number;
  readonly stageId: number;
  readonly meanM3s: number;
  readonly stdM3s: number;
}

/** One row of `inflow_ar_coefficients.parquet` (coefficient in standardized form ψ*). */
export interface InflowArCoefficient {
  readonly hydroId: number;
  readonly stageId: number;
  /** 1-based lag. */
  readonly lag: number;
  readonly coefficient: number;
  /** σ_t / s_t, in (0, 1]; repeated on every lag row of the (hydro, stage). */
  readonly residualStdRatio: number;
}

/**
 * One row of `inflow_annual_component.parquet` (PAR(p)-A) for a (hydro, stage): the
 * standardized coefficient ψ of the rolling 12-period mean A_{t−1}, and the mean and
 * standard deviation of that rolling mean (m³/s) used to standardize it.
 */
export interface InflowAnnualComponent {
  readonly hydroId: number;
  readonly stageId: number;
  readonly annualCoefficient: number;
  readonly annualMeanM3s: number;
  /** ≥ 0; 0 switches the term off (nothing to standardize with). */
  readonly annualStdM3s: number;
}

/** Length of the PAR(p)-A rolling window: the annual mean spans 12 monthly periods. */
export const ANNUAL_WINDOW = 12;

/** Everything needed to build a {@link ParModel}. */
export interface ParModelInput {
  /** Hydro ids in the engine's canonical order (usually ascending id). */
  readonly hydroIds: readonly number[];
  /** Study stages in order; the model has one row per entry. */
  readonly stages: readonly ParStage[];
  /** Pre-study stages (negative ids), used only to find lag seasons. */
  readonly preStudyStages?: readonly ParStage[];
  readonly seasonalStats: readonly InflowSeasonalStat[];
  /** Absent or empty: white noise (order 0) everywhere. */
  readonly arCoefficients?: readonly InflowArCoefficient[];
  /**
   * PAR(p)-A terms by (hydro, study stage); a stage with one reads 12 lags. Absent or
   * empty: classical PAR(p).
   */
  readonly annualComponents?: readonly InflowAnnualComponent[];
  /** Seasons per cycle for cyclic lag-season inference (default: max seasonId + 1). */
  readonly seasonsPerCycle?: number;
  /**
   * Whose statistics standardize lag ℓ of study stage t (index): a stage id, or a season
   * id when no stage covers the lagged period. Default: stage `id − ℓ` (then its season),
   * right when every stage is its own period; multi-resolution studies pass the period
   * ℓ periods back (December for the weeks of January, Q2 for Q3).
   */
  readonly lagStatsSource?: (stageIndex: number, lag: number) => LagStatsSource | undefined;
}

/** See {@link ParModelInput.lagStatsSource}. */
export type LagStatsSource = { readonly stageId: number } | { readonly seasonId: number };

/**
 * Precomputed PAR(p) model: inflow = base + Σ_k lagCoefficient_k · inflow_{t−k} + noiseScale · η.
 * All arrays are flat and stage-major; use {@link parIndex} and {@link lagIndex}.
 */
export interface ParModel {
  readonly nStages: number;
  readonly nHydros: number;
  /** Largest AR order over all hydros and stages (stride of `lagCoefficient`). */
  readonly maxOrder: number;
  readonly hydroIds: readonly number[];
  readonly stageIds: readonly number[];
  /** Per hydro: largest order over the study stages (number of lag states it needs). */
  readonly order: Int32Array;
  /**
   * Per (stage, hydro): number of lags the stage's equation reads — the AR order, or
   * max(order, 12) where an annual component is folded in.
   */
  readonly stageOrder: Int32Array;
  /** Per (stage, hydro): ψ̂ = ψ·s_t/σ^A of the annual component in original units (0 without one). */
  readonly annualCoefficient: Float64Array;
  readonly mean: Float64Array;
  readonly std: Float64Array;
  readonly base: Float64Array;
  readonly noiseScale: Float64Array;
  /** Original-unit ψ, `[(stage·H + hydro)·maxOrder + (lag − 1)]`, zero beyond the stage order. */
  readonly lagCoefficient: Float64Array;
}

/** Flat index of (stage, hydro) in `base`, `noiseScale`, `mean`, `std`, `stageOrder`. */
export function parIndex(model: ParModel, stage: number, hydro: number): number {
  return stage * model.nHydros + hydro;
}

/** Flat index of (stage, hydro, lag) in `lagCoefficient`; `lag` is 1-based. */
export function lagIndex(model: ParModel, stage: number, hydro: number, lag: number): number {
  return (stage * model.nHydros + hydro) * model.maxOrder + (lag - 1);
}

const RATIO_SLACK = 1e-9;

/**
 * Builds the affine PAR(p) model from seasonal statistics and standardized AR coefficients.
 * Fails (never throws) on missing statistics, malformed lags or invalid values.
 */
export function buildParModel(input: ParModelInput): StochasticResult<ParModel> {
  const { hydroIds, stages } = input;
  const nH = hydroIds.length;
  const nT = stages.length;
  const hydroIndex = new Map<number, number>();
  for (let h = 0; h < nH; h++) {
    const id = hydroIds[h] as number;
    if (hydroIndex.has(id)) return fail("InvalidInput", `duplicate hydro id ${id}`, { hydroId: id });
    hydroIndex.set(id, h);
  }

  // Statistics by (hydro, stage id).
  const stats = new Map<string, InflowSeasonalStat>();
  for (const row of input.seasonalStats) {
    if (!hydroIndex.has(row.hydroId)) continue;
    if (!Number.isFinite(row.meanM3s) || !Number.isFinite(row.stdM3s) || row.stdM3s < 0) {
      return fail("InvalidParParameters", "mean_m3s must be finite and std_m3s finite and >= 0", {
        hydroId: row.hydroId,
        stageId: row.stageId,
      });
    }
    const key = `${row.hydroId}:${row.stageId}`;
    if (stats.has(key)) {
      return fail("InvalidInput", "duplicate seasonal statistics row", { hydroId: row.hydroId, stageId: row.stageId });
    }
    stats.set(key, row);
  }

  // Season of every known stage, and statistics by (hydro, season) from the first stage id.
  const seasonOfStage = new Map<number, number>();
  for (const s of [...(input.preStudyStages ?? []), ...stages]) {
    if (s.seasonId !== undefined) seasonOfStage.set(s.id, s.seasonId);
  }
  let maxSeason = -1;
  for (const season of seasonOfStage.values()) maxSeason = Math.max(maxSeason, season);
  const nSeasons = input.seasonsPerCycle ?? maxSeason + 1;
  const seasonStats = new Map<string, InflowSeasonalStat>();
  const sortedStats = [...stats.values()].sort((a, b) => a.stageId - b.stageId);
  for (const row of sortedStats) {
    const season = seasonOfStage.get(row.stageId);
    if (season === undefined) continue;
    const key = `${row.hydroId}:${season}`;
    if (!seasonStats.has(key)) seasonStats.set(key, row);
  }

  // AR coefficients grouped by (hydro, stage id).
  const arGroups = new Map<string, InflowArCoefficient[]>();
  for (const row of input.arCoefficients ?? []) {
    if (!hydroIndex.has(row.hydroId)) continue;
    if (!Number.isInteger(row.lag) || row.lag < 1) {
      return fail("InvalidParParameters", "AR lag must be an integer >= 1", {
        hydroId: row.hydroId,
        stageId: row.stageId,
        lag: row.lag,
      });
    }
    const key = `${row.hydroId}:${row.stageId}`;
    const list = arGroups.get(key);
    if (list === undefined) arGroups.set(key, [row]);
    else list.push(row);
  }

  // Annual components by (hydro, stage id), validated.
  const annualRows = new Map<string, InflowAnnualComponent>();
  for (const row of input.annualComponents ?? []) {
    if (!hydroIndex.has(row.hydroId)) continue;
    const where = { hydroId: row.hydroId, stageId: row.stageId };
    if (
      !Number.isFinite(row.annualCoefficient) ||
      !Number.isFinite(row.annualMeanM3s) ||
      !Number.isFinite(row.annualStdM3s) ||
      row.annualStdM3s < 0
    ) {
      return fail(
        "InvalidParParameters",
        "annual_coefficient and annual_mean_m3s must be finite and annual_std_m3s finite and >= 0",
        where,
      );
    }
    const key = `${row.hydroId}:${row.stageId}`;
    if (annualRows.has(key)) return fail("InvalidInput", "duplicate annual component row", where);
    annualRows.set(key, row);
  }

  // Standardized coefficients per (stage, hydro), validated.
  const psiStar: (Float64Array | undefined)[] = new Array(nT * nH);
  const ratio = new Float64Array(nT * nH).fill(1);
  let maxOrder = 0;
  for (let t = 0; t < nT; t++) {
    const stage = stages[t] as ParStage;
    for (let h = 0; h < nH; h++) {
      const hydroId = hydroIds[h] as number;
      const rows = arGroups.get(`${hydroId}:${stage.id}`);
      if (rows === undefined || rows.length === 0) continue;
      rows.sort((a, b) => a.lag - b.lag);
      const p = rows.length;
      const coeffs = new Float64Array(p);
      const firstRatio = (rows[0] as InflowArCoefficient).residualStdRatio;
      for (let k = 0; k < p; k++) {
        const row = rows[k] as InflowArCoefficient;
        if (row.lag !== k + 1) {
          return fail("InvalidParParameters", "AR lags must be 1..p without gaps or duplicates", {
            hydroId,
            stageId: stage.id,
            lag: row.lag,
          });
        }
        if (!Number.isFinite(row.coefficient)) {
          return fail("InvalidParParameters", "AR coefficient must be finite", {
            hydroId,
            stageId: stage.id,
            lag: row.lag,
          });
        }
        if (Math.abs(row.residualStdRatio - firstRatio) > RATIO_SLACK) {
          return fail("InvalidParParameters", "residual_std_ratio differs between lags of one (hydro, stage)", {
            hydroId,
            stageId: stage.id,
          });
        }
        coeffs[k] = row.coefficient;
      }
      if (!(firstRatio > 0 && firstRatio <= 1 + RATIO_SLACK)) {
        return fail("InvalidParParameters", "residual_std_ratio must be in (0, 1]", {
          hydroId,
          stageId: stage.id,
          residualStdRatio: firstRatio,
        });
      }
      psiStar[t * nH + h] = coeffs;
      ratio[t * nH + h] = firstRatio;
      maxOrder = Math.max(maxOrder, p);
    }
  }
  // A folded annual term reads the 12 previous periods.
  for (const stage of stages) {
    for (const hydroId of hydroIds) {
      if (annualRows.has(`${hydroId}:${stage.id}`)) maxOrder = Math.max(maxOrder, ANNUAL_WINDOW);
    }
  }

  const mean = new Float64Array(nT * nH);
  const std = new Float64Array(nT * nH);
  const base = new Float64Array(nT * nH);
  const noiseScale = new Float64Array(nT * nH);
  const stageOrder = new Int32Array(nT * nH);
  const order = new Int32Array(nH);
  const lagCoefficient = new Float64Array(nT * nH * maxOrder);
  const annualCoefficient = new Float64Array(nT * nH);

  for (let t = 0; t < nT; t++) {
    const stage = stages[t] as ParStage;
    for (let h = 0; h < nH; h++) {
      const hydroId = hydroIds[h] as number;
      const own = stats.get(`${hydroId}:${stage.id}`);
      if (own === undefined) {
        return fail("MissingData", "no inflow seasonal statistics for a (hydro, stage)", {
          hydroId,
          stageId: stage.id,
        });
      }
      const i = t * nH + h;
      const sM = own.stdM3s;
      mean[i] = own.meanM3s;
      std[i] = sM;
      noiseScale[i] = sM * (ratio[i] as number);
      let b = own.meanM3s;
      const coeffs = psiStar[i];
      const annual = annualRows.get(`${hydroId}:${stage.id}`);
      if (coeffs !== undefined && sM === 0) {
        return fail("InvalidParParameters", "AR coefficients require std_m3s > 0", { hydroId, stageId: stage.id });
      }
      const p = coeffs?.length ?? 0;
      // ψ̂ spreads evenly over the 12 lags that make up the rolling mean A_{t−1}.
      const psiHat =
        annual === undefined || annual.annualStdM3s === 0 ? 0 : (annual.annualCoefficient * sM) / annual.annualStdM3s;
      annualCoefficient[i] = psiHat;
      const width = annual === undefined ? p : Math.max(p, ANNUAL_WINDOW);
      for (let k = 0; k < width; k++) {
        const lag = k + 1;
        const source = input.lagStatsSource?.(t, lag);
        const lagStats =
          source === undefined
            ? resolveLagStats(hydroId, stage, lag, stats, seasonStats, seasonOfStage, nSeasons)
            : "stageId" in source
              ? (stats.get(`${hydroId}:${source.stageId}`) ??
                seasonStats.get(`${hydroId}:${seasonOfStage.get(source.stageId) ?? Number.NaN}`))
              : seasonStats.get(`${hydroId}:${source.seasonId}`);
        if (lagStats === undefined) {
          return fail("MissingData", "no statistics for a lagged stage (add a pre-study stage row or season ids)", {
            hydroId,
            stageId: stage.id,
            lag,
          });
        }
        const classical =
          coeffs === undefined || k >= p || lagStats.stdM3s === 0 ? 0 : (coeffs[k] as number) * (sM / lagStats.stdM3s);
        const psi = classical + (k < ANNUAL_WINDOW ? psiHat / ANNUAL_WINDOW : 0);
        lagCoefficient[i * maxOrder + k] = psi;
        b -= psi * lagStats.meanM3s;
      }
      stageOrder[i] = width;
      if (width > (order[h] as number)) order[h] = width;
      base[i] = b;
    }
  }

  return ok({
    nStages: nT,
    nHydros: nH,
    maxOrder,
    hydroIds: [...hydroIds],
    stageIds: stages.map((s) => s.id),
    order,
    stageOrder,
    annualCoefficient,
    mean,
    std,
    base,
    noiseScale,
    lagCoefficient,
  });
}

function resolveLagStats(
  hydroId: number,
  stage: ParStage,
  lag: number,
  stats: ReadonlyMap<string, InflowSeasonalStat>,
  seasonStats: ReadonlyMap<string, InflowSeasonalStat>,
  seasonOfStage: ReadonlyMap<number, number>,
  nSeasons: number,
): InflowSeasonalStat | undefined {
  const lagStageId = stage.id - lag;
  const direct = stats.get(`${hydroId}:${lagStageId}`);
  if (direct !== undefined) return direct;
  let season = seasonOfStage.get(lagStageId);
  if (season === undefined && stage.seasonId !== undefined && nSeasons > 0) {
    season = (((stage.seasonId - lag) % nSeasons) + nSeasons) % nSeasons;
  }
  return season === undefined ? undefined : seasonStats.get(`${hydroId}:${season}`);
}

/**
 * Inflow of one hydro at one stage.
 *
 * @param lags past inflows of this hydro, `lags[k−1]` = inflow k stages before (length ≥ stage order)
 * @param eta standard-normal (possibly correlated) noise for this hydro
 */
export function evaluateInflow(
  model: ParModel,
  stage: number,
  hydro: number,
  lags: ArrayLike<number>,
  eta: number,
): number {
  const i = stage * model.nHydros + hydro;
  const p = model.stageOrder[i] as number;
  let a = (model.base[i] as number) + (model.noiseScale[i] as number) * eta;
  const off = i * model.maxOrder;
  for (let k = 0; k < p; k++) a += (model.lagCoefficient[off + k] as number) * (lags[k] as number);
  return a;
}

/**
 * Inflows of every hydro at one stage, written to `out` (length nHydros).
 *
 * @param lags lag matrix, lag-major: `lags[(k−1)·nHydros + h]` = inflow of hydro h, k stages
 *   before (length ≥ maxOrder·nHydros; see {@link shiftLags})
 * @param noise η per hydro, read from `noise[noiseOffset + h]` (hydros first in the noise vector)
 */
export function evaluateInflows(
  model: ParModel,
  stage: number,
  lags: Float64Array,
  noise: Float64Array,
  out: Float64Array,
  noiseOffset = 0,
): void {
  const nH = model.nHydros;
  const P = model.maxOrder;
  const row = stage * nH;
  for (let h = 0; h < nH; h++) {
    const i = row + h;
    const p = model.stageOrder[i] as number;
    let a = (model.base[i] as number) + (model.noiseScale[i] as number) * (noise[noiseOffset + h] as number);
    const off = i * P;
    for (let k = 0; k < p; k++) a += (model.lagCoefficient[off + k] as number) * (lags[k * nH + h] as number);
    out[h] = a;
  }
}

/**
 * The noise η that makes the inflow of (stage, hydro) equal `target` given the lags:
 * η = (target − base − Σ ψ·lag) / noiseScale. With noiseScale = 0 no noise can move the
 * inflow, and −∞ is returned (no finite bound). Used for truncation floors and for turning
 * observed or external inflows into noise.
 */
export function solveInflowNoise(
  model: ParModel,
  stage: number,
  hydro: number,
  lags: ArrayLike<number>,
  target: number,
): number {
  const i = stage * model.nHydros + hydro;
  const scale = model.noiseScale[i] as number;
  if (scale === 0) return Number.NEGATIVE_INFINITY;
  const deterministic = evaluateInflow(model, stage, hydro, lags, 0);
  return (target - deterministic) / scale;
}

/**
 * Pushes this stage's inflows into the lag matrix (layout of {@link evaluateInflows}):
 * lag k+1 ← lag k, lag 1 ← `inflows`. In place.
 */
export function shiftLags(model: ParModel, lags: Float64Array, inflows: ArrayLike<number>): void {
  const nH = model.nHydros;
  for (let k = model.maxOrder - 1; k > 0; k--) {
    lags.copyWithin(k * nH, (k - 1) * nH, k * nH);
  }
  if (model.maxOrder > 0) for (let h = 0; h < nH; h++) lags[h] = inflows[h] as number;
}
