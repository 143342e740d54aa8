/**
 * Read-only analyses of finished runs, shared by the MCP server and the CLI:
 * metadata, convergence rows, simulation cost statistics, per-entity aggregates and run
 * comparison.
 */
export { type AnalysisError, type AnalysisErrorKind, analysisError } from "./errors";
export { METADATA_FILE, type RunMetadata, readOutputJson, readRunMetadata } from "./metadata";
export { type IterationRange, convergenceRows } from "./convergence";
export { type CostStatistics, costStatistics, scenarioCostSums } from "./cost-statistics";
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
