/**
 * Every output file of the Cobre book's output-format reference ("Output Directory
 * Tree"), with the condition under which a run writes it — one table for the docs
 * (docs/output-format.md) and for the test that checks a run against the book.
 *
 * A condition is a list of terms that must all hold (an empty list: always):
 * - `training`: training ran (`training.enabled`, the default);
 * - `exports.training` / `exports.cuts` / `exports.states` / `exports.stochastic`: the
 *   `exports` flag of config.json is on (cuts and states default on and off);
 * - `simulation`: a simulation ran and wrote its files (`simulation.enabled`,
 *   `num_scenarios > 0`, `exports.simulation`);
 * - `entity:<family>`: the case has entities of that simulation family (costs always);
 * - `cut_selection`: `training.cut_selection.enabled` with a method;
 * - `store_basis`: `policy.checkpointing.store_basis`;
 * - `fpha_computed`: some hydro uses `fpha_config.source: "computed"`;
 * - `estimation`: the inflow model was estimated from `inflow_history.parquet`;
 * - `load_statistics`: the case has load statistics (stochastic load buses).
 */
import type { SimulationEntity } from "../schemas/index";

export type OutputConditionTerm =
  | "training"
  | "exports.training"
  | "exports.cuts"
  | "exports.states"
  | "exports.stochastic"
  | "simulation"
  | `entity:${SimulationEntity}`
  | "cut_selection"
  | "store_basis"
  | "fpha_computed"
  | "estimation"
  | "load_statistics";

/** One entry of the book's output tree. */
export interface BookOutputFile {
  /**
   * Path relative to the output root. A directory of Hive partitions ends with `/`
   * (`simulation/costs/`); per-stage binaries are written `stage_NNN.bin`.
   */
  readonly path: string;
  readonly format: "json" | "csv" | "parquet" | "flatbuffers" | "hive-parquet";
  /** All terms must hold for the run to write the file. */
  readonly when: readonly OutputConditionTerm[];
  /** One line for the documentation. */
  readonly description: string;
}

const sim = (entity: SimulationEntity, description: string): BookOutputFile => ({
  path: `simulation/${entity}/`,
  format: "hive-parquet",
  when: entity === "costs" ? ["simulation"] : ["simulation", `entity:${entity}`],
  description,
});

/** The book's output tree, in its order. */
export const BOOK_OUTPUT_FILES: readonly BookOutputFile[] = [
  {
    path: "training/_manifest.json",
    format: "json",
    when: ["training"],
    description: "training status, iterations, cuts",
  },
  {
    path: "training/metadata.json",
    format: "json",
    when: ["training"],
    description: "configuration snapshot, dimensions, environment",
  },
  {
    path: "training/convergence.parquet",
    format: "parquet",
    when: ["training", "exports.training"],
    description: "bounds and cut counts per iteration",
  },
  {
    path: "training/dictionaries/codes.json",
    format: "json",
    when: [],
    description: "integer codes of categorical columns",
  },
  { path: "training/dictionaries/entities.csv", format: "csv", when: [], description: "every entity with its bus" },
  {
    path: "training/dictionaries/variables.csv",
    format: "csv",
    when: [],
    description: "every output column with type and unit",
  },
  {
    path: "training/dictionaries/bounds.parquet",
    format: "parquet",
    when: [],
    description: "resolved bounds per entity and stage",
  },
  {
    path: "training/dictionaries/state_dictionary.json",
    format: "json",
    when: [],
    description: "meaning of each state dimension",
  },
  {
    path: "training/timing/iterations.parquet",
    format: "parquet",
    when: ["training", "exports.training"],
    description: "wall time per phase per iteration",
  },
  {
    path: "training/timing/mpi_ranks.parquet",
    format: "parquet",
    when: ["training", "exports.training"],
    description: "time and work per worker per iteration",
  },
  {
    path: "training/solver/iterations.parquet",
    format: "parquet",
    when: ["training", "exports.training"],
    description: "LP solver statistics per iteration, phase and stage",
  },
  {
    path: "training/solver/retry_histogram.parquet",
    format: "parquet",
    when: ["training", "exports.training"],
    description: "solves recovered per retry level (rows only for positive counts)",
  },
  {
    path: "training/scaling_report.json",
    format: "json",
    when: [],
    description: "coefficient and right-hand-side ranges of each stage LP",
  },
  {
    path: "training/cut_selection/iterations.parquet",
    format: "parquet",
    when: ["training", "exports.training", "cut_selection"],
    description: "cut selection statistics per iteration and stage",
  },
  {
    path: "policy/cuts/stage_NNN.bin",
    format: "flatbuffers",
    when: ["training", "exports.cuts"],
    description: "the cuts of each stage",
  },
  {
    path: "policy/basis/stage_NNN.bin",
    format: "flatbuffers",
    when: ["training", "exports.cuts", "store_basis"],
    description: "a simplex basis per stage",
  },
  {
    path: "policy/metadata.json",
    format: "json",
    when: ["training", "exports.cuts"],
    description: "checkpoint metadata and compatibility hashes",
  },
  {
    path: "policy/states/stage_NNN.bin",
    format: "flatbuffers",
    when: ["training", "exports.cuts", "exports.states"],
    description: "visited forward-pass states per stage",
  },
  {
    path: "simulation/_manifest.json",
    format: "json",
    when: ["simulation"],
    description: "simulation status and scenario counts",
  },
  sim("costs", "cost breakdown per stage and block"),
  sim("hydros", "hydro plant results"),
  sim("thermals", "thermal unit results"),
  sim("exchanges", "transmission line flows"),
  sim("buses", "load balance per bus"),
  sim("pumping_stations", "pumping station results"),
  sim("contracts", "energy contract results"),
  sim("non_controllables", "non-controllable source results"),
  sim("inflow_lags", "inflow lag states"),
  sim("violations/generic", "generic constraint violations"),
  {
    path: "simulation/solver/iterations.parquet",
    format: "parquet",
    when: ["simulation"],
    description: "LP solver statistics per scenario and stage",
  },
  {
    path: "simulation/solver/retry_histogram.parquet",
    format: "parquet",
    when: ["simulation"],
    description: "simulation solves recovered per retry level",
  },
  {
    path: "hydro_models/fpha_hyperplanes.parquet",
    format: "parquet",
    when: ["fpha_computed"],
    description: "FPHA planes fitted from geometry, in the input file's format",
  },
  {
    path: "stochastic/inflow_seasonal_stats.parquet",
    format: "parquet",
    when: ["exports.stochastic", "estimation"],
    description: "estimated seasonal inflow statistics",
  },
  {
    path: "stochastic/inflow_ar_coefficients.parquet",
    format: "parquet",
    when: ["exports.stochastic", "estimation"],
    description: "estimated AR coefficients",
  },
  {
    path: "stochastic/correlation.json",
    format: "json",
    when: ["exports.stochastic"],
    description: "the correlation model used",
  },
  {
    path: "stochastic/fitting_report.json",
    format: "json",
    when: ["exports.stochastic", "estimation"],
    description: "PAR fitting diagnostics",
  },
  {
    path: "stochastic/noise_openings.parquet",
    format: "parquet",
    when: ["exports.stochastic"],
    description: "the backward-pass opening tree",
  },
  {
    path: "stochastic/load_seasonal_stats.parquet",
    format: "parquet",
    when: ["exports.stochastic", "load_statistics"],
    description: "load statistics",
  },
];
