/**
 * Hive layout of simulation output: `simulation/{entity}/scenario_id=NNNN/data.parquet`,
 * ids zero-padded to four digits as in the Cobre book (wider ids simply grow). Readers
 * such as DuckDB and Polars parse the key back as an integer column `scenario_id`.
 */
import type { System } from "@cobre/core";
import { SIMULATION_ENTITIES, type SimulationEntity } from "../schemas/index";

export const SIMULATION_DIR = "simulation";
export const DATA_FILE = "data.parquet";

/** `scenario_id=0007`. */
export function partitionName(scenarioId: number): string {
  return `scenario_id=${String(scenarioId).padStart(4, "0")}`;
}

/** The scenario id of a partition directory name, or null when it is not one. */
export function parsePartitionName(name: string): number | null {
  const m = /^scenario_id=(\d+)$/.exec(name);
  return m === null ? null : Number(m[1]);
}

/** `hydros/scenario_id=0007/data.parquet`, relative to `simulation/`. */
export function partitionFile(entity: SimulationEntity, scenarioId: number): string {
  return `${entity}/${partitionName(scenarioId)}/${DATA_FILE}`;
}

/**
 * The families a run writes: costs always; a dense family only when the system has such
 * entities (the book omits directories of absent entity types); inflow lags with hydros;
 * generic violations with generic constraints.
 */
export function expectedEntities(system: System): SimulationEntity[] {
  const has: Record<SimulationEntity, boolean> = {
    costs: true,
    hydros: system.hydros.length > 0,
    thermals: system.thermals.length > 0,
    exchanges: system.lines.length > 0,
    buses: system.buses.length > 0,
    pumping_stations: system.pumpingStations.length > 0,
    contracts: system.energyContracts.length > 0,
    non_controllables: system.nonControllableSources.length > 0,
    inflow_lags: system.hydros.length > 0,
    "violations/generic": system.genericConstraints.length > 0,
  };
  return SIMULATION_ENTITIES.filter((e) => has[e]);
}

/** Which property of `SimulationScenarioResult` holds each family. */
export const RESULT_KEY = {
  costs: "costs",
  hydros: "hydros",
  thermals: "thermals",
  exchanges: "exchanges",
  buses: "buses",
  pumping_stations: "pumpingStations",
  contracts: "contracts",
  non_controllables: "nonControllables",
  inflow_lags: "inflowLags",
  "violations/generic": "genericViolations",
} as const satisfies Record<SimulationEntity, string>;

/** Families that may legitimately be absent from a result (written with zero rows). */
export const SPARSE_ENTITIES: ReadonlySet<SimulationEntity> = new Set(["inflow_lags", "violations/generic"]);
