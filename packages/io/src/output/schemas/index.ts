/**
 * The registry of every Parquet output family. Simulation families are keyed by their
 * directory under `simulation/` (which is also the `SimulationEntity` name).
 */
import type { OutputSchema } from "./column";
import { BOUNDS_SCHEMA } from "./dictionary-bounds";
import { FPHA_HYPERPLANES_SCHEMA } from "./hydro-models";
import { BUSES_SCHEMA } from "./simulation-buses";
import { CONTRACTS_SCHEMA } from "./simulation-contracts";
import { COSTS_SCHEMA } from "./simulation-costs";
import { EXCHANGES_SCHEMA } from "./simulation-exchanges";
import { HYDROS_SCHEMA } from "./simulation-hydros";
import { INFLOW_LAGS_SCHEMA } from "./simulation-inflow-lags";
import { NON_CONTROLLABLES_SCHEMA } from "./simulation-non-controllables";
import { PUMPING_STATIONS_SCHEMA } from "./simulation-pumping-stations";
import { SIMULATION_RETRY_HISTOGRAM_SCHEMA, SIMULATION_SOLVER_ITERATIONS_SCHEMA } from "./simulation-solver";
import { THERMALS_SCHEMA } from "./simulation-thermals";
import { GENERIC_VIOLATIONS_SCHEMA } from "./simulation-violations-generic";
import { CONVERGENCE_SCHEMA } from "./training-convergence";
import { CUT_SELECTION_SCHEMA } from "./training-cut-selection";
import { RETRY_HISTOGRAM_SCHEMA, SOLVER_ITERATIONS_SCHEMA } from "./training-solver";
import { TIMING_ITERATIONS_SCHEMA, TIMING_RANKS_SCHEMA } from "./training-timing";

export type { ColumnSpec, OutputSchema } from "./column";
export { defineSchema } from "./column";
export {
  BOUNDS_SCHEMA,
  CONVERGENCE_SCHEMA,
  CUT_SELECTION_SCHEMA,
  FPHA_HYPERPLANES_SCHEMA,
  RETRY_HISTOGRAM_SCHEMA,
  SIMULATION_RETRY_HISTOGRAM_SCHEMA,
  SIMULATION_SOLVER_ITERATIONS_SCHEMA,
  SOLVER_ITERATIONS_SCHEMA,
  TIMING_ITERATIONS_SCHEMA,
  TIMING_RANKS_SCHEMA,
};

/** Simulation entity families, in the order they are written. */
export const SIMULATION_ENTITIES = [
  "costs",
  "hydros",
  "thermals",
  "exchanges",
  "buses",
  "pumping_stations",
  "contracts",
  "non_controllables",
  "inflow_lags",
  "violations/generic",
] as const;

export type SimulationEntity = (typeof SIMULATION_ENTITIES)[number];

export const SIMULATION_SCHEMAS: Readonly<Record<SimulationEntity, OutputSchema>> = {
  costs: COSTS_SCHEMA,
  hydros: HYDROS_SCHEMA,
  thermals: THERMALS_SCHEMA,
  exchanges: EXCHANGES_SCHEMA,
  buses: BUSES_SCHEMA,
  pumping_stations: PUMPING_STATIONS_SCHEMA,
  contracts: CONTRACTS_SCHEMA,
  non_controllables: NON_CONTROLLABLES_SCHEMA,
  inflow_lags: INFLOW_LAGS_SCHEMA,
  "violations/generic": GENERIC_VIOLATIONS_SCHEMA,
};

/** Every single-file Parquet output, keyed by its path relative to the output root. */
export const FILE_SCHEMAS: readonly OutputSchema[] = [
  CONVERGENCE_SCHEMA,
  TIMING_ITERATIONS_SCHEMA,
  TIMING_RANKS_SCHEMA,
  SOLVER_ITERATIONS_SCHEMA,
  RETRY_HISTOGRAM_SCHEMA,
  CUT_SELECTION_SCHEMA,
  BOUNDS_SCHEMA,
  FPHA_HYPERPLANES_SCHEMA,
];

/** Every schema, simulation families first: the rows of `variables.csv`. */
export const ALL_SCHEMAS: readonly OutputSchema[] = [...Object.values(SIMULATION_SCHEMAS), ...FILE_SCHEMAS];
