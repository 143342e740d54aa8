/**
 * The SDDP iteration: forward pass → backward pass (cuts, last stage first) → lower
 * bound → convergence record → stopping rules. Work is split into contiguous slices of
 * scenarios; results are merged in scenario order, so the cuts — and every bound — are
 * the same whatever the number of workers.
 */
import type { Case, RiskMeasure, StoppingRule } from "@cobre/core";
import { computeCuts, createBackwardScratch } from "./backward-pass";
import { CutPool } from "./cut-pool";
import { runForwardPass } from "./forward-pass";
import type { StageTemplate } from "./lp/stage-template";
import { riskWeights } from "./risk-measure";
import type { OpeningSampler } from "./sampling";
import type { ScenarioInputs } from "./scenario-inputs";
import type { StageSolvers } from "./stage-solvers";
import { checkStopping, type TerminationReason } from "./stopping-rules";
import { selectCuts } from "./cut-selection";

/** One row of the convergence history. */
export interface IterationRecord {
  readonly iteration: number;
  readonly lowerBound: number;
  readonly upperBoundMean: number;
  readonly upperBoundStd: number;
  /** Half-width of the 95% confidence interval of the upper bound. */
  readonly ci95HalfWidth: number;
  /** (UB − LB) / max(1, |UB|). */
  readonly gap: number;
  readonly cutsAdded: number;
  readonly cutsRemoved: number;
  readonly cutsActive: number;
  readonly wallTimeMs: number;
  readonly iterationTimeMs: number;
  readonly forwardTimeMs: number;
  readonly backwardTimeMs: number;
  readonly lowerBoundTimeMs: number;
  readonly selectionTimeMs: number;
  readonly lpSolves: number;
  readonly simplexIterations: number;
  readonly solveTimeMs: number;
}

export interface TrainingLoopInput {
  readonly case: Case;
  readonly templates: readonly StageTemplate[];
  readonly inputs: ScenarioInputs;
  readonly solvers: StageSolvers;
  readonly pools: readonly CutPool[];
  readonly sampler: OpeningSampler;
  readonly initialState: Float64Array;
  readonly cumulativeDiscount: Float64Array;
  readonly forwardPasses: number;
  readonly stoppingRules: readonly StoppingRule[];
  readonly stoppingMode: "any" | "all";
  readonly startIteration?: number;
  readonly onIteration?: (record: IterationRecord) => void;
  readonly shouldStop?: () => boolean;
}

export interface TrainingLoopOutput {
  readonly history: IterationRecord[];
  readonly terminationReason: TerminationReason;
}

export function createCutPools(templates: readonly StageTemplate[]): CutPool[] {
  return templates.map((t) => new CutPool(t.layout.stateDim));
}

/** Evaluates the lower bound: stage 0 under each of its openings, aggregated with its risk measure. */
export function evaluateLowerBound(input: Pick<TrainingLoopInput, "solvers" | "inputs" | "initialState" | "case">, iteration: number): number {
  const { solvers, inputs } = input;
  const n = inputs.numOpenings[0]!;
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    solvers.solve(0, input.initialState, inputs.openings[0]!.subarray(j * inputs.noiseDim, (j + 1) * inputs.noiseDim), {
      phase: "lower_bound",
      iteration,
      scenario: 0,
      opening: j,
    });
    values[j] = solvers.result.objective;
  }
  const measure: RiskMeasure = input.case.system.stages[0]!.riskMeasure;
  return riskWeights(measure, values, n, new Float64Array(n), new Int32Array(n));
}

export function runTrainingLoop(input: TrainingLoopInput): TrainingLoopOutput {
  const { templates, inputs, solvers, pools } = input;
  const stages = input.case.system.stages;
  const T = templates.length;
  const M = input.forwardPasses;
  const trialStates = templates.map((t) => new Float64Array(M * t.layout.stateDim));
  const costs = new Float64Array(M);
  const maxDim = Math.max(1, ...templates.map((t) => t.layout.stateDim));
  const maxOpenings = Math.max(1, ...inputs.numOpenings);
  const scratch = createBackwardScratch(maxOpenings, maxDim);
  const intercepts = new Float64Array(M);
  const coefficients = new Float64Array(M * maxDim);
  const history: IterationRecord[] = [];
  const lowerBounds: number[] = [];
  const started = performance.now();
  let iteration = input.startIteration ?? 0;
  for (;;) {
    iteration++;
    const iterStart = performance.now();
    const solves0 = solvers.solves;
    const simplex0 = solvers.simplexIterations;
    const solveMs0 = solvers.solveTimeMs;

    const fwdStart = performance.now();
    runForwardPass(solvers, input.sampler, input.initialState, input.cumulativeDiscount, iteration, 0, M, {
      trialStates,
      costs,
    });
    const forwardTimeMs = performance.now() - fwdStart;

    const bwdStart = performance.now();
    let cutsAdded = 0;
    for (let t = T - 1; t >= 1; t--) {
      const dim = templates[t]!.layout.stateDim;
      computeCuts(solvers, t, stages[t - 1]!.riskMeasure, trialStates[t - 1]!, iteration, 0, M, scratch, intercepts, coefficients);
      const pool = pools[t - 1]!;
      for (let m = 0; m < M; m++) {
        pool.add(intercepts[m]!, coefficients.subarray(m * dim, (m + 1) * dim), iteration, m);
        cutsAdded++;
      }
    }
    const backwardTimeMs = performance.now() - bwdStart;

    const selStart = performance.now();
    const cutSelection = input.case.config.training.cutSelection;
    const cutsRemoved = selectCuts(pools, trialStates, templates, cutSelection, iteration);
    const selectionTimeMs = performance.now() - selStart;

    const lbStart = performance.now();
    const lowerBound = evaluateLowerBound(input, iteration);
    const lowerBoundTimeMs = performance.now() - lbStart;
    lowerBounds.push(lowerBound);

    let mean = 0;
    for (let m = 0; m < M; m++) mean += costs[m]!;
    mean /= M;
    let variance = 0;
    for (let m = 0; m < M; m++) variance += (costs[m]! - mean) ** 2;
    const std = M > 1 ? Math.sqrt(variance / (M - 1)) : 0;
    const ci95HalfWidth = M > 1 ? (1.96 * std) / Math.sqrt(M) : 0;
    const now = performance.now();
    const record: IterationRecord = {
      iteration,
      lowerBound,
      upperBoundMean: mean,
      upperBoundStd: std,
      ci95HalfWidth,
      gap: (mean - lowerBound) / Math.max(1, Math.abs(mean)),
      cutsAdded,
      cutsRemoved,
      cutsActive: pools.reduce((s, p) => s + p.activeCount, 0),
      wallTimeMs: now - started,
      iterationTimeMs: now - iterStart,
      forwardTimeMs,
      backwardTimeMs,
      lowerBoundTimeMs,
      selectionTimeMs,
      lpSolves: solvers.solves - solves0,
      simplexIterations: solvers.simplexIterations - simplex0,
      solveTimeMs: solvers.solveTimeMs - solveMs0,
    };
    history.push(record);
    input.onIteration?.(record);
    if (input.shouldStop?.() === true) return { history, terminationReason: "shutdown" };
    const reason = checkStopping(input.stoppingRules, input.stoppingMode, {
      iteration,
      elapsedSeconds: (now - started) / 1000,
      lowerBounds,
      simulationMeans: [],
    });
    if (reason !== null) return { history, terminationReason: reason };
  }
}
