/** Parquet/JSON files under `scenarios/` → core `Scenarios`, rows sorted by their keys. */
import type {
  BlockFactorEntry,
  CorrelationModel,
  ExternalScenarioValue,
  RawCorrelationFile,
  Scenarios,
} from "@cobre/core";
import { num, optNum, rowsOf, type RawCase } from "../read/raw-case";
import type { Row } from "../read/parquet-reader";

/** Sorts by the given numeric keys, in order. */
export function sortBy<T>(items: T[], ...keys: ((t: T) => number)[]): T[] {
  return items.sort((a, b) => {
    for (const k of keys) {
      const d = k(a) - k(b);
      if (d !== 0) return d;
    }
    return 0;
  });
}

function external(rows: readonly Row[], idCol: string, valueCol: string): ExternalScenarioValue[] {
  return sortBy(
    rows.map((r) => ({
      entityId: num(r, idCol),
      stageId: num(r, "stage_id"),
      scenarioId: num(r, "scenario_id"),
      value: num(r, valueCol),
    })),
    (v) => v.entityId,
    (v) => v.stageId,
    (v) => v.scenarioId,
  );
}

function blockFactors(
  entries: readonly { stage_id: number; block_factors: readonly { block_id: number; factor: number }[] }[],
  id: (e: never) => number,
): BlockFactorEntry[] {
  return sortBy(
    entries.map((e) => ({
      entityId: id(e as never),
      stageId: e.stage_id,
      blockFactors: [...e.block_factors]
        .sort((a, b) => a.block_id - b.block_id)
        .map((b) => ({ blockId: b.block_id, factor: b.factor })),
    })),
    (e) => e.entityId,
    (e) => e.stageId,
  );
}

function correlation(raw: RawCorrelationFile | undefined): CorrelationModel | null {
  if (!raw) return null;
  const profiles: Record<string, CorrelationModel["profiles"][string]> = {};
  for (const [name, p] of Object.entries(raw.profiles)) {
    profiles[name] = {
      correlationGroups: p.correlation_groups.map((g) => ({
        name: g.name,
        entities: g.entities.map((e) => ({ type: e.type, id: e.id })),
        matrix: g.matrix,
      })),
    };
  }
  return {
    method: raw.method,
    profiles,
    schedule: raw.schedule ? raw.schedule.map((s) => ({ stageId: s.stage_id, profileName: s.profile_name })) : null,
  };
}

export function resolveScenarios(raw: RawCase): Scenarios {
  const j = raw.json;
  const noise = raw.parquet["scenarios/noise_openings.parquet"];
  return {
    inflowSeasonalStats: sortBy(
      rowsOf(raw, "scenarios/inflow_seasonal_stats.parquet").map((r) => ({
        hydroId: num(r, "hydro_id"),
        stageId: num(r, "stage_id"),
        meanM3s: num(r, "mean_m3s"),
        stdM3s: num(r, "std_m3s"),
      })),
      (r) => r.hydroId,
      (r) => r.stageId,
    ),
    inflowArCoefficients: sortBy(
      rowsOf(raw, "scenarios/inflow_ar_coefficients.parquet").map((r) => ({
        hydroId: num(r, "hydro_id"),
        stageId: num(r, "stage_id"),
        lag: num(r, "lag"),
        coefficient: num(r, "coefficient"),
        residualStdRatio: optNum(r, "residual_std_ratio"),
      })),
      (r) => r.hydroId,
      (r) => r.stageId,
      (r) => r.lag,
    ),
    inflowAnnualComponents: sortBy(
      rowsOf(raw, "scenarios/inflow_annual_component.parquet").map((r) => ({
        hydroId: num(r, "hydro_id"),
        stageId: num(r, "stage_id"),
        annualCoefficient: num(r, "annual_coefficient"),
        annualMeanM3s: num(r, "annual_mean_m3s"),
        annualStdM3s: num(r, "annual_std_m3s"),
      })),
      (r) => r.hydroId,
      (r) => r.stageId,
    ),
    inflowHistory: rowsOf(raw, "scenarios/inflow_history.parquet")
      .map((r) => ({ hydroId: num(r, "hydro_id"), date: String(r.date), valueM3s: num(r, "value_m3s") }))
      .sort((a, b) => a.hydroId - b.hydroId || a.date.localeCompare(b.date)),
    loadSeasonalStats: sortBy(
      rowsOf(raw, "scenarios/load_seasonal_stats.parquet").map((r) => ({
        busId: num(r, "bus_id"),
        stageId: num(r, "stage_id"),
        meanMw: num(r, "mean_mw"),
        stdMw: num(r, "std_mw"),
      })),
      (r) => r.busId,
      (r) => r.stageId,
    ),
    loadFactors: blockFactors(j.loadFactors?.load_factors ?? [], (e: { bus_id: number }) => e.bus_id),
    ncsStats: sortBy(
      rowsOf(raw, "scenarios/non_controllable_stats.parquet").map((r) => ({
        ncsId: num(r, "ncs_id"),
        stageId: num(r, "stage_id"),
        mean: num(r, "mean"),
        std: num(r, "std"),
      })),
      (r) => r.ncsId,
      (r) => r.stageId,
    ),
    ncsFactors: blockFactors(j.ncsFactors?.non_controllable_factors ?? [], (e: { ncs_id: number }) => e.ncs_id),
    correlation: correlation(j.correlation),
    externalInflow: external(rowsOf(raw, "scenarios/external_inflow_scenarios.parquet"), "hydro_id", "value_m3s"),
    externalLoad: external(rowsOf(raw, "scenarios/external_load_scenarios.parquet"), "bus_id", "value_mw"),
    externalNcs: external(rowsOf(raw, "scenarios/external_ncs_scenarios.parquet"), "ncs_id", "value"),
    noiseOpenings: noise
      ? sortBy(
          noise.map((r) => ({
            stageId: num(r, "stage_id"),
            openingIndex: num(r, "opening_index"),
            entityIndex: num(r, "entity_index"),
            value: num(r, "value"),
          })),
          (r) => r.stageId,
          (r) => r.openingIndex,
          (r) => r.entityIndex,
        )
      : null,
  };
}
