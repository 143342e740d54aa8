/**
 * A persistent LP model: one HiGHS instance that is patched in place (bounds, costs,
 * appended rows) and re-solved from the previous basis.
 *
 * Performance notes, measured on highs 1.15.3:
 * - `solve()` goes through the status-returning `raw` API of highs-js, which skips the
 *   per-call metadata objects of its throwing wrapper. What highs-js still allocates per
 *   solve and cannot be avoided from outside: a `{ status }` object from `run()` and from
 *   the iteration-count query, and, when the solution is read, one scratch arena plus
 *   four freshly copied `Float64Array`s (it has no "copy into my buffer" call).
 * - The solution is therefore fetched lazily, once per solve, on the first read of
 *   `colValue`/`colDual`/`rowValue`/`rowDual`: a solve whose caller only needs the
 *   objective costs no solution copy at all.
 * - The success outcome returned by `solve()` is one object per model, overwritten by
 *   every solve, so successful solves allocate nothing on this side.
 */

import type { Highs, Model, RawModelApi, Solution } from "highs";
import { type SolveContext, type SolverError, SolverUsageError, solverError } from "./errors";
import { type LpModelOptions, type ResolvedLpOptions, applyOptions, resolveOptions } from "./lp-options";
import { type LpProblem, checkLength, checkProblemShape, toHighsModel } from "./lp-problem";
import { type SolverStatus, STATUS_MODEL_EMPTY, statusName } from "./model-status";
import type { Result } from "./result";
import { type BaseOptions, type LadderState, captureBaseOptions, isSolved, runLadder } from "./solve-ladder";
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
const SOLUTION_READY = 2; // copied into `#solution`

/** Creates a model from a loaded runtime; exposed to users through `SolverBackend.createModel`. */
export function createLpModel(highs: Highs, problem: LpProblem, options?: LpModelOptions): LpModel {
  checkProblemShape(problem);
  const resolved = resolveOptions(options);
  let model: Model;
  try {
    model = highs.createModel(toHighsModel(problem));
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
  return new LpModel(model, problem, resolved, base);
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
  #raw: RawModelApi | undefined;
  readonly #options: ResolvedLpOptions;
  readonly #base: BaseOptions;
  readonly #offset: number;
  #numCols: number;
  #numRows: number;
  #status: SolverStatus = "NotSet";
  #objective = Number.NaN;
  #solutionState = SOLUTION_NONE;
  #solution: Solution | undefined;
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
  constructor(model: Model, problem: LpProblem, options: ResolvedLpOptions, base: BaseOptions) {
    this.#model = model;
    this.#raw = model.raw;
    this.#options = options;
    this.#base = base;
    this.#offset = problem.objectiveOffset ?? 0;
    this.#numCols = problem.numCols;
    this.#numRows = problem.numRows;
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
   * Primal column values of the last successful solve. Like the other solution
   * accessors, the array is replaced (not overwritten) by the next solve; do not write
   * to it. Throws if the last solve failed.
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

  /** Row activities `A x` of the last successful solve. */
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
    const raw = this.#beforeChange();
    check(raw.changeColBounds(col, lower, upper).status, "changeColBounds");
  }

  /**
   * Sets the bounds of several columns: `lower[k]`, `upper[k]` go to column `indices[k]`
   * for `k < count` (default: `indices.length`), so preallocated buffers longer than the
   * patch can be passed as they are.
   */
  setColBounds(indices: IndexList, lower: ValueList, upper: ValueList, count: number = indices.length): void {
    const raw = this.#beforeChange();
    checkCounts(indices, count, lower, upper);
    if (isStrictlyIncreasing(indices, count)) {
      check(
        raw.changeColsBounds(setOf(indices, count), prefix(lower, count), prefix(upper, count)).status,
        "changeColsBounds",
      );
    } else {
      // HiGHS' set API needs increasing indices; sorting would allocate, one call each does not.
      for (let k = 0; k < count; k++) {
        check(raw.changeColBounds(at(indices, k), at(lower, k), at(upper, k)).status, "changeColBounds");
      }
    }
  }

  /** Sets the bounds of row `row`. */
  setRowBound(row: number, lower: number, upper: number): void {
    const raw = this.#beforeChange();
    check(raw.changeRowBounds(row, lower, upper).status, "changeRowBounds");
  }

  /** Sets the bounds of several rows; same conventions as {@link setColBounds}. */
  setRowBounds(indices: IndexList, lower: ValueList, upper: ValueList, count: number = indices.length): void {
    const raw = this.#beforeChange();
    checkCounts(indices, count, lower, upper);
    if (isStrictlyIncreasing(indices, count)) {
      check(
        raw.changeRowsBounds(setOf(indices, count), prefix(lower, count), prefix(upper, count)).status,
        "changeRowsBounds",
      );
    } else {
      for (let k = 0; k < count; k++) {
        check(raw.changeRowBounds(at(indices, k), at(lower, k), at(upper, k)).status, "changeRowBounds");
      }
    }
  }

  /** Sets the objective coefficient of column `col`. */
  setColCost(col: number, cost: number): void {
    const raw = this.#beforeChange();
    check(raw.changeColCost(col, cost).status, "changeColCost");
  }

  /** Sets several objective coefficients; same conventions as {@link setColBounds}. */
  setColCosts(indices: IndexList, costs: ValueList, count: number = indices.length): void {
    const raw = this.#beforeChange();
    checkCounts(indices, count, costs, costs);
    if (isStrictlyIncreasing(indices, count)) {
      check(raw.changeColsCost(setOf(indices, count), prefix(costs, count)).status, "changeColsCost");
    } else {
      for (let k = 0; k < count; k++) {
        check(raw.changeColCost(at(indices, k), at(costs, k)).status, "changeColCost");
      }
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
    const raw = this.#beforeChange();
    if (count === 0) return this.#numRows;
    if (lower.length < count || upper.length < count || start.length < count + 1) {
      throw new SolverUsageError(`addRows: bounds need ${count} entries and start ${count + 1}`);
    }
    const nonzeros = start[count] ?? 0;
    if (index.length < nonzeros || value.length < nonzeros) {
      throw new SolverUsageError(`addRows: index and value need ${nonzeros} entries (start[count])`);
    }
    check(
      raw.addRows({
        lower: prefix(lower, count),
        upper: prefix(upper, count),
        matrix: {
          format: "csr",
          numRows: count,
          numCols: this.#numCols,
          starts: prefix(start, count + 1),
          indices: prefix(index, nonzeros),
          values: prefix(value, nonzeros),
        },
      }).status,
      "addRows",
    );
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
    if (first < 0 || first > this.#numRows) throw new SolverUsageError(`deleteRowsFrom: no row ${first}`);
    if (first === this.#numRows) return;
    // The solution of the last solve is not kept: it describes rows that no longer exist.
    this.#solutionState = SOLUTION_NONE;
    this.#solution = undefined;
    check(this.#alive().deleteRows({ kind: "range", from: first, to: this.#numRows - 1 }).status, "deleteRows");
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
    const raw = this.#alive();
    this.#solutionState = SOLUTION_NONE;
    this.#solution = undefined;
    const ladder = this.#ladder;
    runLadder(raw, this.#options, this.#base, this.#numCols, ladder);
    this.#status = statusName(ladder.code);
    const solved = isSolved(ladder.code);
    if (stats !== undefined) record(stats, ladder, solved);
    if (!solved) {
      this.#objective = Number.NaN;
      return { ok: false, error: solverError(ladder.history ?? [], context, ladder.ending) };
    }
    // HiGHS reports no objective for an empty model (no columns); it is just the offset.
    this.#objective = ladder.code === STATUS_MODEL_EMPTY ? this.#offset : raw.getObjectiveValue();
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
    const raw = this.#alive();
    try {
      const result = raw.getBasis();
      if (result.status !== -1) return result.value;
    } catch (error) {
      throw new SolverUsageError("getBasis: no basis; solve first, and read it before changing the model", {
        cause: error,
      });
    }
    throw new SolverUsageError("getBasis: HiGHS has no basis to report");
  }

  /**
   * Installs a basis for the next solve, e.g. one saved with {@link getBasis} before
   * rows were deleted elsewhere. Returns `false` if HiGHS rejects it (singular or
   * inconsistent), in which case the next solve starts cold.
   */
  setBasis(basis: LpBasis): boolean {
    const raw = this.#beforeChange();
    checkLength("basis.colStatus", basis.colStatus, this.#numCols);
    checkLength("basis.rowStatus", basis.rowStatus, this.#numRows);
    return raw.setBasis(basis).status !== -1;
  }

  /** Discards the basis, so the next solve starts cold from a slack basis. */
  resetBasis(): void {
    this.#beforeChange().clearSolver();
  }

  /** Frees the native model. Idempotent; any later use throws a {@link SolverUsageError}. */
  dispose(): void {
    const model = this.#model;
    if (model === undefined) return;
    this.#model = undefined;
    this.#raw = undefined;
    this.#solution = undefined;
    this.#solutionState = SOLUTION_NONE;
    model.dispose();
  }

  /** Same as {@link dispose}; lets `using model = backend.createModel(...)` free it. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  #alive(): RawModelApi {
    const raw = this.#raw;
    if (raw === undefined) throw new SolverUsageError("LpModel used after dispose()");
    return raw;
  }

  // HiGHS forgets the solution as soon as the model changes; copy it out first if the
  // caller has not read it yet, so the accessors keep describing the last solve.
  #beforeChange(): RawModelApi {
    const raw = this.#alive();
    if (this.#solutionState === SOLUTION_PENDING) this.#fetchSolution(raw);
    return raw;
  }

  #readSolution(): Solution {
    const raw = this.#alive();
    if (this.#solutionState === SOLUTION_PENDING) this.#fetchSolution(raw);
    const solution = this.#solution;
    if (solution === undefined) {
      throw new SolverUsageError(
        this.#status === "NotSet"
          ? "No solution: solve() has not been called"
          : `No solution: the last solve ended with status ${this.#status}`,
      );
    }
    return solution;
  }

  #fetchSolution(raw: RawModelApi): void {
    if (this.#ladder.code === STATUS_MODEL_EMPTY) {
      // highs-js refuses to report a solution for an empty model; it is all zeros.
      this.#solution = {
        colValue: new Float64Array(this.#numCols),
        colDual: new Float64Array(this.#numCols),
        rowValue: new Float64Array(this.#numRows),
        rowDual: new Float64Array(this.#numRows),
      };
    } else {
      const result = raw.getSolution();
      if (result.status === -1) throw new SolverUsageError("HiGHS could not report the solution");
      this.#solution = result.value;
    }
    this.#solutionState = SOLUTION_READY;
  }
}

function record(stats: SolveStats, ladder: LadderState, solved: boolean): void {
  stats.solves += 1;
  stats.simplexIterations += ladder.iterations;
  stats.solveTimeMs += ladder.seconds * 1000;
  if (ladder.attempts > 1) {
    stats.retried += 1;
    stats.retryAttempts += ladder.attempts - 1;
  }
  if (solved) {
    stats.successes += 1;
    if (ladder.level >= 0) stats.retryLevels[ladder.level]! += 1;
  } else {
    stats.failures += 1;
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

function setOf(indices: IndexList, count: number): { readonly kind: "set"; readonly indices: IndexList } {
  return { kind: "set", indices: prefix(indices, count) };
}

// First `count` entries without copying when the array already has that length.
function prefix<T extends Float64Array | Int32Array | readonly number[]>(array: T, count: number): T {
  if (array.length === count) return array;
  return (ArrayBuffer.isView(array) ? array.subarray(0, count) : array.slice(0, count)) as T;
}

function at(array: IndexList | ValueList, k: number): number {
  return array[k] as number;
}
