/**
 * Where the PAR(p) parameters come from: `inflow_seasonal_stats.parquet` (+ AR
 * coefficients) when given, else a fit of `inflow_history.parquet` with the `estimation`
 * settings of config.json (the Cobre book's "Estimation from History"), expanded to
 * per-stage rows for every study and pre-study stage through its season.
 */
import { type Case, type Result, err, ok } from "@cobre/core";
import {
  type HydroHistory,
  type InflowArCoefficient,
  type InflowSeasonalStat,
  MONTHLY_CALENDAR,
  fitPar,
  parFitToModelInputs,
} from "@cobre/stochastic";
import type { SddpError } from "./errors";

export interface InflowModelInputs {
  readonly seasonalStats: readonly InflowSeasonalStat[];
  readonly arCoefficients: readonly InflowArCoefficient[];
}

export function inflowModelInputs(c: Case): Result<InflowModelInputs, SddpError> {
  const { scenarios, system } = c;
  const given = scenarios.inflowSeasonalStats.length > 0 || system.hydros.length === 0;
  if (given || scenarios.inflowHistory.length === 0) {
    return ok({
      seasonalStats: scenarios.inflowSeasonalStats,
      arCoefficients: scenarios.inflowArCoefficients.map((r) => ({ ...r, residualStdRatio: r.residualStdRatio ?? 1 })),
    });
  }
  const histories: HydroHistory[] = system.hydros.map((h) => ({
    hydroId: h.id,
    observations: scenarios.inflowHistory
      .filter((r) => r.hydroId === h.id)
      .map((r) => ({ date: r.date, valueM3s: r.valueM3s })),
  }));
  const e = c.config.estimation;
  const fit = fitPar(
    histories,
    {
      maxOrder: e.maxOrder,
      orderSelection: e.orderSelection,
      minObservationsPerSeason: e.minObservationsPerSeason,
      maxCoefficientMagnitude: e.maxCoefficientMagnitude,
    },
    MONTHLY_CALENDAR,
  );
  const file = { file: "scenarios/inflow_history.parquet" };
  if (!fit.ok)
    return err({ kind: "InvalidOptions", message: `inflow estimation: ${fit.error.message}`, context: file });
  const stages = [...system.preStudyStages, ...system.stages].map((s) =>
    s.seasonId === null ? { id: s.id, seasonId: monthOf(s.startDate) } : { id: s.id, seasonId: s.seasonId },
  );
  const expanded = parFitToModelInputs(fit.value, stages);
  if (!expanded.ok)
    return err({ kind: "InvalidOptions", message: `inflow estimation: ${expanded.error.message}`, context: file });
  return ok(expanded.value);
}

/** Month (0 = January) of an ISO date: the season of the default monthly calendar. */
function monthOf(date: string): number {
  const m = /^\d{4}-(\d{2})/.exec(date);
  return m === null ? 0 : Number(m[1]) - 1;
}
