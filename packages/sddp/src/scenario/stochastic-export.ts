/**
 * The stochastic model of a case as `writeStochasticArtifacts` (@cobre/io) takes it —
 * what `exports.stochastic` writes to `<output>/stochastic/` before training: the opening
 * tree training uses, the correlation model, the load statistics and, when the PAR(p)
 * parameters were estimated from `inflow_history.parquet`, the estimated statistics,
 * AR coefficients, annual component and a fitting report.
 */
import type { Case, Result } from "@cobre/core";
import { ok } from "@cobre/core";
import type {
  EstimatedInflowModel,
  FittingReport,
  HydroFittingReport,
  InflowArCoefficientRow,
  StochasticArtifacts,
} from "@cobre/io";
import { buildScenarioInputs } from "./build-scenario-inputs";
import type { SddpError } from "../errors";
import { inflowModelInputs } from "./inflow-model-inputs";
import { studySeed } from "../study/prepare-study";

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
  const par = inflowModelInputs(c);
  if (!par.ok) return par;
  const inputs = buildScenarioInputs(c, studySeed(c), par.value);
  if (!inputs.ok) return inputs;
  const model = par.value;
  const { system, scenarios } = c;

  // What was fitted from history, part by part; the report reads the coefficients in force
  // (fitted, or the user's where only the statistics were).
  const fitted = model.estimated;
  const coefficients: InflowArCoefficientRow[] = [...model.arCoefficients];
  const estimated: EstimatedInflowModel | undefined =
    fitted.seasonalStats || fitted.arCoefficients || fitted.annualComponent
      ? {
          ...(fitted.seasonalStats ? { seasonalStats: [...model.seasonalStats] } : {}),
          ...(fitted.arCoefficients ? { arCoefficients: coefficients } : {}),
          ...(fitted.annualComponent ? { annualComponent: [...model.annualComponents] } : {}),
          fittingReport: fittingReport(c, coefficients),
        }
      : undefined;

  const correlation = scenarios.correlation ?? model.estimatedCorrelation ?? null;
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
