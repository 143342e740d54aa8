/**
 * The output side of @cobre/io: simulation and training Parquet writers, manifests,
 * metadata, dictionaries, crash recovery, integrity verification and readers.
 *
 * Folders by concept: `schemas/` (one file per output table), `parquet/` (columns → Arrow
 * → Parquet bytes and back), `fs/` (atomic and durable writes, checksums, directory walks),
 * `manifest/` (the two `_manifest.json` documents), `simulation/` (the streaming writer,
 * its encoder, layout and crash recovery), `training/` (the training writer, metadata and
 * the reports beside it), `dictionaries/`, `artifacts/` (stochastic and hydro-model
 * exports) and `directory/` (the output directory as a whole: the book's file list,
 * location checks, verification and readers). `write-results.ts` ties them together.
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
} from "./simulation/result";
export { STAGE_LEVEL_BLOCK } from "./simulation/result";

export type { ParquetWriterConfig } from "./parquet/encode";
export type { ResumeReport, SimulationWriterOptions } from "./simulation/writer";
export { DEFAULT_IO_CHANNEL_CAPACITY, SimulationParquetWriter } from "./simulation/writer";
export type { EncodedPartition, EncodedScenario } from "./simulation/scenario-encoder";
export { ScenarioEncoder } from "./simulation/scenario-encoder";
export type { DurableFs } from "./fs/durable-fs";
export { nodeDurableFs } from "./fs/durable-fs";
export { BoundedQueue } from "./simulation/bounded-queue";
export { expectedEntities } from "./simulation/partition-layout";

export type {
  CutSelectionRecord,
  IterationRecord,
  RankTimingRecord,
  RetryHistogramRecord,
  SimulationOutput,
  SolverStatsRecord,
  TrainingOutput,
  WorkerInfo,
} from "./training/types";
export { TrainingParquetWriter } from "./training/writer";

export type {
  SimulationManifest,
  TrainingManifest,
} from "./manifest/types";
export { localDistribution } from "./manifest/types";
export { readManifest, writeSimulationManifest } from "./manifest/io";
export type { TrainingMetadata } from "./training/metadata";
export { hashCaseDirectory, hashInputFiles } from "./training/policy-hashes";
export { writeDictionaries } from "./dictionaries/index";

export type { WriteResultsOptions, WriteResultsSummary, WriteSimulationResultsOptions } from "./write-results";
export { SUCCESS_MARKER, writeResults, writeSimulationResults } from "./write-results";
export type { CoefficientRange, StageScalingReport } from "./training/scaling-report";
export { coefficientRange, SCALING_REPORT_FILE, writeScalingReport } from "./training/scaling-report";
export { FPHA_HYPERPLANES_OUTPUT, writeFphaHyperplanes } from "./artifacts/hydro-models";
export type { BookOutputFile, OutputConditionTerm } from "./directory/files";
export { BOOK_OUTPUT_FILES } from "./directory/files";
export type { TrainingResultsSummary } from "./write-results";
export { writeTrainingResults } from "./write-results";
export type { OutputLocationOptions, OutputLocationReport } from "./directory/location";
export { checkOutputLocation, formatBytes, openOutputDirectory } from "./directory/location";

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
} from "./artifacts/stochastic";
export {
  correlationDocument,
  fittingReportDocument,
  STOCHASTIC_ARTIFACT_FILES,
  STOCHASTIC_DIR,
  writeStochasticArtifacts,
} from "./artifacts/stochastic";

export type { VerifyIssue, VerifyReport } from "./directory/verify";
export { verifyOutputs } from "./directory/verify";
export type { SimulationQuery } from "./directory/readers";
export { readConvergence, readSimulation } from "./directory/readers";
