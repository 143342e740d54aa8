/**
 * Read-only analyses of finished runs, shared by the MCP server and the CLI:
 * metadata, convergence rows, simulation cost statistics, per-entity aggregates, storage
 * percentiles, timings, policy summary, entity names and run comparison.
 */
export { type AnalysisError, type AnalysisErrorKind, analysisError } from "./errors";
export { METADATA_FILE, type RunMetadata, readOutputJson, readRunMetadata, readTrainingMetadata } from "./metadata";
export { type ConvergenceLogRow, type IterationRange, convergenceLog, convergenceRows } from "./convergence";
export { type CostStatistics, costStatistics, scenarioCostSums, summarizeCostSums } from "./cost-statistics";
export { type StoragePercentiles, storagePercentiles } from "./storage-percentiles";
export { type Timings, timings } from "./timings";
export { type PolicySummary, policySummary } from "./policy-summary";
export { entityNames } from "./entity-names";
export {
  type AggregateQuery,
  type AggregateResult,
  type EntityAggregate,
  aggregateSimulation,
} from "./entity-aggregates";
export { type Summary, quantile, summarize } from "./statistics";
export { type Difference, type Verdict, relativeDifference } from "./diff";
export { type Compatibility, type HashCheck, compatibility } from "./compatibility";
export {
  COMPARED_CONVERGENCE_COLUMNS,
  type CompareOptions,
  DEFAULT_TOLERANCE,
  type RunComparison,
  type SectionResult,
  compareRuns,
} from "./compare";
export type { Cell, Row } from "./table-rows";
