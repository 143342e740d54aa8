/**
 * A persistent LP model: one HiGHS instance that is patched in place (bounds, costs,
 * appended rows) and re-solved from the previous basis.
 *
 * Performance notes, measured on highs 1.15.3:
 * - highs-js creates the model and sets its options (rare calls). Every call a solve
 *   cycle makes — bound and cost patches, appended rows, basis, run, status, iteration
 *   count, objective, solution — goes straight to the HiGHS C API (`native.ts`), with
 *   arguments in per-model Wasm buffers (`scratch.ts`): no malloc/free, string
 *   marshalling or JS allocation per call, where highs-js' wrappers did all three.
 * - The solution is copied out of Wasm lazily, once per solve, on the first read of
 *   `colValue`/`colDual`/`rowValue`/`rowDual`, into arrays the model owns and overwrites
 *   at each solve: a solve whose caller only needs the objective copies nothing.
 * - The success outcome returned by `solve()` is one object per model, overwritten by
 *   every solve, so successful solves allocate nothing on this side.
 */

import type { Model } from "highs";
import { type SolveContext, type SolverError, SolverUsageError, solverError } from "./errors";
import { type LpModelOptions, type ResolvedLpOptions, applyOptions, resolveOptions } from "./lp-options";
import { type LpProblem, checkLength, checkProblemShape, toHighsModel } from "./lp-problem";
import { type SolverStatus, STATUS_MODEL_EMPTY, STATUS_NOT_SET, statusName } from "./model-status";
import { type NativeHighs, highsPointer } from "./native";
import type { Result } from "./result";
import * as S from "./scratch";
import { Scratch, checkScalar, checkStarts } from "./scratch";
import { SolutionArrays } from "./solution-arrays";
import {
  type BaseOptions,
  type LadderState,
  type LadderTarget,
  captureBaseOptions,
  isSolved,
  recordSolve,
  runLadder,
} from "./solve-ladder";
import type { SolveStats } from "./solve-stats";

/** Summary of a successful solve. */
export interface SolveSummary {
  /** Optimal objective, offset included. */
  readonly objective: number;
  /** Simplex iterations, summed over every attempt of the retry ladder. */
  readonly iterations: number;
  /** HiGHS runs made: 1 unless the retry ladder was needed. */
  readonly attempts: number;
  /** The retry level that ended optimal; −1 when the first attempt did. */
  readonly retryLevel: number;
  /** Wall-clock milliseconds inside HiGHS, every attempt included. */
  readonly solveTimeMs: number;
}

/**
 * What `solve()` returns. On success the object is owned by the model and overwritten
 * by its next solve (no allocation per solve): read it before solving again, or copy it.
 */
export type SolveOutcome = Result<SolveSummary, SolverError>;

/** A simplex basis: HiGHS status codes 0 lower, 1 basic, 2 upper, 3 zero (free), 4 nonbasic. */
export interface LpBasis {
  readonly colStatus: Int32Array;
  readonly rowStatus: Int32Array;
}

/** Index list accepted by the bulk setters. */
export type IndexList = Int32Array | readonly number[];
/** Value list accepted by the bulk setters. */
export type ValueList = Float64Array | readonly number[];

// The lifecycle of the last solution, so it is copied out of Wasm at most once per solve.
const SOLUTION_NONE = 0; // no successful solve since the last solve() started
const SOLUTION_PENDING = 1; // solved, not yet copied
const SOLUTION_READY = 2; // copied into the solution arrays

/** Creates a model from a loaded runtime; exposed to users through `SolverBackend.createModel`. */
export function createLpModel(native: NativeHighs, problem: LpProblem, options?: LpModelOptions): LpModel {
  checkProblemShape(problem);
  const resolved = resolveOptions(options);
  let model: Model;
  try {
    model = native.highs.createModel(toHighsModel(problem));
  } catch (error) {
    throw new SolverUsageError(`HiGHS rejected the problem: ${(error as Error).message}`, { cause: error });
  }
  let base: BaseOptions;
  try {
    applyOptions(model.raw, resolved);
    base = captureBaseOptions(model.raw);
  } catch (error) {
    model.dispose();
    throw error;
  }
  try {
    return new LpModel(native, model, problem, resolved, base);
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * A persistent LP held in native (Wasm) memory. Create it with
 * `SolverBackend.createModel`, change it with the setters and `addRows`, call
 * {@link LpModel.solve}, then read the solution accessors. Call {@link LpModel.dispose}
 * when done: garbage collection does not free the native memory.
 *
 * @example
 * ```ts
 * using model = backend.createModel(problem);
 * model.setColBound(3, 10, 10);           // fix the incoming state
 * const outcome = model.solve({ stage: 2 });
 * if (!outcome.ok) return outcome;        // SolverError value, never thrown
 * const sensitivity = model.colDual[3];   // ∂objective/∂(bound of column 3)
 * ```
 */
export class LpModel {
  #model: Model | undefined;
  readonly #native: NativeHighs;
  readonly #scratch: Scratch;
  readonly #target: LadderTarget;
  /** Address of the HiGHS instance; 0 after dispose. */
  #highs: number;
  readonly #options: ResolvedLpOptions;
  readonly #base: BaseOptions;
  readonly #offset: number;
  #numCols: number;
  #numRows: number;
  #status: SolverStatus = "NotSet";
  #objective = Number.NaN;
  #solutionState = SOLUTION_NONE;
  readonly #solution: SolutionArrays;
  readonly #ladder: LadderState = {
    code: 0,
    iterations: 0,
    attempts: 0,
    level: -1,
    seconds: 0,
    ending: "exhausted",
    history: undefined,
  };
  readonly #summary = { objective: 0, iterations: 0, attempts: 0, retryLevel: -1, solveTimeMs: 0 };
  readonly #success: SolveOutcome = { ok: true, value: this.#summary };

  /** @internal Use `SolverBackend.createModel`. */
  constructor(native: NativeHighs, model: Model, problem: LpProblem, options: ResolvedLpOptions, base: BaseOptions) {
    this.#model = model;
    this.#native = native;
    this.#highs = highsPointer(model.raw);
    this.#scratch = new Scratch(native);
    this.#target = { raw: model.raw, native, highs: this.#highs, out: this.#scratch.reserve(S.SLOT_OUT, 8) };
    this.#options = options;
    this.#base = base;
    this.#offset = problem.objectiveOffset ?? 0;
    this.#numCols = problem.numCols;
    this.#numRows = problem.numRows;
    this.#solution = new SolutionArrays(problem.numCols, problem.numRows);
  }

  /** Number of columns. */
  get numCols(): number {
    return this.#numCols;
  }

  /** Number of rows, including rows appended with {@link addRows}. */
  get numRows(): number {
    return this.#numRows;
  }

  /** Whether {@link dispose} has run. */
  get disposed(): boolean {
    return this.#model === undefined;
  }

  /** Status of the last solve (`"NotSet"` before the first). */
  get status(): SolverStatus {
    return this.#status;
  }

  /** Objective of the last successful solve, offset included; `NaN` after a failed one. */
  get objective(): number {
    return this.#objective;
  }

  /** Simplex iterations of the last solve, summed over retry attempts. */
  get iterations(): number {
    return this.#ladder.iterations;
  }

  /**
   * Primal column values of the last successful solve (`numCols` entries). Like the
   * other solution accessors, the array belongs to the model and is overwritten by the
   * next solve: copy what must outlive it, and do not write to it. Throws if the last
   * solve failed.
   */
  get colValue(): Float64Array {
    return this.#readSolution().colValue;
  }

  /**
   * Reduced costs: ∂objective/∂(active bound) of each column. For a column fixed by its
   * bounds (lower = upper) this is the derivative of the optimal objective with respect
   * to the fixed value.
   */
  get colDual(): Float64Array {
    return this.#readSolution().colDual;
  }

  /** Row activities `A x` of the last successful solve (`numRows` entries). */
  get rowValue(): Float64Array {
    return this.#readSolution().rowValue;
  }

  /**
   * Row duals: ∂objective/∂(active row bound). On this minimisation model a binding `≥`
   * row (lower bound active) has a dual ≥ 0 and a binding `≤` row a dual ≤ 0; an
   * equality row can have either sign.
   */
  get rowDual(): Float64Array {
    return this.#readSolution().rowDual;
  }

  /** Sets the bounds of column `col`. */
  setColBound(col: number, lower: number, upper: number): void {
    const highs = this.#beforeChange();
    checkScalar("setColBound", col, this.#numCols, lower, upper);
    check(this.#native.c._Highs_changeColBounds(highs, col, lower, upper), "changeColBounds");
  }

  /**
   * Sets the bounds of several columns: `lower[k]`, `upper[k]` go to column `indices[k]`
   * for `k < count` (default: `indices.length`), so preallocated buffers longer than the
   * patch can be passed as they are.
   */
  setColBounds(indices: IndexList, lower: ValueList, upper: ValueList, count: number = indices.length): void {
    const highs = this.#beforeChange();
    checkCounts(indices, count, lower, upper);
    if (isStrictlyIncreasing(indices, count)) {
      const scratch = this.#scratch;
      const set = scratch.ints(S.SLOT_SET, indices, count, this.#numCols, "setColBounds");
      const lo = scratch.doubles(S.SLOT_LOWER, lower, count, "setColBounds lower");
      const up = scratch.doubles(S.SLOT_UPPER, upper, count, "setColBounds upper");
      check(this.#native.c._Highs_changeColsBoundsBySet(highs, count, set, lo, up), "changeColsBounds");
    } else {
      // HiGHS' set API needs increasing indices; sorting would allocate, one call each does not.
      for (let k = 0; k < count; k++) this.setColBound(at(indices, k), at(lower, k), at(upper, k));
    }
  }

  /** Sets the bounds of row `row`. */
  setRowBound(row: number, lower: number, upper: number): void {
    const highs = this.#beforeChange();
    checkScalar("setRowBound", row, this.#numRows, lower, upper);
    check(this.#native.c._Highs_changeRowBounds(highs, row, lower, upper), "changeRowBounds");
  }

  /** Sets the bounds of several rows; same conventions as {@link setColBounds}. */
  setRowBounds(indices: IndexList, lower: ValueList, upper: ValueList, count: number = indices.length): void {
    const highs = this.#beforeChange();
    checkCounts(indices, count, lower, upper);
    if (isStrictlyIncreasing(indices, count)) {
      const scratch = this.#scratch;
      const set = scratch.ints(S.SLOT_SET, indices, count, this.#numRows, "setRowBounds");
      const lo = scratch.doubles(S.SLOT_LOWER, lower, count, "setRowBounds lower");
      const up = scratch.doubles(S.SLOT_UPPER, upper, count, "setRowBounds upper");
      check(this.#native.c._Highs_changeRowsBoundsBySet(highs, count, set, lo, up), "changeRowsBounds");
    } else {
      for (let k = 0; k < count; k++) this.setRowBound(at(indices, k), at(lower, k), at(upper, k));
    }
  }

  /** Sets the objective coefficient of column `col`. */
  setColCost(col: number, cost: number): void {
    const highs = this.#beforeChange();
    checkScalar("setColCost", col, this.#numCols, cost, cost);
    check(this.#native.c._Highs_changeColCost(highs, col, cost), "changeColCost");
  }

  /** Sets several objective coefficients; same conventions as {@link setColBounds}. */
  setColCosts(indices: IndexList, costs: ValueList, count: number = indices.length): void {
    const highs = this.#beforeChange();
    checkCounts(indices, count, costs, costs);
    if (isStrictlyIncreasing(indices, count)) {
      const set = this.#scratch.ints(S.SLOT_SET, indices, count, this.#numCols, "setColCosts");
      const values = this.#scratch.doubles(S.SLOT_LOWER, costs, count, "setColCosts costs");
      check(this.#native.c._Highs_changeColsCostBySet(highs, count, set, values), "changeColsCost");
    } else {
      for (let k = 0; k < count; k++) this.setColCost(at(indices, k), at(costs, k));
    }
  }

  /**
   * Appends `count` rows given in CSR form (`start` has `count + 1` entries, `index`
   * holds column indices) and returns the index of the first new row. The basis is kept:
   * new rows enter it as basic, so the next solve is still warm.
   */
  addRows(
    count: number,
    lower: Float64Array,
    upper: Float64Array,
    start: Int32Array,
    index: Int32Array,
    value: Float64Array,
  ): number {
    const highs = this.#beforeChange();
    if (count === 0) return this.#numRows;
    if (lower.length < count || upper.length < count || start.length < count + 1) {
      throw new SolverUsageError(`addRows: bounds need ${count} entries and start ${count + 1}`);
    }
    const nonzeros = start[count] ?? 0;
    if (index.length < nonzeros || value.length < nonzeros) {
      throw new SolverUsageError(`addRows: index and value need ${nonzeros} entries (start[count])`);
    }
    checkStarts(start, count);
    const scratch = this.#scratch;
    const lo = scratch.doubles(S.SLOT_LOWER, lower, count, "addRows lower");
    const up = scratch.doubles(S.SLOT_UPPER, upper, count, "addRows upper");
    // HiGHS takes the `count` row starts without the final one (that is `nonzeros`).
    const starts = scratch.ints(S.SLOT_START, start, count, -1, "addRows start");
    const columns = scratch.ints(S.SLOT_INDEX, index, nonzeros, this.#numCols, "addRows index");
    const values = scratch.doubles(S.SLOT_VALUE, value, nonzeros, "addRows value");
    check(this.#native.c._Highs_addRows(highs, count, lo, up, nonzeros, starts, columns, values), "addRows");
    const first = this.#numRows;
    this.#numRows += count;
    return first;
  }

  /**
   * Deletes rows `first … numRows − 1` (rows appended with {@link addRows}, for
   * example). Call {@link resetBasis} or {@link setBasis} before the next solve: HiGHS
   * keeps the remaining rows' statuses, which need not form a basis any more.
   */
  deleteRowsFrom(first: number): void {
    const highs = this.#alive();
    if (!Number.isInteger(first) || first < 0 || first > this.#numRows) {
      throw new SolverUsageError(`deleteRowsFrom: no row ${first}`);
    }
    if (first === this.#numRows) return;
    // The solution of the last solve is not kept: it describes rows that no longer exist.
    this.#solutionState = SOLUTION_NONE;
    check(this.#native.c._Highs_deleteRowsByRange(highs, first, this.#numRows - 1), "deleteRows");
    this.#numRows = first;
  }

  /**
   * Solves from the current basis (warm) and, when the result is not optimal, walks the
   * retry ladder (`retry-levels.ts`), restoring the normal options afterwards. Expected
   * failures come back as `{ ok: false, error }`; this method does not throw for them.
   *
   * @param context where in the algorithm this solve happens, copied into any error.
   * @param stats counters this solve is added to (solves, iterations, time, retry level).
   */
  solve(context?: SolveContext, stats?: SolveStats): SolveOutcome {
    const highs = this.#alive();
    this.#solutionState = SOLUTION_NONE;
    const ladder = this.#ladder;
    runLadder(this.#target, this.#options, this.#base, this.#numCols, ladder);
    this.#status = statusName(ladder.code);
    const solved = isSolved(ladder.code);
    if (stats !== undefined) recordSolve(stats, ladder, solved);
    if (!solved) {
      this.#objective = Number.NaN;
      return { ok: false, error: solverError(ladder.history ?? [], context, ladder.ending) };
    }
    // HiGHS reports no objective for an empty model (no columns); it is just the offset.
    this.#objective =
      ladder.code === STATUS_MODEL_EMPTY ? this.#offset : this.#native.c._Highs_getObjectiveValue(highs);
    this.#solutionState = SOLUTION_PENDING;
    const summary = this.#summary;
    summary.objective = this.#objective;
    summary.iterations = ladder.iterations;
    summary.attempts = ladder.attempts;
    summary.retryLevel = ladder.level;
    summary.solveTimeMs = ladder.seconds * 1000;
    return this.#success;
  }

  /**
   * The basis of the last solve (detached copy). Read it before changing the model:
   * HiGHS keeps the basis across changes, but only reports it for a solved model.
   */
  getBasis(): LpBasis {
    const highs = this.#alive();
    const c = this.#native.c;
    const modelStatus = c._Highs_getModelStatus(highs);
    // The statuses for which highs-js refused to report a basis: not solved, or empty.
    if (modelStatus === STATUS_NOT_SET || modelStatus === STATUS_MODEL_EMPTY) {
      throw new SolverUsageError("getBasis: no basis; solve first, and read it before changing the model");
    }
    const cols = this.#scratch.reserve(S.SLOT_COL_STATUS, 4 * this.#numCols);
    const rows = this.#scratch.reserve(S.SLOT_ROW_STATUS, 4 * this.#numRows);
    if (c._Highs_getBasis(highs, cols, rows) === -1)
      throw new SolverUsageError("getBasis: HiGHS has no basis to report");
    const heap = this.#native.i32;
    return {
      colStatus: heap.slice(cols >> 2, (cols >> 2) + this.#numCols),
      rowStatus: heap.slice(rows >> 2, (rows >> 2) + this.#numRows),
    };
  }

  /**
   * Installs a basis for the next solve, e.g. one saved with {@link getBasis} before
   * rows were deleted elsewhere. Returns `false` if HiGHS rejects it (singular or
   * inconsistent), in which case the next solve starts cold.
   */
  setBasis(basis: LpBasis): boolean {
    const highs = this.#beforeChange();
    checkLength("basis.colStatus", basis.colStatus, this.#numCols);
    checkLength("basis.rowStatus", basis.rowStatus, this.#numRows);
    // Status codes are 0..4; anything else is not a basis (highs-js checked the same way).
    const cols = this.#scratch.ints(S.SLOT_COL_STATUS, basis.colStatus, this.#numCols, 5, "setBasis colStatus");
    const rows = this.#scratch.ints(S.SLOT_ROW_STATUS, basis.rowStatus, this.#numRows, 5, "setBasis rowStatus");
    return this.#native.c._Highs_setBasis(highs, cols, rows) !== -1;
  }

  /** Discards the basis, so the next solve starts cold from a slack basis. */
  resetBasis(): void {
    this.#native.c._Highs_clearSolver(this.#beforeChange());
  }

  /** Frees the native model. Idempotent; any later use throws a {@link SolverUsageError}. */
  dispose(): void {
    const model = this.#model;
    if (model === undefined) return;
    this.#model = undefined;
    this.#highs = 0;
    this.#solutionState = SOLUTION_NONE;
    this.#scratch.free();
    model.dispose();
  }

  /** Same as {@link dispose}; lets `using model = backend.createModel(...)` free it. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  #alive(): number {
    const highs = this.#highs;
    if (highs === 0) throw new SolverUsageError("LpModel used after dispose()");
    return highs;
  }

  // HiGHS forgets the solution as soon as the model changes; copy it out first if the
  // caller has not read it yet, so the accessors keep describing the last solve.
  #beforeChange(): number {
    const highs = this.#alive();
    if (this.#solutionState === SOLUTION_PENDING) this.#fetchSolution(highs);
    return highs;
  }

  #readSolution(): SolutionArrays {
    const highs = this.#alive();
    if (this.#solutionState === SOLUTION_PENDING) this.#fetchSolution(highs);
    if (this.#solutionState !== SOLUTION_READY) {
      throw new SolverUsageError(
        this.#status === "NotSet"
          ? "No solution: solve() has not been called"
          : `No solution: the last solve ended with status ${this.#status}`,
      );
    }
    return this.#solution;
  }

  #fetchSolution(highs: number): void {
    const empty = this.#ladder.code === STATUS_MODEL_EMPTY;
    this.#solution.fetch(this.#native, this.#scratch, highs, this.#numRows, empty);
    this.#solutionState = SOLUTION_READY;
  }
}

function check(status: number, operation: string): void {
  if (status === -1) throw new SolverUsageError(`HiGHS ${operation} failed (invalid index or value?)`);
}

function checkCounts(indices: IndexList, count: number, a: ValueList, b: ValueList): void {
  if (count > indices.length || count > a.length || count > b.length) {
    throw new SolverUsageError(`count ${count} exceeds the length of indices or values`);
  }
}

function isStrictlyIncreasing(indices: IndexList, count: number): boolean {
  for (let k = 1; k < count; k++) {
    if (at(indices, k) <= at(indices, k - 1)) return false;
  }
  return true;
}

function at(array: IndexList | ValueList, k: number): number {
  return array[k] as number;
}
