/**
 * @cobre/io — everything Cobre reads and writes on disk.
 *
 * - Cases: `loadCase` reads a case directory (JSON + Parquet) into a typed, validated
 *   `Case`; `validate` runs the five layers and reports every finding.
 * - Outputs: the simulation and training Parquet writers, manifests, metadata,
 *   dictionaries, `writeResults`, integrity verification and readers.
 * - Policies: the FlatBuffers policy checkpoint, written and read.
 *
 * Principles: on-disk formats follow the Cobre book byte for byte; every write is atomic
 * (temporary file, fsync, rename); expected failures are `Result` values with a `kind`;
 * no solver and no worker pool here.
 */
export { loadCase, loadCaseWithWarnings } from "./case/load-case";
export { validate } from "./case/validate";
export { JSON_INPUT_FILES, type JsonInputFile } from "./case/read/case-files";
export { VALIDATION_KINDS } from "./errors";
export type {
  LoadError,
  ValidationContext,
  ValidationKind,
  ValidationLayer,
  ValidationRecord,
  ValidationReport,
} from "./errors";

export type {
  BusColumns,
  ContractColumns,
  CostsColumns,
  ExchangeColumns,
  GenericViolationColumns,
  HydroColumns,
  InflowLagColumns,
  NonControllableColumns,
  PumpingStationColumns,
  SimulationScenarioResult,
  ThermalColumns,
  EncodedPartition,
  EncodedScenario,
  SolverStatsRecord,
  OutputError,
  OutputIoError,
  OutputManifestError,
  OutputSchemaError,
  OutputSerializationError,
  OutputSchema,
  ColumnSpec,
  SimulationEntity,
  ParquetWriterConfig,
  ResumeReport,
  SimulationWriterOptions,
  IterationRecord as ConvergenceRecord,
  RankTimingRecord,
  RetryHistogramRecord,
  CutSelectionRecord,
  SimulationOutput,
  TrainingOutput,
  WorkerInfo,
  SimulationManifest,
  TrainingManifest,
  TrainingMetadata,
  WriteResultsOptions,
  WriteResultsSummary,
  WriteSimulationResultsOptions,
  CoefficientRange,
  StageScalingReport,
  BookOutputFile,
  OutputConditionTerm,
  TrainingResultsSummary,
  OutputLocationOptions,
  OutputLocationReport,
  VerifyIssue,
  VerifyReport,
  SimulationQuery,
} from "./output/index";
export {
  describeOutputError,
  ALL_SCHEMAS,
  SIMULATION_ENTITIES,
  STAGE_LEVEL_BLOCK,
  DEFAULT_IO_CHANNEL_CAPACITY,
  SimulationParquetWriter,
  ScenarioEncoder,
  SIMULATION_RETRY_HISTOGRAM_SCHEMA,
  SIMULATION_SOLVER_ITERATIONS_SCHEMA,
  TrainingParquetWriter,
  localDistribution,
  readManifest,
  hashCaseDirectory,
  hashInputFiles,
  writeDictionaries,
  SUCCESS_MARKER,
  writeResults,
  writeSimulationResults,
  coefficientRange,
  SCALING_REPORT_FILE,
  writeScalingReport,
  FPHA_HYPERPLANES_OUTPUT,
  writeFphaHyperplanes,
  BOOK_OUTPUT_FILES,
  writeTrainingResults,
  checkOutputLocation,
  openOutputDirectory,
  formatBytes,
  verifyOutputs,
  readConvergence,
  readSimulation,
} from "./output/index";
export { writeFileAtomic, writeJsonAtomic } from "./output/fs/atomic-write";

/**
 * Stochastic artifacts (`exports.stochastic`): the opening tree, correlation model, load
 * statistics and — when estimated from `inflow_history.parquet` — the PAR(p) parameters
 * and fitting report a run used, written to `<output>/stochastic/` with the file names,
 * columns and Arrow types of the case input files, so that copying them into a case's
 * `scenarios/` replays the run without estimation (Cobre book, "Stochastic Artifacts").
 */
export type {
  EstimatedInflowModel,
  FittingReport,
  HydroFittingReport,
  InflowAnnualComponentRow,
  InflowArCoefficientRow,
  OpeningTreeArtifact,
  StochasticArtifactFile,
  StochasticArtifacts,
  StochasticArtifactsOptions,
  StochasticArtifactsSummary,
} from "./output/index";
export {
  correlationDocument,
  fittingReportDocument,
  NOISE_OPENINGS_SCHEMA,
  INFLOW_SEASONAL_STATS_SCHEMA,
  INFLOW_AR_COEFFICIENTS_SCHEMA,
  INFLOW_ANNUAL_COMPONENT_SCHEMA,
  LOAD_SEASONAL_STATS_SCHEMA,
  STOCHASTIC_ARTIFACT_FILES,
  STOCHASTIC_DIR,
  STOCHASTIC_SCHEMAS,
  writeStochasticArtifacts,
} from "./output/index";

export {
  checkpointCandidates,
  policyDirectoryIn,
  decodeStageCuts,
  encodeStageCuts,
  POLICY_FORMAT_VERSION,
  prepareCheckpointStaging,
  publishStagedCheckpoint,
  readOptionalCheckpointText,
  stagedPolicyDir,
  readPolicy,
  readStageBasis,
  readStageCuts,
  writePolicyCheckpoint,
} from "./policy/index";
export type {
  CutColumns,
  PolicyCheckpoint,
  PolicyCheckpointInput,
  PolicyError,
  PolicyErrorKind,
  PolicyMetadata,
  PolicyMetadataInput,
  PolicyWriteSummary,
  StageBasisData,
  StageCutsData,
  StageCutsRead,
  WritePolicyOptions,
} from "./policy/index";

// Read-only analyses of finished runs (shared by `cobre compare`, `cobre summary`, `cobre report` and the MCP server).
export {
  type AnalysisError,
  type AnalysisErrorKind,
  analysisError,
  METADATA_FILE,
  type RunMetadata,
  readOutputJson,
  readRunMetadata,
  readTrainingMetadata,
  type ConvergenceLogRow,
  type IterationRange,
  convergenceLog,
  convergenceRows,
  type CostStatistics,
  costStatistics,
  scenarioCostSums,
  summarizeCostSums,
  type StoragePercentiles,
  storagePercentiles,
  type Timings,
  timings,
  type PolicySummary,
  policySummary,
  entityNames,
  type AggregateQuery,
  type AggregateResult,
  type EntityAggregate,
  aggregateSimulation,
  type Summary,
  quantile,
  summarize,
  type Difference,
  type Verdict,
  relativeDifference,
  type Compatibility,
  type HashCheck,
  compatibility,
  COMPARED_CONVERGENCE_COLUMNS,
  type CompareOptions,
  DEFAULT_TOLERANCE,
  type RunComparison,
  type SectionResult,
  compareRuns,
  type Cell,
  type Row,
} from "./analysis/index";
