/**
 * @cobre/sddp — Stochastic Dual Dynamic Programming for hydrothermal dispatch:
 * stage LPs built once and patched, forward and backward passes, Benders cuts, risk
 * measures, cut selection and stopping rules.
 *
 * Principles: results depend only on (case, seed), never on the number of workers;
 * hot loops reuse preallocated typed arrays; expected failures are returned as Results.
 */
export { train } from "./train";
export type { TrainOptions, TrainingOutcome, TrainingSnapshot } from "./train";
export { prepareStudy } from "./prepare-study";
export type { PreparedStudy } from "./prepare-study";
export type { IterationRecord, RankTiming } from "./training-loop";
export type { TerminationReason } from "./stopping-rules";
export type { SddpError, SddpErrorKind } from "./errors";
export { CutPool } from "./cut-pool";
export { riskWeights } from "./risk-measure";
export { simulate } from "./simulate";
export type { PolicyCuts, SimulateOptions, SimulationSummary } from "./simulate";
export { Policy } from "./policy";
export type { PolicySummary, StageCutsView } from "./policy";
export { COBRE_VERSION, runStudy } from "./run-study";
export type { ProgressEvent, RunError, RunStudyOptions, RunSummary } from "./run-study";
