/**
 * The resolved, camelCase solver configuration (`config.json` with every default of the
 * Cobre book applied). The engine reads only this type, never the raw file.
 */

/** A training stopping rule; `stoppingMode` combines several. */
export type StoppingRule =
  | { readonly type: "iteration_limit"; readonly limit: number }
  | { readonly type: "time_limit"; readonly seconds: number }
  | { readonly type: "bound_stalling"; readonly iterations: number; readonly tolerance: number }
  | {
      readonly type: "simulation";
      readonly replications: number;
      readonly period: number;
      readonly boundWindow: number;
      readonly distanceTol: number;
      readonly boundTol: number;
    };

/** Where forward-pass noise comes from, per entity class. */
export type SamplingScheme = "in_sample" | "out_of_sample" | "historical" | "external";

export type HistoricalYears = readonly number[] | { readonly from: number; readonly to: number };

export interface ScenarioSourceConfig {
  /** Forward-pass seed for out-of-sample/historical/external schemes; null = derived from treeSeed. */
  readonly seed: number | null;
  readonly inflow: { readonly scheme: SamplingScheme };
  readonly load: { readonly scheme: SamplingScheme };
  readonly ncs: { readonly scheme: SamplingScheme };
  readonly historicalYears: HistoricalYears | null;
}

export type CutSelectionMethod = "level1" | "lml1" | "domination";

export interface CutSelectionConfig {
  readonly enabled: boolean;
  readonly method: CutSelectionMethod | null;
  readonly threshold: number;
  readonly checkFrequency: number;
  readonly cutActivityTolerance: number;
  readonly memoryWindow: number | null;
  readonly basisActivityWindow: number;
  readonly maxActivePerStage: number | null;
  readonly dominationEpsilon: number;
}

export type CutFormulation = "single" | "multi";

export interface TrainingConfig {
  readonly enabled: boolean;
  readonly forwardPasses: number;
  readonly stoppingRules: readonly StoppingRule[];
  readonly stoppingMode: "any" | "all";
  /** The opening-tree seed. Absent in the file = 42 (validation warns). */
  readonly treeSeed: number | null;
  readonly cutFormulation: CutFormulation;
  /** `training.forward_pass` (only the `"default"` forward pass exists); null when absent. */
  readonly forwardPass: { readonly type: string } | null;
  readonly cutSelection: CutSelectionConfig;
  readonly scenarioSource: ScenarioSourceConfig;
  /**
   * `training.solver`: limits of the solver's retry ladder per solve. `null` (absent in the
   * file) = the whole ladder, 12 levels within 120 s — what the Rust tool runs, whose
   * schema documents 5 and 30 s but whose solver does not read them.
   */
  readonly solver: { readonly retryMaxAttempts: number | null; readonly retryTimeBudgetSeconds: number | null };
}

export interface SimulationConfig {
  readonly enabled: boolean;
  readonly numScenarios: number;
  readonly policyType: "outer" | "inner";
  readonly outputPath: string | null;
  readonly outputMode: "streaming" | "batched" | null;
  readonly ioChannelCapacity: number;
  /** Falls back to `training.scenarioSource` when the file has none. */
  readonly scenarioSource: ScenarioSourceConfig;
}

export type InflowNonNegativityMethod = "none" | "penalty" | "truncation" | "truncation_with_penalty";

export interface ModelingConfig {
  readonly inflowNonNegativity: { readonly method: InflowNonNegativityMethod; readonly penaltyCost: number };
}

export interface PolicyConfig {
  readonly path: string;
  readonly mode: "fresh" | "warm_start" | "resume";
  readonly validateCompatibility: boolean;
  readonly boundary: { readonly path: string; readonly sourceStage: number } | null;
  readonly checkpointing: {
    readonly enabled: boolean;
    readonly initialIteration: number | null;
    readonly intervalIterations: number | null;
    readonly storeBasis: boolean;
    readonly compress: boolean;
  };
}

export interface EstimationConfig {
  readonly maxOrder: number;
  readonly orderSelection: "pacf" | "pacf_annual";
  readonly minObservationsPerSeason: number;
  readonly maxCoefficientMagnitude: number | null;
}

export interface UpperBoundEvaluationConfig {
  readonly enabled: boolean;
  readonly initialIteration: number | null;
  readonly intervalIterations: number | null;
  readonly lipschitz: {
    readonly mode: string | null;
    readonly fallbackValue: number | null;
    readonly scaleFactor: number | null;
  };
}

export interface ExportsConfig {
  readonly training: boolean;
  readonly cuts: boolean;
  readonly states: boolean;
  readonly vertices: boolean;
  readonly simulation: boolean;
  readonly forwardDetail: boolean;
  readonly backwardDetail: boolean;
  readonly compression: "zstd" | "lz4" | "none" | null;
  readonly stochastic: boolean;
}

export interface Config {
  readonly training: TrainingConfig;
  readonly simulation: SimulationConfig;
  readonly modeling: ModelingConfig;
  readonly policy: PolicyConfig;
  readonly estimation: EstimationConfig;
  readonly upperBoundEvaluation: UpperBoundEvaluationConfig;
  readonly exports: ExportsConfig;
}

/** Seed used when `training.tree_seed` is absent (the Cobre book's documented default). */
export const DEFAULT_TREE_SEED = 42;
