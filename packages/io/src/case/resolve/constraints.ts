/** Files under `constraints/` plus FPHA/geometry tables and production models → core types. */
import type {
  Constraints,
  FphaConfig,
  FphaHyperplane,
  HydroGenerationModel,
  HydroGeometryPoint,
  HydroProductionModel,
  RawFphaConfig,
  RawProductionModelsFile,
} from "@cobre/core";
import { HYDRO_PENALTY_COLUMNS } from "../read/parquet-columns";
import { num, optNum, rowsOf, type RawCase } from "../read/raw-case";
import { sortBy } from "./scenarios";

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const byEntityStage = <T extends { stageId: number }>(rows: T[], id: (t: T) => number): T[] =>
  sortBy(rows, id, (r) => r.stageId);

export function resolveConstraints(raw: RawCase): Constraints {
  const r = (f: Parameters<typeof rowsOf>[1]) => rowsOf(raw, f);
  return {
    thermalBounds: byEntityStage(
      r("constraints/thermal_bounds.parquet").map((x) => ({
        thermalId: num(x, "thermal_id"),
        stageId: num(x, "stage_id"),
        minGenerationMw: optNum(x, "min_generation_mw"),
        maxGenerationMw: optNum(x, "max_generation_mw"),
        costPerMwh: optNum(x, "cost_per_mwh"),
      })),
      (x) => x.thermalId,
    ),
    hydroBounds: byEntityStage(
      r("constraints/hydro_bounds.parquet").map((x) => ({
        hydroId: num(x, "hydro_id"),
        stageId: num(x, "stage_id"),
        minTurbinedM3s: optNum(x, "min_turbined_m3s"),
        maxTurbinedM3s: optNum(x, "max_turbined_m3s"),
        minStorageHm3: optNum(x, "min_storage_hm3"),
        maxStorageHm3: optNum(x, "max_storage_hm3"),
        minOutflowM3s: optNum(x, "min_outflow_m3s"),
        maxOutflowM3s: optNum(x, "max_outflow_m3s"),
        minGenerationMw: optNum(x, "min_generation_mw"),
        maxGenerationMw: optNum(x, "max_generation_mw"),
        maxDiversionM3s: optNum(x, "max_diversion_m3s"),
        fillingInflowM3s: optNum(x, "filling_inflow_m3s"),
        waterWithdrawalM3s: optNum(x, "water_withdrawal_m3s"),
      })),
      (x) => x.hydroId,
    ),
    lineBounds: byEntityStage(
      r("constraints/line_bounds.parquet").map((x) => ({
        lineId: num(x, "line_id"),
        stageId: num(x, "stage_id"),
        directMw: optNum(x, "direct_mw"),
        reverseMw: optNum(x, "reverse_mw"),
      })),
      (x) => x.lineId,
    ),
    pumpingBounds: byEntityStage(
      r("constraints/pumping_bounds.parquet").map((x) => ({
        stationId: num(x, "station_id"),
        stageId: num(x, "stage_id"),
        minM3s: optNum(x, "min_m3s"),
        maxM3s: optNum(x, "max_m3s"),
      })),
      (x) => x.stationId,
    ),
    contractBounds: byEntityStage(
      r("constraints/contract_bounds.parquet").map((x) => ({
        contractId: num(x, "contract_id"),
        stageId: num(x, "stage_id"),
        minMw: optNum(x, "min_mw"),
        maxMw: optNum(x, "max_mw"),
        pricePerMwh: optNum(x, "price_per_mwh"),
      })),
      (x) => x.contractId,
    ),
    ncsBounds: byEntityStage(
      r("constraints/ncs_bounds.parquet").map((x) => ({
        ncsId: num(x, "ncs_id"),
        stageId: num(x, "stage_id"),
        availableGenerationMw: num(x, "available_generation_mw"),
      })),
      (x) => x.ncsId,
    ),
    exchangeFactors: byEntityStage(
      (raw.json.exchangeFactors?.exchange_factors ?? []).map((e) => ({
        lineId: e.line_id,
        stageId: e.stage_id,
        blockFactors: [...e.block_factors]
          .sort((a, b) => a.block_id - b.block_id)
          .map((b) => ({ blockId: b.block_id, directFactor: b.direct_factor, reverseFactor: b.reverse_factor })),
      })),
      (x) => x.lineId,
    ),
    genericConstraintBounds: sortBy(
      r("constraints/generic_constraint_bounds.parquet").map((x) => ({
        constraintId: num(x, "constraint_id"),
        stageId: num(x, "stage_id"),
        blockId: optNum(x, "block_id"),
        bound: num(x, "bound"),
      })),
      (x) => x.constraintId,
      (x) => x.stageId,
      (x) => x.blockId ?? -1,
    ),
    penaltyOverrides: {
      bus: byEntityStage(
        r("constraints/penalty_overrides_bus.parquet").map((x) => ({
          busId: num(x, "bus_id"),
          stageId: num(x, "stage_id"),
          excessCost: optNum(x, "excess_cost"),
        })),
        (x) => x.busId,
      ),
      line: byEntityStage(
        r("constraints/penalty_overrides_line.parquet").map((x) => ({
          lineId: num(x, "line_id"),
          stageId: num(x, "stage_id"),
          exchangeCost: optNum(x, "exchange_cost"),
        })),
        (x) => x.lineId,
      ),
      hydro: byEntityStage(
        r("constraints/penalty_overrides_hydro.parquet").map((x) => {
          const costs: Record<string, number | null> = {};
          for (const c of HYDRO_PENALTY_COLUMNS) costs[camel(c)] = optNum(x, c);
          return { ...costs, hydroId: num(x, "hydro_id"), stageId: num(x, "stage_id") };
        }),
        (x) => x.hydroId,
      ),
      ncs: byEntityStage(
        r("constraints/penalty_overrides_ncs.parquet").map((x) => ({
          ncsId: num(x, "source_id"),
          stageId: num(x, "stage_id"),
          curtailmentCost: optNum(x, "curtailment_cost"),
        })),
        (x) => x.ncsId,
      ),
    },
  };
}

export function resolveFphaHyperplanes(raw: RawCase): FphaHyperplane[] {
  return sortBy(
    rowsOf(raw, "system/fpha_hyperplanes.parquet").map((x) => ({
      hydroId: num(x, "hydro_id"),
      stageId: optNum(x, "stage_id"),
      planeId: num(x, "plane_id"),
      gamma0: num(x, "gamma_0"),
      gammaV: num(x, "gamma_v"),
      gammaQ: num(x, "gamma_q"),
      gammaS: num(x, "gamma_s"),
      // The book: kappa defaults to 1.0 when absent or null.
      kappa: optNum(x, "kappa") ?? 1,
      validVMinHm3: optNum(x, "valid_v_min_hm3"),
      validVMaxHm3: optNum(x, "valid_v_max_hm3"),
      validQMaxM3s: optNum(x, "valid_q_max_m3s"),
    })),
    (p) => p.hydroId,
    // Null stage ids sort first: they apply to every stage.
    (p) => (p.stageId === null ? Number.NEGATIVE_INFINITY : p.stageId),
    (p) => p.planeId,
  );
}

export function resolveHydroGeometry(raw: RawCase): HydroGeometryPoint[] {
  return sortBy(
    rowsOf(raw, "system/hydro_geometry.parquet").map((x) => ({
      hydroId: num(x, "hydro_id"),
      volumeHm3: num(x, "volume_hm3"),
      heightM: num(x, "height_m"),
      areaKm2: num(x, "area_km2"),
    })),
    (p) => p.hydroId,
    (p) => p.volumeHm3,
  );
}

function fpha(raw: RawFphaConfig | null | undefined): FphaConfig | null {
  if (!raw) return null;
  const w = raw.fitting_window;
  return {
    source: raw.source === "computed" ? "computed" : "precomputed",
    volumeDiscretizationPoints: raw.volume_discretization_points ?? null,
    turbineDiscretizationPoints: raw.turbine_discretization_points ?? null,
    spillageDiscretizationPoints: raw.spillage_discretization_points ?? null,
    maxPlanesPerHydro: raw.max_planes_per_hydro ?? null,
    fittingWindow: w
      ? {
          volumeMinHm3: w.volume_min_hm3 ?? null,
          volumeMaxHm3: w.volume_max_hm3 ?? null,
          volumeMinPercentile: w.volume_min_percentile ?? null,
          volumeMaxPercentile: w.volume_max_percentile ?? null,
        }
      : null,
  };
}

// The validator restricts model names to the three known values.
const model = (m: string): HydroGenerationModel => m as HydroGenerationModel;

export function resolveProductionModels(raw: RawProductionModelsFile | undefined): HydroProductionModel[] {
  return (raw?.production_models ?? [])
    .map((m): HydroProductionModel => {
      if (m.selection_mode === "stage_ranges") {
        return {
          hydroId: m.hydro_id,
          selectionMode: "stage_ranges",
          stageRanges: m.stage_ranges.map((r) => ({
            startStageId: r.start_stage_id,
            endStageId: r.end_stage_id ?? null,
            model: model(r.model),
            fphaConfig: fpha(r.fpha_config),
            productivityOverride: r.productivity_override ?? null,
          })),
        };
      }
      return {
        hydroId: m.hydro_id,
        selectionMode: "seasonal",
        defaultModel: model(m.default_model),
        seasons: m.seasons.map((s) => ({
          seasonId: s.season_id,
          model: model(s.model),
          fphaConfig: fpha(s.fpha_config),
          productivityOverride: s.productivity_override ?? null,
        })),
      };
    })
    .sort((a, b) => a.hydroId - b.hydroId);
}
