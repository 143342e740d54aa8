/**
 * One persistent LP per stage, owned by one worker. State and noise enter as bound
 * patches; cuts from the shared pools enter as rows on demand; HiGHS keeps the
 * last basis, so consecutive solves warm-start.
 *
 * By default (lazy cuts, lazy-cuts.ts) a unit of work starts from the template, the
 * cuts its stored basis has binding and the latest cuts, and adds violated cuts until
 * none is. With `lazyCuts: false` every active cut is a row, as follows.
 *
 * Only active cuts are rows of the LP. An inactive cut left as a relaxed row (lower
 * bound −∞) still costs every solve (bench/inactive-rows.ts measures it), so when cut
 * selection deactivates cuts (the pool's epoch changes) the stage's model is rebuilt:
 * template, priming solve, then the active cuts in one batch per generating iteration —
 * the same sequence a model that only ever grew goes through, so the LP is a function of
 * the active set alone, whichever worker holds it and whatever it solved before.
 *
 * With cut selection on, every forward and backward solve counts which cut rows were
 * binding (a dual multiplier above `cut_activity_tolerance`); the worker hands the counts
 * back with its task (`takeActivity`) and the coordinator merges them into the pools —
 * the basis of `level1`, `lml1`, `domination` and the budget.
 *
 * The bound patches live in stage-patch.ts, the binding counts in cut-activity.ts and the
 * cost scaling in cost-scale.ts; this class ties them to the models, cuts and bases.
 */
import type { LpModel, LpModelOptions, SolveContext, SolverBackend } from "@cobre/solver";
import type { CutPool } from "../cuts/cut-pool";
import type { BasisStore } from "./basis-store";
import type { StageTemplate } from "./stage-template";
import { type ScenarioInputs, maxOpenings } from "../scenario/scenario-inputs";
import { SolverStatsTable } from "./solver-stats";
import { SddpSolveError, type SolveSite } from "../errors";
import { COST_SCALE } from "./cost-scale";
import { CutActivity } from "./cut-activity";
import { type FixedRealization, StagePatch } from "./stage-patch";
import { CutRows } from "./cut-rows";
import { LAZY_PRELOAD_CUTS, ViolatedCuts } from "./lazy-cuts";
import { DualCheck } from "./dual-check";

export interface StageSolveResult {
  /** Stage objective including the discounted future cost θ. */
  objective: number;
  /** Objective without θ: the stage's own cost (undiscounted to present). */
  immediateCost: number;
  theta: number;
}

/** How a worker's stage LPs take part in cut selection. */
export interface StageSolversOptions {
  /**
   * Record binding cut rows of forward and backward solves in the pools; a row binds when
   * its dual multiplier exceeds `tolerance`. Null: off.
   */
  readonly activityTolerance?: number | null;
  /**
   * Solve the lower bound on a second stage-0 LP that keeps every cut ever generated
   * (append-only), for runs in which stage 0's pool can lose cuts (`max_active_per_stage`):
   * the bound then never decreases because of selection.
   */
  readonly appendOnlyLowerBound?: boolean;
  /**
   * Options of every stage LP (`stageLpOptions`: the retry limits of `training.solver`).
   * Default: the solver's defaults (the whole retry ladder, 120 s).
   */
  readonly lp?: LpModelOptions;
  /**
   * Hold only the cuts a solve needs as rows (lazy-cuts.ts): those binding in the unit's
   * starting basis, then the violated ones, added until none is. Default true; false keeps
   * every active cut as a row (the engine before lazy cuts; benchmarks compare the two).
   */
  readonly lazyCuts?: boolean;
  /** With lazy cuts, how many of the newest active cuts a unit starts with (default 240). */
  readonly lazyPreloadCuts?: number;
}

export class StageSolvers {
  private readonly backend: SolverBackend;
  private readonly lpOptions: LpModelOptions | undefined;
  private readonly models: LpModel[];
  /** Pool entries already considered by stage t's LP (rows for the active ones). */
  private readonly appliedCuts: number[];
  /** Pool epoch stage t's LP was built at; a newer epoch means cuts left the pool's active set. */
  private readonly appliedEpoch: number[];
  /** Which pool cuts are rows of each LP (not of the append-only lower-bound LP). */
  private readonly rows: CutRows;
  /** The append-only stage-0 LP of the lower bound (see {@link StageSolversOptions}). */
  private lowerBoundModel: LpModel | null = null;
  private lowerBoundCuts = 0;
  private readonly activityTolerance: number | null;
  /** Binding solves per cut since the last `takeActivity`. */
  private readonly activity: CutActivity;
  /** The bound patches of each solve (state, inflow, load, NCS availability). */
  private readonly patch: StagePatch;
  /** Scratch for installing a stored basis: column statuses, row statuses (grown with the cuts). */
  private readonly basisCols: Int32Array;
  private basisRows: Int32Array;
  private pendingStore: BasisStore | null = null;
  private pendingStage = -1;
  private pendingSlot = 0;
  /** See {@link StageSolversOptions.lazyCuts}. */
  private readonly lazy: boolean;
  private readonly preloadCuts: number;
  private readonly violated = new ViolatedCuts();
  /** Scratch: the cuts a stored basis has binding; the cuts to add; the outgoing state. */
  private nonbasic = new Int32Array(0);
  private readonly picked: number[] = [];
  private readonly stateOut: Float64Array;
  readonly result: StageSolveResult = { objective: 0, immediateCost: 0, theta: 0 };
  /** Load of each bus (MW, before block factors) in the last solve. */
  readonly lastLoadMw: Float64Array;
  /**
   * Available MW of each NCS column of the last solve, `[ncs * numBlocks + block]`; NaN
   * where the template's bound applies (deterministic sources).
   */
  readonly lastNcsAvailableMw: Float64Array;
  /** Solver statistics by (phase, stage, opening), drained once per task. */
  readonly solverStats: SolverStatsTable;
  /** Total LP solves and simplex iterations, for statistics. */
  solves = 0;
  simplexIterations = 0;
  solveTimeMs = 0;
  /**
   * Benchmark switch: {@link startFrom} starts cold instead (the engine before warm
   * starts), so the bench can compare both on the same build.
   */
  coldStarts = false;
  /** Solves that started from a stored basis (see {@link startFrom}). */
  warmStarts = 0;
  /** Re-solves after violated cuts were added (lazy cuts; not in {@link solves}). */
  lazyResolves = 0;
  /** Solves repeated from a cleared basis because their duals failed the check of dual-check.ts. */
  dualRepairs = 0;
  private readonly dualCheck: DualCheck;
  private readonly cutView: { pool: CutPool | undefined; count: number; rowCut: Int32Array | null } = {
    pool: undefined,
    count: 0,
    rowCut: null,
  };

  constructor(
    backend: SolverBackend,
    readonly templates: readonly StageTemplate[],
    readonly inputs: ScenarioInputs,
    readonly pools: readonly CutPool[],
    readonly inflowNonNegativity: string,
    options: StageSolversOptions = {},
  ) {
    this.backend = backend;
    this.lpOptions = options.lp;
    this.dualCheck = new DualCheck(templates);
    this.models = templates.map((_, t) => this.createModel(t));
    if (options.appendOnlyLowerBound === true && templates.length > 0) this.lowerBoundModel = this.createModel(0);
    this.activityTolerance = options.activityTolerance ?? null;
    this.lazy = options.lazyCuts ?? true;
    this.preloadCuts = options.lazyPreloadCuts ?? LAZY_PRELOAD_CUTS;
    this.stateOut = new Float64Array(Math.max(1, ...templates.map((t) => t.layout.stateDim)));
    this.solverStats = new SolverStatsTable(templates.length, maxOpenings(inputs));
    this.appliedCuts = templates.map(() => 0);
    this.appliedEpoch = templates.map((_, t) => pools[t]?.epoch[0] ?? 0);
    this.rows = new CutRows(templates.length);
    this.activity = new CutActivity(templates.length);
    this.patch = new StagePatch(templates, inputs, inflowNonNegativity);
    this.lastLoadMw = this.patch.lastLoadMw;
    this.lastNcsAvailableMw = this.patch.lastNcsAvailableMw;
    const maxRows = Math.max(1, ...templates.map((t) => t.layout.numTemplateRows));
    this.basisCols = new Int32Array(Math.max(1, ...templates.map((t) => t.lp.numCols)));
    this.basisRows = new Int32Array(maxRows);
  }

  /**
   * A stage-`t` model holding the template only. HiGHS fixes a model's scaling at its
   * first solve and scales rows added later with it; solving the template once before
   * any cut row exists makes that scaling a function of the template alone, so a model
   * rebuilt from a checkpoint or after a selection behaves exactly like one that grew.
   */
  private createModel(t: number): LpModel {
    const { lp } = this.templates[t]!;
    const model = this.backend.createModel(
      {
        numCols: lp.numCols,
        numRows: lp.numRows,
        colCost: this.dualCheck.costs[t]!,
        colLower: lp.colLower,
        colUpper: lp.colUpper,
        rowLower: lp.rowLower,
        rowUpper: lp.rowUpper,
        matrix: { format: "csc", start: lp.start, index: lp.index, value: lp.value },
      },
      this.lpOptions,
    );
    model.solve();
    return model;
  }

  /**
   * Brings stage `t`'s LP up to date with its cut pool: appends new active cuts, or
   * rebuilds the model without the cuts selection deactivated. Called by every solve;
   * the pools change only between phases, so a unit of work sees one cut set.
   */
  syncCuts(t: number): void {
    const pool = this.pools[t];
    const layout = this.templates[t]?.layout;
    if (pool === undefined || layout === undefined) return;
    const n = pool.size;
    if (this.lazy) {
      // Rows enter per unit of work (installPendingBasis, addViolatedCuts); a cut
      // deactivated since is dropped with the rows at the next unit's start.
      this.appliedCuts[t] = n;
      this.appliedEpoch[t] = pool.epoch[0]!;
      return;
    }
    if (pool.epoch[0] !== this.appliedEpoch[t]) {
      this.models[t]!.dispose();
      const model = this.createModel(t);
      // Cold; a unit of work then installs its stored basis (`startFrom`) on it.
      model.resetBasis();
      this.models[t] = model;
      this.appliedEpoch[t] = pool.epoch[0]!;
      this.appliedCuts[t] = 0;
      this.rows.forget(t);
    }
    const applied = this.appliedCuts[t]!;
    if (n > applied) {
      this.appendCuts(t, this.models[t]!, layout, pool, applied, n, false);
      this.appliedCuts[t] = n;
    }
  }

  /**
   * Appends cuts [from, to) of `pool` — the active ones, or all with `everyCut` — one
   * `addRows` per generating iteration, as they arrive during training, so a model
   * rebuilt in one go is row-for-row (and batch-for-batch) the model that grew.
   */
  private appendCuts(
    t: number,
    model: LpModel,
    layout: StageTemplate["layout"],
    pool: CutPool,
    from: number,
    to: number,
    everyCut: boolean,
  ): void {
    const picked: number[] = [];
    let i = from;
    while (i < to) {
      const iteration = pool.iterations[i];
      picked.length = 0;
      for (; i < to && pool.iterations[i] === iteration; i++) if (everyCut || pool.active[i] === 1) picked.push(i);
      if (picked.length === 0) continue;
      if (everyCut) this.rows.append(model, layout, pool, picked, picked.length);
      else this.rows.add(t, model, layout, pool, picked, picked.length);
    }
  }

  /**
   * Makes the cut rows of stage `t`'s LP the active cuts that the basis in `slot` of `store`
   * has binding and the newest active cuts (lazy-cuts.ts), in pool order.
   */
  private startRows(t: number, model: LpModel, store: BasisStore | null, slot: number): void {
    const pool = this.pools[t];
    if (pool === undefined) return;
    if (this.nonbasic.length < pool.capacity) this.nonbasic = new Int32Array(pool.capacity);
    const n = store === null ? 0 : store.nonbasicCuts(t, slot, this.nonbasic);
    const size = pool.size;
    // The newest `preloadCuts` active cuts start as rows.
    let newest = size;
    for (let kept = 0; newest > 0 && kept < this.preloadCuts; ) if (pool.active[--newest] === 1) kept++;
    // Pool order: the binding cuts older than those (ascending), then those.
    const picked = this.picked;
    picked.length = 0;
    for (let k = 0; k < n; k++) {
      const i = this.nonbasic[k]!;
      if (i < newest && pool.active[i] === 1) picked.push(i);
    }
    for (let i = newest; i < size; i++) if (pool.active[i] === 1) picked.push(i);
    this.rows.reset(t, model, this.templates[t]!.layout, pool, picked, picked.length);
  }

  /**
   * After a solve of stage `t`: adds as rows the active cuts its solution violates (the
   * most violated first, see lazy-cuts.ts). Returns whether any was added.
   */
  private addViolatedCuts(t: number, model: LpModel): boolean {
    const pool = this.pools[t];
    if (pool === undefined || pool.size === 0) return false;
    const { layout } = this.templates[t]!;
    const col = model.colValue;
    const x = this.stateOut;
    for (let s = 0; s < layout.stateDim; s++) x[s] = col[layout.stateOutCols[s]!]!;
    const n = this.violated.find(pool, this.rows.flags(t, pool), x, COST_SCALE * col[layout.thetaCol]!);
    this.rows.add(t, model, layout, pool, this.violated.picked, n);
    return n > 0;
  }

  /** Brings the append-only lower-bound LP up to date: every cut of stage 0's pool, active or not. */
  private syncLowerBoundCuts(model: LpModel): void {
    const pool = this.pools[0];
    const layout = this.templates[0]?.layout;
    if (pool === undefined || layout === undefined) return;
    if (pool.size > this.lowerBoundCuts) {
      this.appendCuts(0, model, layout, pool, this.lowerBoundCuts, pool.size, true);
      this.lowerBoundCuts = pool.size;
    }
  }

  /** Records which cut rows bind in the last solve of stage `t` (see {@link CutActivity.record}). */
  private recordBinding(t: number, model: LpModel, tolerance: number): void {
    const first = this.templates[t]!.layout.numTemplateRows;
    this.activity.record(t, model.rowDual, first, this.rows.rowCut(t), this.rows.count(t), tolerance);
  }

  /**
   * The binding counts since the last call, as triplets `[stage, cut, solves, …]` in
   * stage then cut order, and resets them: what a task returns for the coordinator to
   * merge into the pools (empty when activity is not recorded).
   */
  takeActivity(): Int32Array {
    return this.activity.take();
  }

  /**
   * Solves stage `t` at incoming state `stateIn` under noise vector `noise`
   * (`inputs.noiseDim` values). Results are in `this.result` and the accessors.
   */
  solve(
    t: number,
    stateIn: ArrayLike<number>,
    noise: ArrayLike<number>,
    site: SolveSite,
    fixed?: FixedRealization | null,
  ): void {
    // Cuts first: syncing may replace the model (a rebuild after selection).
    const lb = site.phase === "lower_bound" && t === 0 ? this.lowerBoundModel : null;
    if (lb !== null) this.syncLowerBoundCuts(lb);
    else this.syncCuts(t);
    const model = lb ?? this.models[t]!;
    const { layout } = this.templates[t]!;
    this.patch.apply(model, t, layout, stateIn, noise, fixed);
    this.installPendingBasis(t, model, lb !== null);
    const context = { stage: t, iteration: site.iteration, scenario: site.scenario, opening: site.opening };
    const bucket = this.solverStats.bucket(site.phase, t, site.opening);
    let objective = this.solveWithCuts(t, model, lb !== null, context, bucket, site);
    this.solves++;
    if (this.dualsFail(t, model, lb !== null)) {
      // Duals that are not the LP's (see dual-check.ts): solve again from a cleared basis.
      this.dualRepairs++;
      model.resetBasis();
      objective = this.solveWithCuts(t, model, lb !== null, context, bucket, site);
    }
    const tolerance = this.activityTolerance;
    if (tolerance !== null && lb === null && (site.phase === "forward" || site.phase === "backward")) {
      this.recordBinding(t, model, tolerance);
    }
    const theta = COST_SCALE * model.colValue[layout.thetaCol]!;
    this.result.objective = COST_SCALE * objective;
    this.result.theta = theta;
    this.result.immediateCost = this.result.objective - layout.discountFactor * theta;
  }

  /** Solves `model`, then (lazy cuts) adds the cuts its solution violates until none is; returns the (scaled) objective. */
  private solveWithCuts(
    t: number,
    model: LpModel,
    appendOnly: boolean,
    context: SolveContext,
    bucket: ReturnType<SolverStatsTable["bucket"]>,
    site: SolveSite,
  ): number {
    let objective = this.run(model, context, bucket, site);
    if (this.lazy && !appendOnly) {
      while (this.addViolatedCuts(t, model)) {
        objective = this.run(model, context, bucket, site);
        this.lazyResolves++;
      }
    }
    return objective;
  }

  /** Whether the duals of stage `t`'s last solve are not its LP's (dual-check.ts). */
  private dualsFail(t: number, model: LpModel, appendOnly: boolean): boolean {
    // One view, refilled: this runs after every solve.
    const view = this.cutView;
    view.pool = this.pools[appendOnly ? 0 : t];
    view.count = appendOnly ? this.lowerBoundCuts : this.rows.count(t);
    view.rowCut = appendOnly ? null : this.rows.rowCut(t);
    return this.dualCheck.fails(t, view, model.rowDual, model.colDual);
  }

  /** One HiGHS solve of `model`, timed and counted; returns its (scaled) objective. */
  private run(
    model: LpModel,
    context: SolveContext,
    bucket: ReturnType<SolverStatsTable["bucket"]>,
    site: SolveSite,
  ): number {
    const started = performance.now();
    const outcome = model.solve(context, bucket);
    this.solveTimeMs += performance.now() - started;
    if (!outcome.ok) throw new SddpSolveError(outcome.error, site);
    this.simplexIterations += outcome.value.iterations;
    return outcome.value.objective;
  }

  /**
   * Drops stage `t`'s basis: its next solve starts cold (see WorkerCore on determinism).
   * With lazy cuts it also starts a unit of work: the LP loses its cut rows.
   */
  resetBasis(t: number): void {
    this.models[t]!.resetBasis();
    if (this.lazy) this.startRows(t, this.models[t]!, null, 0);
    if (t === 0) this.lowerBoundModel?.resetBasis();
  }

  /**
   * Makes stage `t`'s next solve start from the basis in `slot` of `store`, with the cut
   * rows added since it was captured basic (cold when the slot is empty or HiGHS rejects
   * the basis). It is installed inside {@link solve}, after every bound of that solve is
   * set and just after the solver state is cleared, so what HiGHS does then depends on
   * the stored basis and the LP alone — never on what this model solved before.
   */
  startFrom(t: number, store: BasisStore, slot: number): void {
    if (this.coldStarts) {
      this.resetBasis(t);
      this.pendingStore = null;
      return;
    }
    this.pendingStore = store;
    this.pendingStage = t;
    this.pendingSlot = slot;
  }

  private installPendingBasis(t: number, model: LpModel, everyCut: boolean): void {
    const store = this.pendingStore;
    if (store === null || this.pendingStage !== t) return;
    this.pendingStore = null;
    // A unit of work starts here. With lazy cuts its LP holds the cuts the stored basis
    // has binding and nothing left over from earlier units.
    model.resetBasis();
    if (this.lazy && !everyCut) this.startRows(t, model, store, this.pendingSlot);
    const numRows = model.numRows;
    if (this.basisRows.length < numRows) this.basisRows = new Int32Array(Math.max(numRows, 2 * this.basisRows.length));
    const cols = this.basisCols.subarray(0, model.numCols);
    const rows = this.basisRows.subarray(0, numRows);
    // Row k past the template holds pool cut rowCut[k] (every cut, in order, on the
    // append-only lower-bound LP).
    if (!store.read(t, this.pendingSlot, cols, rows, everyCut ? null : this.rows.rowCut(t))) return;
    if (model.setBasis({ colStatus: cols, rowStatus: rows })) this.warmStarts++;
    else model.resetBasis();
  }

  /** Saves the basis of stage `t`'s last solve into `slot` of `store`, its cut rows by pool index. */
  captureBasis(t: number, store: BasisStore, slot: number, iteration: number): void {
    const basis = this.models[t]!.getBasis();
    store.write(t, slot, basis.colStatus, basis.rowStatus, this.rows.rowCut(t), this.appliedCuts[t]!, iteration);
  }

  /** Cut rows stage `t`'s LP holds now. */
  cutRowCount(t: number): number {
    return this.rows.count(t);
  }

  /** Copies the outgoing state of the last solve of stage `t` into `out`. */
  readOutgoingState(t: number, out: Float64Array): void {
    const model = this.models[t]!;
    const { layout } = this.templates[t]!;
    for (let s = 0; s < layout.stateDim; s++) out[s] = model.colValue[layout.stateOutCols[s]!]!;
  }

  /** Copies ∂objective/∂(incoming state) of the last solve of stage `t` into `out`. */
  readStateGradient(t: number, out: Float64Array): void {
    const model = this.models[t]!;
    const { layout } = this.templates[t]!;
    for (let s = 0; s < layout.stateDim; s++) out[s] = COST_SCALE * model.colDual[layout.stateInCols[s]!]!;
  }

  /** Primal values of the last solve of stage `t` (the model's array, overwritten by its next solve: copy to keep). */
  primal(t: number): Float64Array {
    return this.models[t]!.colValue;
  }

  /**
   * Row duals of the last solve of stage `t`, in scaled units (multiply by COST_SCALE);
   * the model's array, overwritten by its next solve: copy to keep.
   */
  rowDuals(t: number): Float64Array {
    return this.models[t]!.rowDual;
  }

  /** Reduced costs of the last solve of stage `t`, in scaled units; the model's array, as {@link rowDuals}. */
  reducedCosts(t: number): Float64Array {
    return this.models[t]!.colDual;
  }

  dispose(): void {
    for (const m of this.models) m.dispose();
    this.lowerBoundModel?.dispose();
    this.lowerBoundModel = null;
  }
}
