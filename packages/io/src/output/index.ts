/**
 * The output side of @cobre/io: simulation and training Parquet writers, manifests,
 * metadata, dictionaries, crash recovery, integrity verification and readers.
 */
export type {
  OutputError,
  OutputIoError,
  OutputManifestError,
  OutputSchemaError,
  OutputSerializationError,
} from "./errors";
export { describeOutputError } from "./errors";

export type { ColumnSpec, OutputSchema, SimulationEntity } from "./schemas/index";
export {
  ALL_SCHEMAS,
  SIMULATION_ENTITIES,
  SIMULATION_SCHEMAS,
  SIMULATION_RETRY_HISTOGRAM_SCHEMA,
  SIMULATION_SOLVER_ITERATIONS_SCHEMA,
} from "./schemas/index";

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
} from "./simulation-result";
export { STAGE_LEVEL_BLOCK } from "./simulation-result";

export type { ParquetWriterConfig } from "./parquet-encode";
export type { ResumeReport, SimulationWriterOptions } from "./simulation-writer";
export { DEFAULT_IO_CHANNEL_CAPACITY, SimulationParquetWriter } from "./simulation-writer";
export type { EncodedPartition, EncodedScenario } from "./scenario-encoder";
export { ScenarioEncoder } from "./scenario-encoder";
export type { DurableFs } from "./durable-fs";
export { nodeDurableFs } from "./durable-fs";
export { BoundedQueue } from "./bounded-queue";
export { expectedEntities } from "./partition-layout";

export type {
  IterationRecord,
  RankTimingRecord,
  RetryHistogramRecord,
  SimulationOutput,
  SolverStatsRecord,
  TrainingOutput,
  WorkerInfo,
} from "./training-types";
export { TrainingParquetWriter } from "./training-writer";

export type {
  SimulationManifest,
  TrainingManifest,
} from "./manifest-types";
export { localDistribution } from "./manifest-types";
export { readManifest, writeSimulationManifest } from "./manifest-io";
export type { TrainingMetadata } from "./metadata";
export { hashCaseDirectory, hashInputFiles } from "./policy-hashes";
export { writeDictionaries } from "./dictionaries/index";

export type { WriteResultsOptions, WriteResultsSummary, WriteSimulationResultsOptions } from "./write-results";
export { SUCCESS_MARKER, writeResults, writeSimulationResults } from "./write-results";
export type { CoefficientRange, StageScalingReport } from "./scaling-report";
export { coefficientRange, SCALING_REPORT_FILE, writeScalingReport } from "./scaling-report";
export { FPHA_HYPERPLANES_OUTPUT, writeFphaHyperplanes } from "./hydro-models";
export type { BookOutputFile, OutputConditionTerm } from "./output-files";
export { BOOK_OUTPUT_FILES } from "./output-files";
export type { TrainingResultsSummary } from "./write-results";
export { writeTrainingResults } from "./write-results";
export type { OutputLocationOptions, OutputLocationReport } from "./output-location";
export { checkOutputLocation, formatBytes, openOutputDirectory } from "./output-location";

export {
  INFLOW_ANNUAL_COMPONENT_SCHEMA,
  INFLOW_AR_COEFFICIENTS_SCHEMA,
  INFLOW_SEASONAL_STATS_SCHEMA,
  LOAD_SEASONAL_STATS_SCHEMA,
  NOISE_OPENINGS_SCHEMA,
  STOCHASTIC_SCHEMAS,
} from "./schemas/stochastic";
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
} from "./stochastic-artifacts";
export {
  correlationDocument,
  fittingReportDocument,
  STOCHASTIC_ARTIFACT_FILES,
  STOCHASTIC_DIR,
  writeStochasticArtifacts,
} from "./stochastic-artifacts";

export type { VerifyIssue, VerifyReport } from "./verify";
export { verifyOutputs } from "./verify";
export type { SimulationQuery } from "./readers";
export { readConvergence, readSimulation } from "./readers";
