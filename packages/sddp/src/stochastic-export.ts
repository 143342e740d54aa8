/**
 * The stochastic model of a case as `writeStochasticArtifacts` (@cobre/io) takes it —
 * what `exports.stochastic` writes to `<output>/stochastic/` before training: the opening
 * tree training uses, the correlation model, the load statistics and, when the PAR(p)
 * parameters were estimated from `inflow_history.parquet`, the estimated statistics,
 * AR coefficients, annual component and a fitting report.
 */
import type { Case, CorrelationModel, InflowSeasonalStat, Result } from "@cobre/core";
import { ok } from "@cobre/core";
import type {
  EstimatedInflowModel,
  FittingReport,
  HydroFittingReport,
  InflowAnnualComponentRow,
  InflowArCoefficientRow,
  StochasticArtifacts,
} from "@cobre/io";
import { buildScenarioInputs } from "./build-scenario-inputs";
import type { SddpError } from "./errors";
import { inflowModelInputs } from "./inflow-model-inputs";
import { studySeed } from "./prepare-study";

/**
 * Fields the estimation step may report besides the PAR(p) rows it returns, read only
 * when present and well formed (so this module does not depend on their exact types):
 * - `estimated`: what was estimated from history, per part (`true` or the fitted rows;
 *   `false`/absent = taken from the case);
 * - `annualComponents`: the annual component (PAR(p)-A) rows of the model;
 * - `estimatedCorrelation`: the correlation estimated from the PAR residuals.
 */
interface EstimationView {
  readonly seasonalStats?: unknown;
  readonly arCoefficients?: unknown;
  readonly estimated?: unknown;
  readonly annualComponents?: unknown;
  readonly estimatedCorrelation?: unknown;
}

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null;
const isNum = (v: unknown): v is number => typeof v === "number";
/** The first of `keys` that holds a number. */
const numOf = (o: Obj, ...keys: string[]): number | undefined => {
  for (const k of keys) if (isNum(o[k])) return o[k];
  return undefined;
};

function seasonalStatRows(v: unknown): InflowSeasonalStat[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const rows: InflowSeasonalStat[] = [];
  for (const r of v) {
    if (!isObj(r) || !isNum(r.hydroId) || !isNum(r.stageId) || !isNum(r.meanM3s) || !isNum(r.stdM3s)) return undefined;
    rows.push({ hydroId: r.hydroId, stageId: r.stageId, meanM3s: r.meanM3s, stdM3s: r.stdM3s });
  }
  return rows;
}

function arRows(v: unknown): InflowArCoefficientRow[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const rows: InflowArCoefficientRow[] = [];
  for (const r of v) {
    if (!isObj(r) || !isNum(r.hydroId) || !isNum(r.stageId) || !isNum(r.lag) || !isNum(r.coefficient)) return undefined;
    rows.push({
      hydroId: r.hydroId,
      stageId: r.stageId,
      lag: r.lag,
      coefficient: r.coefficient,
      residualStdRatio: isNum(r.residualStdRatio) ? r.residualStdRatio : null,
    });
  }
  return rows;
}

function annualRows(v: unknown): InflowAnnualComponentRow[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const rows: InflowAnnualComponentRow[] = [];
  for (const r of v) {
    if (!isObj(r) || !isNum(r.hydroId) || !isNum(r.stageId)) return undefined;
    const annualCoefficient = numOf(r, "annualCoefficient", "coefficient", "psi");
    const annualMeanM3s = numOf(r, "annualMeanM3s", "meanM3s", "mean");
    const annualStdM3s = numOf(r, "annualStdM3s", "stdM3s", "std");
    if (annualCoefficient === undefined || annualMeanM3s === undefined || annualStdM3s === undefined) return undefined;
    rows.push({ hydroId: r.hydroId, stageId: r.stageId, annualCoefficient, annualMeanM3s, annualStdM3s });
  }
  return rows;
}

/** A correlation model in the core shape (`correlationGroups`) or the stochastic one (`groups`). */
function correlationModel(v: unknown): CorrelationModel | undefined {
  if (!isObj(v) || typeof v.method !== "string" || !isObj(v.profiles)) return undefined;
  const profiles: Record<string, CorrelationModel["profiles"][string]> = {};
  for (const [name, p] of Object.entries(v.profiles)) {
    const groups = isObj(p) ? (p.correlationGroups ?? p.groups) : undefined;
    if (!Array.isArray(groups)) return undefined;
    const correlationGroups: CorrelationModel["profiles"][string]["correlationGroups"][number][] = [];
    for (const g of groups) {
      if (!isObj(g) || typeof g.name !== "string" || !Array.isArray(g.entities) || !Array.isArray(g.matrix))
        return undefined;
      const entities = g.entities.map((e) =>
        isObj(e) && typeof e.type === "string" && isNum(e.id) ? { type: e.type, id: e.id } : null,
      );
      const matrix = g.matrix.map((row) =>
        Array.isArray(row) || ArrayBuffer.isView(row) ? Array.from(row as ArrayLike<unknown>) : null,
      );
      if (entities.includes(null) || matrix.some((row) => row === null || !row.every(isNum))) return undefined;
      correlationGroups.push({
        name: g.name,
        entities: entities as { type: string; id: number }[],
        matrix: matrix as number[][],
      });
    }
    profiles[name] = { correlationGroups };
  }
  const schedule = Array.isArray(v.schedule)
    ? v.schedule.flatMap((s) =>
        isObj(s) && isNum(s.stageId) && typeof s.profileName === "string"
          ? [{ stageId: s.stageId, profileName: s.profileName }]
          : [],
      )
    : null;
  return { method: v.method, profiles, schedule };
}

/** Month (0 = January) of an ISO date: the season of stages without one (default monthly calendar). */
function monthOf(date: string): number {
  const m = /^\d{4}-(\d{2})/.exec(date);
  return m === null ? 0 : Number(m[1]) - 1;
}

/**
 * `fitting_report.json` from the AR coefficients the model uses: per hydro, one row of
 * coefficients per season (read at the first stage of that season; a season no stage
 * falls in has an empty row), the selected order as the largest seasonal order, and no
 * AIC scores (orders are selected by PACF, not AIC).
 */
function fittingReport(c: Case, coefficients: readonly InflowArCoefficientRow[]): FittingReport {
  const { system } = c;
  const seasonOfStage = new Map<number, number>();
  for (const s of [...system.stages, ...system.preStudyStages])
    seasonOfStage.set(s.id, s.seasonId ?? monthOf(s.startDate));
  const defined = system.seasonDefinitions?.seasons.map((s) => s.id + 1) ?? [];
  const nSeasons = Math.max(defined.length > 0 ? 0 : 12, ...defined, ...[...seasonOfStage.values()].map((s) => s + 1));
  // Study stages first, then pre-study stages: the first stage seen of a season gives its row.
  const stageOfSeason = new Map<number, number>();
  for (const [stageId, season] of seasonOfStage) if (!stageOfSeason.has(season)) stageOfSeason.set(season, stageId);
  const hydros: HydroFittingReport[] = system.hydros.map((h) => {
    const rows: number[][] = [];
    for (let season = 0; season < nSeasons; season++) {
      const stageId = stageOfSeason.get(season);
      const lags = coefficients
        .filter((r) => r.hydroId === h.id && r.stageId === stageId)
        .sort((a, b) => a.lag - b.lag)
        .map((r) => r.coefficient);
      rows.push(stageId === undefined ? [] : lags);
    }
    return {
      hydroId: h.id,
      selectedOrder: Math.max(0, ...rows.map((r) => r.length)),
      aicScores: [],
      coefficients: rows,
    };
  });
  return { hydros };
}

/**
 * The stochastic artifacts of a case (what `exports.stochastic` writes): the opening tree
 * training uses (generated from the study seed, or the case's `noise_openings.parquet`),
 * the correlation model (the case's, else an estimated one, else null = independent
 * noise), the load statistics of the case, and — when estimation was performed — what
 * was estimated from `inflow_history.parquet` with its fitting report.
 *
 * @example
 * ```ts
 * const loaded = await loadCase("my_case");
 * if (loaded.ok) {
 *   const artifacts = stochasticArtifacts(loaded.value);
 *   if (artifacts.ok) await writeStochasticArtifacts("out", artifacts.value);
 * }
 * ```
 */
export function stochasticArtifacts(c: Case): Result<StochasticArtifacts, SddpError> {
  const inputs = buildScenarioInputs(c, studySeed(c));
  if (!inputs.ok) return inputs;
  const par = inflowModelInputs(c);
  if (!par.ok) return par;
  const view = par.value as unknown as EstimationView;
  const { system, scenarios } = c;

  let estimated: EstimatedInflowModel | undefined;
  if (isObj(view.estimated)) {
    // The estimation step says what it estimated, part by part: `true` (the rows in force
    // are the fitted ones) or the fitted rows themselves.
    const part = <T>(flag: unknown, inForce: unknown, rows: (v: unknown) => T[] | undefined): T[] | undefined =>
      flag === true ? (rows(inForce) ?? []) : Array.isArray(flag) ? rows(flag) : undefined;
    const stats = part(view.estimated.seasonalStats, view.seasonalStats, seasonalStatRows);
    const ar = part(view.estimated.arCoefficients, view.arCoefficients, arRows);
    const annual = part(view.estimated.annualComponent, view.annualComponents, annualRows);
    if (stats !== undefined || ar !== undefined || annual !== undefined) {
      estimated = {
        ...(stats === undefined ? {} : { seasonalStats: stats }),
        ...(ar === undefined ? {} : { arCoefficients: ar }),
        ...(annual === undefined ? {} : { annualComponent: annual }),
      };
    }
  } else if (
    system.hydros.length > 0 &&
    scenarios.inflowSeasonalStats.length === 0 &&
    scenarios.inflowHistory.length > 0
  ) {
    // No per-part report: the statistics and coefficients were both fitted from history
    // exactly when the case has history and no seasonal statistics.
    const stats = seasonalStatRows(view.seasonalStats) ?? [];
    const ar = arRows(view.arCoefficients) ?? [];
    const annual = annualRows(view.annualComponents);
    estimated = {
      seasonalStats: stats,
      arCoefficients: ar,
      ...(annual === undefined ? {} : { annualComponent: annual }),
    };
  }
  if (estimated !== undefined) {
    // The coefficients in force: fitted, or the user's where only the statistics were.
    const used = arRows(view.arCoefficients) ?? estimated.arCoefficients ?? [];
    estimated = { ...estimated, fittingReport: fittingReport(c, used) };
  }

  const correlation = scenarios.correlation ?? correlationModel(view.estimatedCorrelation) ?? null;
  const { noiseDim, numOpenings, openings } = inputs.value;
  return ok({
    openingTree: { noiseDim, numOpenings, values: openings },
    correlation,
    ...(system.buses.length > 0 && scenarios.loadSeasonalStats.length > 0
      ? { loadSeasonalStats: scenarios.loadSeasonalStats }
      : {}),
    ...(estimated === undefined ? {} : { estimated }),
  });
}
