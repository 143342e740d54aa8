/**
 * @cobre/sddp — Stochastic Dual Dynamic Programming for hydrothermal dispatch:
 * stage LPs built once and patched, forward and backward passes, Benders cuts, risk
 * measures, cut selection and stopping rules.
 *
 * Principles: results depend only on (case, seed), never on the number of workers;
 * hot loops reuse preallocated typed arrays; expected failures are returned as Results.
 */
export { train } from "./training/train";
export type { TrainOptions, TrainingOutcome, TrainingSnapshot } from "./training/train";
export type { IterationRecord, PhaseSolves, RankTiming } from "./training/training-loop";
export type { TerminationReason } from "./training/stopping-rules";
export type { SddpError, SddpErrorKind } from "./errors";
export type { EngineWarning } from "./warnings";
export { CutPool } from "./cuts/cut-pool";
export { simulate } from "./simulation/simulate";
export type { PolicyCuts, SimulateOptions, SimulationSummary } from "./simulation/simulate";
export { Policy } from "./policy";
export type { PolicySummary, StageCutsView } from "./policy";
export { COBRE_VERSION } from "@cobre/core";
export { runStudy } from "./study/run-study";
/** The stochastic model `exports.stochastic` writes (with `writeStochasticArtifacts` of @cobre/io). */
export { stochasticArtifacts } from "./scenario/stochastic-export";
export type { LoadedPolicy, ProgressEvent, RunStudyOptions, RunSummary, RunWarning } from "./study/run-study";
export type { RunError } from "./study/run-errors";
/** Where a study reads and writes its policy: `<output>/<policy.path>`, as Cobre resolves it. */
export { policyDirectory } from "./study/policy-source";
export type { PolicyIncompatible } from "./study/policy-source";

// ---- Public API (Python-bindings surface, TypeScript conventions): src/api/ ----
export { loadCase, validate } from "@cobre/io";
export type { LoadError, ValidationRecord, ValidationReport } from "@cobre/io";
export { CaseLoader, CaseView, openCase } from "./api/case-view";
export type { CaseLike } from "./api/case-like";
export { buildTopology } from "./api/topology";
export type { BusLink, Topology } from "./api/topology";
export { PARModel, parModel } from "./api/par-model";
export type { CorrelationGroupView } from "./api/par-model";
export { OpeningTree, openingTree } from "./api/opening-tree";
export type { NoiseEntity, NoiseEntityType } from "./api/noise-layout";
export { sampleNoise } from "./api/sample-noise";
export type { NoiseSample, SampleNoiseOptions } from "./api/sample-noise";
export { loadExternalScenarios } from "./api/external-scenarios";
export type { ExternalScenarioClass } from "./api/external-scenarios";
export { applyConfigOverrides, deepMerge } from "./api/config-overrides";
export type { ConfigOverrides } from "./api/config-overrides";
export { rawConfigOf } from "@cobre/core";
export { trainCase } from "./api/train-case";
export type { TrainCaseOptions } from "./api/train-case";
export { TrainingResult } from "./api/training-result";
export type { ConvergenceHistoryTable } from "./api/training-result";
export { convergenceTable } from "./api/convergence-table";
export type { WorkerInfo } from "./api/worker-info";
export { loadPolicy } from "./api/load-policy";
export { simulateCase } from "./api/simulate-case";
export type { SimulateCaseOptions } from "./api/simulate-case";
export { SimulationResult } from "./api/simulation-result";
export type { CostComponent, CostStats } from "./api/simulation-result";
export type { CobreProgressEvent, SimulationProgressEvent, TrainingProgressEvent } from "./api/progress";
export { CobreError } from "@cobre/core";
export {
  CobreIOError,
  SolverError,
  ValidationError,
  WorkerError,
  fromLoadError,
  fromOutputError,
  fromPolicyError,
  fromSddpError,
  toCobreError,
  unwrap,
} from "./api/errors";
export type { CobreErrorInit, ErrorContext, ErrorKind, ErrorRecord } from "@cobre/core";
