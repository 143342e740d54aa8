/**
 * The SDDP iteration, as the coordinator sees it: forward pass → backward pass (cuts,
 * last stage first) → cut selection → lower bound → convergence record → stopping
 * rules. Workers do the LP solves through the `Executor`; the coordinator alone appends
 * cuts, in scenario order, so the policy is the same whatever the number of workers.
 */
import type { CutSelectionConfig, Stage, StoppingRule } from "@cobre/core";
import { VisitedStates, selectCuts, selectionPlan } from "../cuts/cut-selection";
import { type Executor, addStats, emptyStats } from "../parallel/executor";
import type { CutSelectionRecord, RetryHistogramRecord, SolverStatsRecord } from "@cobre/io";
import { SolverStatsTable } from "../lp/solver-stats";
import type { StageTemplate } from "../lp/stage-template";
import { checkStopping, type TerminationReason } from "./stopping-rules";
import type { TrainingState } from "./training-state";
import type { TaskStats } from "../parallel/worker-core";

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
  /** Time inside HiGHS, summed over workers. */
  readonly solveTimeMs: number;
  /** Per worker slice (rank), in slice order. */
  readonly ranks: readonly RankTiming[];
  /**
   * Cut management per stage when it ran this iteration (`cut_selection/iterations.parquet`);
   * kept with the history so a resumed run writes the rows of the iterations before it.
   */
  readonly cutSelection?: readonly CutSelectionRecord[];
  /** LP work of each phase (the three add up to `lpSolves`, `simplexIterations`, `solveTimeMs`). */
  readonly phases: {
    readonly forward: PhaseSolves;
    readonly backward: PhaseSolves;
    readonly lowerBound: PhaseSolves;
  };
}

/** LP solves of one phase of an iteration, summed over workers. */
export interface PhaseSolves {
  readonly solves: number;
  readonly simplexIterations: number;
  /** Time inside HiGHS. */
  readonly solveTimeMs: number;
}

function phaseSolves(s: { solves: number; simplexIterations: number; solveTimeMs: number }): PhaseSolves {
  return { solves: s.solves, simplexIterations: s.simplexIterations, solveTimeMs: s.solveTimeMs };
}

/** Work of one slice of scenarios (a rank) during one iteration. */
export interface RankTiming {
  readonly rank: number;
  readonly forwardTimeMs: number;
  readonly backwardTimeMs: number;
  readonly lpSolves: number;
  readonly scenariosProcessed: number;
}

export interface TrainingLoopInput {
  readonly stages: readonly Stage[];
  readonly templates: readonly StageTemplate[];
  /** Most backward openings of any stage: sizes the solver statistics as the workers do. */
  readonly maxOpenings: number;
  readonly state: TrainingState;
  readonly executor: Executor;
  readonly stoppingRules: readonly StoppingRule[];
  readonly stoppingMode: "any" | "all";
  readonly cutSelection: CutSelectionConfig;
  /**
   * Keep every iteration's trial states in `visited` even without cut selection
   * (`exports.states` writes them to the policy).
   */
  readonly recordStates?: boolean;
  /**
   * Iterations already done (a resumed run): numbering continues after them, and the
   * stopping rules see them as part of the history.
   */
  readonly previousHistory?: readonly IterationRecord[];
  /**
   * Iterations already done when their history is not known (a policy resumed without
   * `training_state.json`): numbering, and so sampling, continue after the larger of
   * this and the history's length.
   */
  readonly startIteration?: number;
  /** Called after iterations the checkpoint schedule selects; awaited before going on. */
  readonly onCheckpoint?: (
    iteration: number,
    history: readonly IterationRecord[],
    visited: readonly VisitedStates[],
  ) => Promise<void>;
  /** States visited so far, per stage (restored on resume; grown by cut selection). */
  readonly visitedStates?: VisitedStates[];
  readonly checkpointSchedule?: { readonly initialIteration: number; readonly intervalIterations: number } | null;
  readonly onIteration?: (record: IterationRecord) => void;
  readonly shouldStop?: () => boolean;
}

export interface TrainingLoopOutput {
  readonly history: IterationRecord[];
  /** Rows of `training/solver/iterations.parquet` for the iterations run here (not resumed ones). */
  readonly solverStats: SolverStatsRecord[];
  /** Rows of `training/solver/retry_histogram.parquet`, likewise. */
  readonly retryHistogram: RetryHistogramRecord[];
  readonly visited: readonly VisitedStates[];
  readonly terminationReason: TerminationReason;
}

export async function runTrainingLoop(input: TrainingLoopInput): Promise<TrainingLoopOutput> {
  const { templates, state, executor } = input;
  const T = templates.length;
  const M = state.forwardPasses;
  const history: IterationRecord[] = [...(input.previousHistory ?? [])];
  const lowerBounds: number[] = history.map((h) => h.lowerBound);
  const simulationMeans: number[] = [];
  const visited = input.visitedStates ?? templates.map((t) => new VisitedStates(t.layout.stateDim));
  const simulationRule = input.stoppingRules.find((r) => r.type === "simulation");
  const started = performance.now();
  const solverTable = new SolverStatsTable(T, input.maxOpenings);
  const solverStats: SolverStatsRecord[] = [];
  const retryHistogram: RetryHistogramRecord[] = [];
  const done = (terminationReason: TerminationReason): TrainingLoopOutput => ({
    history,
    visited,
    terminationReason,
    solverStats,
    retryHistogram,
  });
  let iteration = Math.max(history[history.length - 1]?.iteration ?? 0, input.startIteration ?? 0);
  // A resumed run whose checkpoint already reached the iteration limit trains no further
  // (as the Rust tool): the limit is a hard cap, not "one more iteration".
  if (iteration > 0 && input.stoppingRules.some((r) => r.type === "iteration_limit" && iteration >= r.limit))
    return done("iteration_limit");
  for (;;) {
    iteration++;
    const iterStart = performance.now();
    const stats = emptyStats();

    // One round trip per iteration when the workers share memory; otherwise phase by
    // phase and, in the backward pass, stage by stage through this coordinator.
    const fused =
      executor.iterationPass === undefined ? null : await executor.iterationPass(iteration, state.cutCounts());
    const fwdStart = performance.now();
    const forwardSlices = fused?.forward ?? (await executor.forward(iteration, state.cutCounts()));
    const forwardStats = emptyStats();
    for (const s of forwardSlices) {
      addStats(forwardStats, s);
      mergeActivity(state, s.activity, iteration);
      solverTable.absorb(s.solver);
    }
    addStats(stats, forwardStats);
    const ranks = forwardSlices.map((s, rank) => ({
      rank,
      forwardTimeMs: s.wallMs,
      backwardTimeMs: 0,
      lpSolves: s.solves,
      scenariosProcessed: s.scenarios,
    }));
    const forwardTimeMs = fused === null ? performance.now() - fwdStart : maxWall(fused.forward);

    const bwdStart = performance.now();
    let cutsAdded = 0;
    const backwardStats = emptyStats();
    const absorbBackward = (slices: readonly TaskStats[]) =>
      slices.forEach((s, rank) => {
        addStats(backwardStats, s);
        mergeActivity(state, s.activity, iteration);
        solverTable.absorb(s.solver);
        const r = ranks[rank];
        if (r !== undefined) {
          r.backwardTimeMs += s.wallMs;
          r.lpSolves += s.solves;
        }
      });
    if (fused !== null) {
      // The workers appended each stage's cuts themselves; this view learns the new counts.
      absorbBackward(fused.backward);
      for (let t = T - 1; t >= 1; t--) {
        const pool = state.pools[t - 1]!;
        pool.setSize(pool.size + M);
        cutsAdded += M;
      }
    } else {
      for (let t = T - 1; t >= 1; t--) {
        absorbBackward(await executor.backward(t, iteration, state.cutCounts()));
        state.appendCuts(t, templates[t]!.layout.stateDim, iteration);
        cutsAdded += M;
      }
    }
    addStats(stats, backwardStats);
    const backwardTimeMs = fused === null ? performance.now() - bwdStart : maxWall(fused.backward);

    // The lower bound does not depend on what cut selection does next: stage 0's cuts are
    // never judged by a strategy, and with a budget the lower bound's LP keeps every cut.
    // So an iteration pass computes it before the selection, and this order gives the
    // same values.
    const selStart = performance.now();
    const plan = selectionPlan(input.cutSelection);
    if (input.recordStates === true || plan.tracksActivity) {
      state.trialStates.forEach((x, t) => {
        visited[t]!.add(x, iteration);
      });
    }
    // The last stage's pool only holds fixed boundary cuts (policy.boundary): never selected.
    const selection = selectCuts(state.pools.slice(0, T - 1), visited, input.cutSelection, iteration);
    const cutsRemoved = selection.removed;
    const selectionTimeMs = performance.now() - selStart;

    const lbStart = performance.now();
    const lb = fused?.lowerBound ?? (await executor.lowerBound(iteration, state.cutCounts()));
    const lbSlices = Array.isArray(lb.stats) ? lb.stats : [lb.stats];
    const lowerBoundStats = emptyStats();
    for (const s of lbSlices) {
      addStats(lowerBoundStats, s);
      solverTable.absorb(s.solver);
    }
    addStats(stats, lowerBoundStats);
    const solverRecords = solverTable.takeRecords(iteration);
    solverStats.push(...solverRecords.stats);
    retryHistogram.push(...solverRecords.histogram);
    const lowerBoundTimeMs = fused === null ? performance.now() - lbStart : maxWall(lbSlices);
    lowerBounds.push(lb.value);
    // Stage 0 has no backward solve: the basis its forward pass found (slot 0) becomes the
    // policy's; the backward pass set the other stages' (see WorkerCore.trialPointCut).
    state.bases.copySlot(0, 0, state.bases.policySlot);

    let mean = 0;
    for (let m = 0; m < M; m++) mean += state.costs[m]!;
    mean /= M;
    let variance = 0;
    for (let m = 0; m < M; m++) variance += (state.costs[m]! - mean) ** 2;
    const std = M > 1 ? Math.sqrt(variance / (M - 1)) : 0;
    const now = performance.now();
    const record: IterationRecord = {
      iteration,
      lowerBound: lb.value,
      upperBoundMean: mean,
      upperBoundStd: std,
      ci95HalfWidth: M > 1 ? (1.96 * std) / Math.sqrt(M) : 0,
      gap: (mean - lb.value) / Math.max(1, Math.abs(mean)),
      cutsAdded,
      cutsRemoved,
      cutsActive: state.pools.reduce((s, p) => s + p.activeCount, 0),
      wallTimeMs: now - started,
      iterationTimeMs: now - iterStart,
      forwardTimeMs,
      backwardTimeMs,
      lowerBoundTimeMs,
      selectionTimeMs,
      lpSolves: stats.solves,
      simplexIterations: stats.simplexIterations,
      solveTimeMs: stats.solveTimeMs,
      ranks,
      ...(selection.records.length > 0 ? { cutSelection: selection.records } : {}),
      phases: {
        forward: phaseSolves(forwardStats),
        backward: phaseSolves(backwardStats),
        lowerBound: phaseSolves(lowerBoundStats),
      },
    };
    history.push(record);
    input.onIteration?.(record);
    const schedule = input.checkpointSchedule;
    if (
      schedule != null &&
      input.onCheckpoint !== undefined &&
      iteration >= schedule.initialIteration &&
      (iteration - schedule.initialIteration) % Math.max(1, schedule.intervalIterations) === 0
    ) {
      await input.onCheckpoint(iteration, history, visited);
    }
    if (simulationRule?.type === "simulation" && iteration % Math.max(1, simulationRule.period) === 0) {
      // Policy evaluation on its own sample stream (keys above 2^31 never meet training iterations).
      const costs = await executor.policyCosts(simulationRule.replications, state.cutCounts(), 0x80000000 + iteration);
      simulationMeans.push(costs.reduce((a, b) => a + b, 0) / Math.max(1, costs.length));
    }
    if (input.shouldStop !== undefined) {
      // One turn of the event loop, so that a stop request (a signal handler, a timer)
      // that arrived during the iteration has run before we look: with the LPs solved on
      // this thread an iteration is a chain of microtasks that never lets it run.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (input.shouldStop()) return done("shutdown");
    }
    const reason = checkStopping(input.stoppingRules, input.stoppingMode, {
      iteration,
      elapsedSeconds: (now - started) / 1000,
      lowerBounds,
      simulationMeans,
    });
    if (reason !== null) return done(reason);
  }
}

/** The longest wall time of one phase over the threads that ran it. */
function maxWall(slices: readonly TaskStats[]): number {
  return slices.reduce((m, s) => Math.max(m, s.wallMs), 0);
}

/**
 * Adds a task's binding counts (`[stage, cut, solves, …]`) to the pools. Slices are
 * merged in rank order; integer sums and "last binding = this iteration" do not depend
 * on that order anyway, so the counters are the same with any number of workers.
 */
function mergeActivity(state: TrainingState, activity: Int32Array | undefined, iteration: number): void {
  if (activity === undefined) return;
  for (let k = 0; k + 2 < activity.length; k += 3) {
    state.pools[activity[k]!]!.recordActivity(activity[k + 1]!, activity[k + 2]!, iteration);
  }
}
