/**
 * What one worker does: owns one persistent LP per stage and runs slices of the forward
 * pass, the backward pass and the lower bound against the shared training state.
 *
 * Determinism: every unit of work (a forward scenario's stage solve, a run of a trial
 * point's openings, the lower bound, a stage of a block of simulated scenarios) starts from
 * a basis in the shared `BasisStore` (cold when its slot is empty) and warm-starts only
 * within the unit, so the same bits come out whatever the number of workers. Forward solves
 * start from the policy's basis of their stage and store theirs in their scenario's slot;
 * each run of a trial point's openings starts from that trial point's forward basis (see
 * `openingRuns`); the lower bound from forward slot 0 of stage 0; policy evaluation and the
 * first scenario of a simulated block from the policy's basis (see `simulate`).
 */
import type { Case } from "@cobre/core";
import { SOLVE_STATS_WIDTH, loadSolver } from "@cobre/solver";
import {
  type CutScratch,
  type OpeningResults,
  type OpeningRuns,
  aggregateCut,
  createCutScratch,
  createOpeningResults,
  openingRuns,
  solveOpeningRun,
} from "../training/backward-pass";
import { lowerBoundValue } from "../training/risk-measure";
import { selectionPlan } from "../cuts/cut-selection";
import type { SolverStatsDelta } from "../lp/solver-stats";
import { stageLpOptions } from "../lp/lp-options";
import { StageSolvers } from "../lp/stage-solvers";
import { prepareStudy, type PreparedStudy } from "../study/prepare-study";
import type { TrainingState } from "../training/training-state";
import { ScenarioExtractor } from "../simulation/extract";
import type { ParquetWriterConfig, ScenarioEncoder } from "@cobre/io";
import { loadIo } from "./lazy-io";
import type { SimulationBatch } from "./executor";
import type { IterationPassStats } from "./worker-messages";
import type { ForwardNoise } from "../scenario/forward-noise";
import { IterationAborted, type IterationSync } from "./iteration-sync";
import { maxOpenings } from "../scenario/scenario-inputs";

/** Simulation scenarios use iteration 0 of the sampling stream (training starts at 1). */
const SIMULATION_ITERATION = 0;

export interface TaskStats {
  solves: number;
  simplexIterations: number;
  solveTimeMs: number;
  /** Wall time of the task on its worker. */
  wallMs: number;
  /** Scenarios (or trial points) the task covered. */
  scenarios: number;
  /**
   * Forward and backward tasks with cut selection on: binding cut rows as triplets
   * `[stage, cut, solves, …]`, merged by the coordinator into the pools.
   */
  activity?: Int32Array;
  /** Solver statistics of the task by (phase, stage, opening); the coordinator absorbs them. */
  solver?: SolverStatsDelta;
}

/** What distinguishes one walk of a scenario through the stages (see `WorkerCore.trajectory`). */
interface TrajectoryWalk {
  /** The sample stream (training or simulation noise). */
  readonly source: ForwardNoise;
  /** The stream's iteration key: the training iteration, 0 for the simulation, a policy-evaluation key. */
  readonly sampleKey: number;
  readonly phase: "forward" | "simulation";
  /** Where stage t's outgoing state is written; stage t + 1 reads it from there. */
  outgoing(t: number, dim: number): Float64Array;
  /** After stage t is solved, before its outgoing state is read. */
  afterSolve?(t: number): void;
}

export class WorkerCore {
  private readonly scratch: CutScratch;
  /** One trial point's per-opening results, when this thread solves all its runs. */
  private readonly localResults: OpeningResults;
  /** Per stage: how a trial point's openings are cut into runs (backward units). */
  private readonly runs: readonly OpeningRuns[];
  /** Noise vector of the current forward/simulation solve (preallocated). */
  private readonly noise: Float64Array;
  /** The largest state dimension over the stages (sizes every state buffer). */
  private readonly maxDim: number;
  /** Partition encoder of the simulation output, built on first use (per Parquet settings). */
  private encoder: { key: string; encoder: Promise<ScenarioEncoder> } | null = null;

  private constructor(
    readonly study: PreparedStudy,
    readonly state: TrainingState,
    readonly solvers: StageSolvers,
  ) {
    this.maxDim = Math.max(1, ...study.templates.map((t) => t.layout.stateDim));
    this.scratch = createCutScratch(maxOpenings(study.inputs), this.maxDim);
    this.localResults = createOpeningResults(1, maxOpenings(study.inputs), this.maxDim);
    this.runs = study.inputs.numOpenings.map((n) => openingRuns(n, state.forwardPasses));
    this.noise = new Float64Array(Math.max(1, study.inputs.noiseDim));
  }

  static async create(c: Case, state: TrainingState, prepared?: PreparedStudy): Promise<WorkerCore> {
    let study = prepared;
    if (study === undefined) {
      const p = prepareStudy(c);
      if (!p.ok) throw new Error(`worker could not prepare the study: ${p.error.message}`);
      study = p.value;
    }
    const backend = await loadSolver();
    const plan = selectionPlan(c.config.training.cutSelection);
    const solvers = new StageSolvers(
      backend,
      study.templates,
      study.inputs,
      state.pools,
      c.config.modeling.inflowNonNegativity.method,
      {
        activityTolerance: plan.tracksActivity ? c.config.training.cutSelection.cutActivityTolerance : null,
        appendOnlyLowerBound: plan.budget !== null,
        lp: stageLpOptions(c.config),
        // Benchmark hook (`pnpm bench`): every active cut as a row, the engine before lazy cuts.
        lazyCuts: process.env.COBRE_BENCH_ALL_CUT_ROWS !== "1",
      },
    );
    // Benchmark hook (`pnpm bench`): the cold-start engine on the same build, for comparison.
    solvers.coldStarts = process.env.COBRE_BENCH_COLD_STARTS === "1";
    return new WorkerCore(study, state, solvers);
  }

  private stats<T>(run: () => T): { value: T; stats: TaskStats } {
    const s0 = this.solvers.solves;
    const i0 = this.solvers.simplexIterations;
    const t0 = this.solvers.solveTimeMs;
    const w0 = performance.now();
    const value = run();
    return {
      value,
      stats: {
        solves: this.solvers.solves - s0,
        simplexIterations: this.solvers.simplexIterations - i0,
        solveTimeMs: this.solvers.solveTimeMs - t0,
        wallMs: performance.now() - w0,
        scenarios: 0,
        solver: this.solvers.solverStats.drain(),
      },
    };
  }

  /**
   * Cost of the stage just solved: its immediate cost, plus at the last stage the
   * (discounted) terminal future cost of boundary cuts — zero without `policy.boundary`.
   */
  private stageCost(t: number, T: number): number {
    const r = this.solvers.result;
    return t === T - 1 ? r.objective : r.immediateCost;
  }

  /**
   * Walks scenario `m` through every stage under the policy: samples the stage's noise,
   * starts from the policy's basis of the stage, solves at the incoming state and passes
   * the outgoing state on. The one routine behind the forward pass, the policy
   * evaluation and the simulation, which differ only in the sample stream, where the
   * outgoing states go and what they record after each solve. Returns the scenario's
   * present-value cost.
   */
  private trajectory(m: number, walk: TrajectoryWalk): number {
    const { templates } = this.study;
    const T = templates.length;
    const bases = this.state.bases;
    let stateIn = walk.source.initialState(walk.sampleKey, m);
    let cost = 0;
    for (let t = 0; t < T; t++) {
      const dim = templates[t]!.layout.stateDim;
      const j = walk.source.fill(walk.sampleKey, m, t, this.noise);
      this.solvers.startFrom(t, bases, bases.policySlot);
      this.solvers.solve(
        t,
        stateIn.subarray(0, dim),
        this.noise,
        { phase: walk.phase, iteration: walk.sampleKey, scenario: m, opening: j },
        walk.source.realization(),
      );
      walk.afterSolve?.(t);
      cost += this.study.cumulativeDiscount[t]! * this.stageCost(t, T);
      const stateOut = walk.outgoing(t, dim);
      this.solvers.readOutgoingState(t, stateOut);
      stateIn = stateOut;
    }
    return cost;
  }

  /** Ping-pong buffers for the outgoing states of a walk that keeps none of them. */
  private scratchStates(): (t: number) => Float64Array {
    const even = new Float64Array(this.maxDim);
    const odd = new Float64Array(this.maxDim);
    return (t) => ((t & 1) === 0 ? even : odd);
  }

  /** Forward scenarios [first, first + count) of `iteration`. */
  forward(iteration: number, first: number, count: number, cutCounts: readonly number[]): TaskStats {
    this.state.syncCounts(cutCounts);
    const stats = this.stats(() => {
      for (let m = first; m < first + count; m++) this.forwardScenario(iteration, m);
    }).stats;
    stats.scenarios = count;
    stats.activity = this.solvers.takeActivity();
    return stats;
  }

  /** Forward scenario m of `iteration`: its cost, its trial points and its bases (slot m). */
  private forwardScenario(iteration: number, m: number): void {
    const bases = this.state.bases;
    this.state.costs[m] = this.trajectory(m, {
      source: this.study.trainingNoise,
      sampleKey: iteration,
      phase: "forward",
      // The trial points: the backward pass solves stage t + 1 at them.
      outgoing: (t, dim) => this.state.trialStates[t]!.subarray(m * dim, (m + 1) * dim),
      afterSolve: (t) => this.solvers.captureBasis(t, bases, m, iteration),
    });
  }

  /**
   * Run r of trial point m at stage t: its openings solved from the forward pass's basis
   * at the trial point (slot m) into row `row` of `out`. The last run of trial point 0
   * leaves the policy's basis of stage t: it has every cut the stage's LP holds in the
   * next forward pass (the forward pass's own basis misses the cuts added since). It waits
   * in the staging slot until the stage's cuts are appended (`TrainingState.appendCuts`).
   */
  private openingRun(t: number, iteration: number, m: number, r: number, out: OpeningResults, row: number): void {
    const n = this.study.inputs.numOpenings[t]!;
    const { length } = this.runs[t]!;
    const first = r * length;
    const end = Math.min(n, first + length);
    const { bases } = this.state;
    this.solvers.startFrom(t, bases, m);
    solveOpeningRun(this.solvers, t, this.state.trialStates[t - 1]!, iteration, m, first, end, out, row, this.scratch);
    if (m === 0 && end === n) this.solvers.captureBasis(t, bases, bases.stagingSlot, iteration);
  }

  /** Stage t−1's cut of trial point m into `results` row `row`, then into output slot m. */
  private aggregate(t: number, m: number, results: OpeningResults, row: number): void {
    aggregateCut(
      this.study.case.system.stages[t - 1]!.riskMeasure,
      results,
      row,
      this.study.inputs.numOpenings[t]!,
      this.study.templates[t]!.layout.stateDim,
      this.state.trialStates[t - 1]!,
      m,
      this.scratch,
      this.state.cutIntercepts,
      this.state.cutCoefficients,
    );
  }

  /** The cut of trial point m for stage t − 1, all its runs on this thread, into output slot m. */
  private trialPointCut(t: number, iteration: number, m: number): void {
    const { runs } = this.runs[t]!;
    for (let r = 0; r < runs; r++) this.openingRun(t, iteration, m, r, this.localResults, 0);
    this.aggregate(t, m, this.localResults, 0);
  }

  /** Cuts for stage t−1 from trial points [first, first + count) solved at stage t. */
  backward(t: number, iteration: number, first: number, count: number, cutCounts: readonly number[]): TaskStats {
    this.state.syncCounts(cutCounts);
    const stats = this.stats(() => {
      for (let m = first; m < first + count; m++) {
        this.trialPointCut(t, iteration, m);
      }
    }).stats;
    stats.scenarios = count;
    stats.activity = this.solvers.takeActivity();
    return stats;
  }

  /**
   * A whole training iteration as one of `sync.parties` threads, each phase's units taken
   * from a shared counter: the forward scenarios; then every stage of the backward pass
   * from the last (which overlaps the forward pass) to stage 1, with a barrier after each
   * whose last arrival appends the stage's cuts to the pool (see `IterationSync`); then
   * the lower bound's openings.
   * Returns this thread's statistics per phase and the lower-bound values it computed, or
   * `aborted` when another thread failed (then nothing it did counts: the coordinator
   * reports that failure). `onPhase` runs as each phase starts (a test hook).
   */
  iterationPass(
    iteration: number,
    cutCounts: readonly number[],
    sync: IterationSync,
    onPhase?: (phase: "forward" | "backward" | "lowerBound") => void,
  ): IterationPassStats | { aborted: true } {
    this.state.syncCounts(cutCounts);
    const { templates } = this.study;
    const M = this.state.forwardPasses;
    const T = templates.length;
    try {
      onPhase?.("forward");
      let scenarios = 0;
      const forward = this.stats(() => {
        for (let m = sync.next(); m < M; m = sync.next()) {
          this.forwardScenario(iteration, m);
          sync.forwardDone(m);
          scenarios++;
        }
      }).stats;
      forward.scenarios = scenarios;
      forward.activity = this.solvers.takeActivity();
      if (T === 1) sync.arrive(); // else the last stage overlaps it
      onPhase?.("backward");
      let covered = 0;
      const backward = this.stats(() => {
        const shared = this.state.openingResults;
        for (let t = T - 1; t >= 1; t--) {
          const { runs } = this.runs[t]!;
          const last = t === T - 1; // overlaps the forward pass (see IterationSync)
          for (let k = sync.next(last); k < M * runs; k = sync.next(last)) {
            const m = Math.floor(k / runs);
            if (last) sync.awaitForward(m);
            this.openingRun(t, iteration, m, k - m * runs, shared, m);
            if (k - m * runs === runs - 1) covered++; // a trial point per last run
          }
          const pool = this.state.pools[t - 1]!;
          const size = pool.size + M;
          const dim = templates[t]!.layout.stateDim;
          sync.arrive(() => {
            for (let m = 0; m < M; m++) this.aggregate(t, m, shared, m);
            this.state.appendCuts(t, dim, iteration);
          });
          pool.setSize(size);
        }
      }).stats;
      backward.scenarios = covered;
      backward.activity = this.solvers.takeActivity();
      onPhase?.("lowerBound");
      const n = this.study.inputs.numOpenings[0]!;
      const taken: number[] = [];
      const lowerBound = this.stats(() => {
        for (let j = sync.next(); j < n; j = sync.next()) taken.push(j, this.lowerBoundOpening(iteration, j));
      }).stats;
      return { forward, backward, lowerBound, lowerBoundValues: Float64Array.from(taken) };
    } catch (e) {
      if (e instanceof IterationAborted) {
        this.solvers.takeActivity();
        this.solvers.solverStats.drain();
        return { aborted: true };
      }
      sync.abort();
      throw e;
    }
  }

  /**
   * Stage 0 at the initial state under opening j, from forward slot 0's basis of stage 0
   * (the forward pass solved it at the same state): its objective. Every opening starts
   * from that basis, so the values do not depend on which thread solved which opening.
   */
  private lowerBoundOpening(iteration: number, j: number): number {
    const { inputs } = this.study;
    this.solvers.startFrom(0, this.state.bases, 0);
    const noise = inputs.openings[0]!.subarray(j * inputs.noiseDim, (j + 1) * inputs.noiseDim);
    this.solvers.solve(0, this.study.initialState, noise, {
      phase: "lower_bound",
      iteration,
      scenario: 0,
      opening: j,
    });
    return this.solvers.result.objective;
  }

  /** The lower bound: stage 0 under each of its openings, aggregated with its risk measure. */
  lowerBound(iteration: number, cutCounts: readonly number[]): { value: number; stats: TaskStats } {
    this.state.syncCounts(cutCounts);
    return this.stats(() => {
      const n = this.study.inputs.numOpenings[0]!;
      const values = new Float64Array(n);
      for (let j = 0; j < n; j++) values[j] = this.lowerBoundOpening(iteration, j);
      return lowerBoundValue(this.study.case.system.stages[0]!.riskMeasure, values);
    });
  }

  /**
   * Present-value costs of scenarios [first, first + count) under the current cuts,
   * sampled with `sampleKey` as the iteration counter (no per-entity extraction): the
   * policy evaluation of the `simulation` stopping rule.
   */
  policyCosts(
    first: number,
    count: number,
    cutCounts: readonly number[],
    sampleKey: number,
  ): { value: number[]; stats: TaskStats } {
    this.state.syncCounts(cutCounts);
    return this.stats(() => {
      const costs: number[] = [];
      const outgoing = this.scratchStates();
      for (let m = first; m < first + count; m++) {
        costs.push(
          this.trajectory(m, { source: this.study.simulationNoise, sampleKey, phase: "simulation", outgoing }),
        );
      }
      return costs;
    });
  }

  /**
   * The partition encoder for `parquet` settings (instantiated once: its hasher is Wasm).
   * Encoding in the worker keeps it in parallel with the other workers' solves.
   */
  scenarioEncoder(parquet: ParquetWriterConfig): Promise<ScenarioEncoder> {
    const key = JSON.stringify(parquet);
    const { system } = this.study.case;
    if (this.encoder?.key !== key)
      this.encoder = { key, encoder: loadIo().then((io) => io.ScenarioEncoder.create(system, parquet)) };
    return this.encoder.encoder;
  }

  /**
   * Simulates the block of scenarios [first, first + count) with the current cuts and
   * returns their present-value costs, per-stage solver counters, and either their
   * columnar results or, with an `encoder`, their encoded output partitions (then no
   * columns travel back).
   *
   * Stage-major: stage t is solved for every scenario of the block in turn, the first
   * from the policy's basis of the stage and each next one warm from the previous
   * scenario's solve (the same LP with other bounds: no reset, no basis installation, the
   * factorization kept). What a solve returns therefore depends on the block it is in,
   * never on the worker that solves it: the caller cuts scenarios into fixed blocks
   * (`simulate.ts`), whatever the number of workers or the scenarios already written.
   */
  simulate(
    first: number,
    count: number,
    cutCounts: readonly number[],
    encoder: ScenarioEncoder | null = null,
  ): { value: SimulationBatch; stats: TaskStats } {
    this.state.syncCounts(cutCounts);
    return this.stats(() => {
      const { templates, simulationNoise: source } = this.study;
      const T = templates.length;
      const s = this.solvers;
      const bases = this.state.bases;
      const solver = new Float64Array(count * T * SOLVE_STATS_WIDTH);
      const maxDim = this.maxDim;
      // Incoming and outgoing states of every scenario of the block, swapped per stage.
      let statesIn = new Float64Array(count * maxDim);
      let statesOut = new Float64Array(count * maxDim);
      const extractors: ScenarioExtractor[] = [];
      for (let k = 0; k < count; k++) {
        const m = first + k;
        extractors.push(new ScenarioExtractor(this.study, m));
        const initial = source.initialState(SIMULATION_ITERATION, m);
        statesIn.set(initial.subarray(0, Math.min(initial.length, maxDim)), k * maxDim);
      }
      for (let t = 0; t < T; t++) {
        const dim = templates[t]!.layout.stateDim;
        s.startFrom(t, bases, bases.policySlot);
        for (let k = 0; k < count; k++) {
          const m = first + k;
          const j = source.fill(SIMULATION_ITERATION, m, t, this.noise);
          s.solve(
            t,
            statesIn.subarray(k * maxDim, k * maxDim + dim),
            this.noise,
            { phase: "simulation", iteration: SIMULATION_ITERATION, scenario: m, opening: j },
            source.realization(),
          );
          extractors[k]!.addStage(t, s);
          // The stage's simulation bucket holds this one solve: its counters, retry levels
          // included, become the (scenario, stage) row, and the bucket starts over.
          const bucket = s.solverStats.bucket("simulation", t, undefined);
          bucket.writeTo(solver, (k * T + t) * SOLVE_STATS_WIDTH);
          bucket.reset();
          s.readOutgoingState(t, statesOut.subarray(k * maxDim, k * maxDim + dim));
        }
        [statesIn, statesOut] = [statesOut, statesIn];
      }
      const results: SimulationBatch["results"] = [];
      const encoded: SimulationBatch["encoded"] = [];
      const costs: number[] = [];
      for (let k = 0; k < count; k++) {
        const result = extractors[k]!.finish();
        if (encoder === null) results.push(result);
        else {
          const e = encoder.encode(result);
          // The extractor builds every column the schemas need: a failure here is a bug.
          if (!e.ok)
            throw new Error(`simulation output of scenario ${first + k} does not encode: ${JSON.stringify(e.error)}`);
          encoded.push(e.value);
        }
        costs.push(extractors[k]!.presentValueCost);
      }
      return { results, encoded, costs, solver };
    });
  }

  dispose(): void {
    this.solvers.dispose();
  }
}
