/**
 * Where the PAR(p) parameters come from: the Cobre book's "Inflow Source Resolution"
 * (guide/stochastic-modeling.md). The presence of three files picks one of seven paths —
 * H = `inflow_history.parquet`, S = `inflow_seasonal_stats.parquet`,
 * R = `inflow_ar_coefficients.parquet` (present = at least one row):
 *
 * | # | H | S | R | path                        | μ, σ              | ψ                 | annual (PAR-A)        | Σ without correlation.json |
 * |---|---|---|---|-----------------------------|-------------------|-------------------|-----------------------|----------------------------|
 * | 1 | 0 | 0 | * | deterministic               | none              | none              | none                  | identity                   |
 * | 2 | 0 | 1 | 0 | user_stats_white_noise      | S                 | order 0           | user file             | identity                   |
 * | 3 | 0 | 1 | 1 | user_provided_no_history    | S                 | R                 | user file             | identity                   |
 * | 4 | 1 | 0 | 0 | full_estimation             | fitted            | fitted            | fitted iff pacf_annual | H residuals                |
 * | 5 | 1 | 0 | 1 | user_ar_history_stats       | fitted            | R                 | none (file dropped)   | H residuals, user ψ        |
 * | 6 | 1 | 1 | 0 | partial_estimation          | S (fit: YW only)  | fitted            | fitted iff pacf_annual | H residuals, fitting stats |
 * | 7 | 1 | 1 | 1 | user_provided_all           | S                 | R                 | user file             | identity                   |
 *
 * R without H and S cannot drive anything and collapses to path 1. `correlation.json`
 * always wins; only paths 4–6 estimate a correlation when it is absent (exposed as
 * `estimatedCorrelation`, in the loaded file's shape, for the engine to use in its place).
 * Fitting follows the `estimation` settings of config.json; fitted season-level values are
 * expanded to per-stage rows for every study and pre-study stage through its season.
 */
import { type Case, type CorrelationModel, type InflowAnnualComponent, type Result, err, ok } from "@cobre/core";
import {
  type CorrelationModelInput,
  type HydroHistory,
  type InflowArCoefficient,
  type InflowSeasonalStat,
  MONTHLY_CALENDAR,
  type ResidualSource,
  estimateResidualCorrelation,
  fitPar,
  parFitToModelInputs,
} from "@cobre/stochastic";
import type { SddpError } from "../errors";

/** The seven rows of the book's table (module comment), in its naming. */
export type EstimationPath =
  | "deterministic"
  | "user_stats_white_noise"
  | "user_provided_no_history"
  | "full_estimation"
  | "user_ar_history_stats"
  | "partial_estimation"
  | "user_provided_all";

/** Which inflow files are present (have rows). */
export interface InflowSources {
  readonly history: boolean;
  readonly seasonalStats: boolean;
  readonly arCoefficients: boolean;
}

/** The path the book's table assigns to a combination of files. */
export function resolveEstimationPath(sources: InflowSources): EstimationPath {
  const { history, seasonalStats, arCoefficients } = sources;
  if (!history) {
    if (!seasonalStats) return "deterministic";
    return arCoefficients ? "user_provided_no_history" : "user_stats_white_noise";
  }
  if (!seasonalStats) return arCoefficients ? "user_ar_history_stats" : "full_estimation";
  return arCoefficients ? "user_provided_all" : "partial_estimation";
}

export interface InflowModelInputs {
  readonly seasonalStats: readonly InflowSeasonalStat[];
  readonly arCoefficients: readonly InflowArCoefficient[];
  /** PAR(p)-A rows in force (user file on paths 2, 3, 7; fitted on 4, 6 under pacf_annual). */
  readonly annualComponents: readonly InflowAnnualComponent[];
  /**
   * Correlation estimated from the history's PAR residuals (paths 4–6 without
   * `correlation.json`); undefined otherwise.
   */
  readonly estimatedCorrelation?: CorrelationModel;
  /** Which parts were fitted from `inflow_history.parquet` rather than read. */
  readonly estimated: {
    readonly seasonalStats: boolean;
    readonly arCoefficients: boolean;
    readonly annualComponent: boolean;
  };
  readonly estimationPath: EstimationPath;
  /** What the fit from history noticed (short seasons, reduced orders, negative values). */
  readonly warnings?: readonly string[];
}

const HISTORY_FILE = { file: "scenarios/inflow_history.parquet" };

export function inflowModelInputs(c: Case): Result<InflowModelInputs, SddpError> {
  const { scenarios, system } = c;
  const path = resolveEstimationPath({
    history: scenarios.inflowHistory.length > 0,
    seasonalStats: scenarios.inflowSeasonalStats.length > 0,
    arCoefficients: scenarios.inflowArCoefficients.length > 0,
  });
  const userStats = scenarios.inflowSeasonalStats;
  const userAr = scenarios.inflowArCoefficients.map((r) => ({ ...r, residualStdRatio: r.residualStdRatio ?? 1 }));
  const userAnnual = scenarios.inflowAnnualComponents;
  const nothingFitted = { seasonalStats: false, arCoefficients: false, annualComponent: false };
  const given = (stats: readonly InflowSeasonalStat[], ar: readonly InflowArCoefficient[]): InflowModelInputs => ({
    seasonalStats: stats,
    arCoefficients: ar,
    annualComponents: userAnnual,
    estimated: nothingFitted,
    estimationPath: path,
  });
  switch (path) {
    case "deterministic":
      return ok({
        seasonalStats: [],
        arCoefficients: [],
        annualComponents: [],
        estimated: nothingFitted,
        estimationPath: path,
      });
    case "user_stats_white_noise":
      return ok(given(userStats, []));
    case "user_provided_no_history":
    case "user_provided_all":
      return ok(given(userStats, userAr));
    default:
      // No hydro, nothing to fit.
      if (system.hydros.length === 0) return ok(given(userStats, userAr));
      return estimate(c, path, userAr);
  }
}

/** Paths 4–6: the parts of the model fitted from history, and the residual correlation. */
function estimate(
  c: Case,
  path: "full_estimation" | "user_ar_history_stats" | "partial_estimation",
  userAr: readonly InflowArCoefficient[],
): Result<InflowModelInputs, SddpError> {
  const { scenarios, system } = c;
  const e = c.config.estimation;
  const annual = path !== "user_ar_history_stats" && e.orderSelection === "pacf_annual";
  const observed = new Set(scenarios.inflowHistory.map((r) => r.hydroId));
  // Path 6 keeps the user's statistics for hydros without history (they stay white noise);
  // paths 4 and 5 need a fit of every hydro.
  const fitted = system.hydros.filter((h) => path !== "partial_estimation" || observed.has(h.id));
  const histories: HydroHistory[] = fitted.map((h) => ({
    hydroId: h.id,
    observations: scenarios.inflowHistory
      .filter((r) => r.hydroId === h.id)
      .map((r) => ({ date: r.date, valueM3s: r.valueM3s })),
  }));
  const fit = fitPar(
    histories,
    {
      // Path 5 only needs the statistics: the user's coefficients are kept as they are.
      maxOrder: path === "user_ar_history_stats" ? 0 : e.maxOrder,
      orderSelection: path === "user_ar_history_stats" ? "pacf" : e.orderSelection,
      minObservationsPerSeason: e.minObservationsPerSeason,
      maxCoefficientMagnitude: e.maxCoefficientMagnitude,
    },
    MONTHLY_CALENDAR,
  );
  if (!fit.ok)
    return err({ kind: "InvalidOptions", message: `inflow estimation: ${fit.error.message}`, context: HISTORY_FILE });
  const allStages = [...system.preStudyStages, ...system.stages].map((s) => ({
    id: s.id,
    seasonId: seasonOf(s),
  }));
  const expanded = parFitToModelInputs(fit.value, allStages);
  if (!expanded.ok)
    return err({
      kind: "InvalidOptions",
      message: `inflow estimation: ${expanded.error.message}`,
      context: HISTORY_FILE,
    });
  const rows = expanded.value;

  const seasonalStats = path === "partial_estimation" ? scenarios.inflowSeasonalStats : rows.seasonalStats;
  const arCoefficients = path === "user_ar_history_stats" ? userAr : rows.arCoefficients;
  const annualComponents = annual ? rows.annualComponents : [];

  let estimatedCorrelation: CorrelationModel | undefined;
  if (scenarios.correlation === null) {
    const coefficientsOf =
      path === "user_ar_history_stats"
        ? userCoefficientsBySeason(userAr, allStages, fit.value.nSeasons)
        : (hydroId: number) =>
            fit.value.hydros.find((h) => h.hydroId === hydroId)?.seasons.map((s) => s.coefficients) ?? [];
    const sources: ResidualSource[] = system.hydros.map((h) => {
      const hydroFit = fit.value.hydros.find((f) => f.hydroId === h.id);
      const history = histories.find((x) => x.hydroId === h.id);
      return {
        hydroId: h.id,
        observations: hydroFit === undefined ? [] : (history?.observations ?? []),
        mean: hydroFit?.seasons.map((s) => s.mean) ?? [],
        std: hydroFit?.seasons.map((s) => s.std) ?? [],
        coefficients: coefficientsOf(h.id),
      };
    });
    const studyStages = system.stages.map((s) => ({ id: s.id, seasonId: seasonOf(s) }));
    estimatedCorrelation = toCoreCorrelation(estimateResidualCorrelation(sources, MONTHLY_CALENDAR, studyStages));
  }

  return ok({
    seasonalStats,
    arCoefficients,
    annualComponents,
    ...(estimatedCorrelation === undefined ? {} : { estimatedCorrelation }),
    estimated: {
      seasonalStats: path !== "partial_estimation",
      arCoefficients: path !== "user_ar_history_stats",
      annualComponent: annual,
    },
    estimationPath: path,
    warnings: fit.value.warnings,
  });
}

/**
 * The user's standardized coefficients per (hydro, season), for the residuals of path 5:
 * a season takes the rows of its first stage (lowest id, pre-study stages included) that
 * has any for the hydro, as the reference does.
 */
function userCoefficientsBySeason(
  rows: readonly InflowArCoefficient[],
  stages: readonly { readonly id: number; readonly seasonId: number }[],
  nSeasons: number,
): (hydroId: number) => Float64Array[] {
  const seasonOfStage = new Map(stages.map((s) => [s.id, s.seasonId]));
  return (hydroId) => {
    const firstStage = new Map<number, number>();
    for (const r of rows) {
      const season = seasonOfStage.get(r.stageId);
      if (r.hydroId !== hydroId || season === undefined) continue;
      const current = firstStage.get(season);
      if (current === undefined || r.stageId < current) firstStage.set(season, r.stageId);
    }
    return Array.from({ length: nSeasons }, (_, season) => {
      const stageId = firstStage.get(season);
      const lags = rows.filter((r) => r.hydroId === hydroId && r.stageId === stageId).sort((a, b) => a.lag - b.lag);
      return Float64Array.from(lags, (r) => r.coefficient);
    });
  };
}

/** The estimated model in the shape of a loaded `correlation.json`. */
function toCoreCorrelation(model: CorrelationModelInput): CorrelationModel {
  return {
    method: model.method,
    profiles: Object.fromEntries(
      Object.entries(model.profiles).map(([name, p]) => [
        name,
        {
          correlationGroups: p.groups.map((g) => ({
            name: g.name,
            entities: g.entities.map((x) => ({ type: x.type, id: x.id })),
            matrix: g.matrix.map((row) => [...row]),
          })),
        },
      ]),
    ),
    schedule: model.schedule === undefined ? null : model.schedule.map((s) => ({ ...s })),
  };
}

/** Season of a stage: its `season_id`, else the month of its start (the default calendar). */
function seasonOf(s: { readonly seasonId: number | null; readonly startDate: string }): number {
  if (s.seasonId !== null) return s.seasonId;
  const m = /^\d{4}-(\d{2})/.exec(s.startDate);
  return m === null ? 0 : Number(m[1]) - 1;
}
