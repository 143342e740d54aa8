/**
 * The data of a linear program, in the dense-vector + sparse-matrix form HiGHS takes.
 *
 *     minimise   colCost·x + objectiveOffset
 *     subject to rowLower ≤ A x ≤ rowUpper
 *                colLower ≤ x ≤ colUpper
 *
 * Free bounds are `±Infinity`; HiGHS' infinity is IEEE infinity (and any magnitude
 * ≥ 1e20 is treated as infinite), so no conversion is needed.
 */

import type { ModelData } from "highs";
import { SolverUsageError } from "./errors";

/** A sparse matrix in compressed row (`csr`) or compressed column (`csc`) form. */
export interface SparseMatrix {
  /** `csr`: `start` indexes rows and `index` holds columns; `csc`: the reverse. */
  readonly format: "csr" | "csc";
  /** Offsets into `index`/`value`, length (rows for csr | columns for csc) + 1, `start[0] === 0`. */
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
}

/** A minimisation LP. Arrays are copied when a model is created from it. */
export interface LpProblem {
  readonly numCols: number;
  readonly numRows: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly matrix: SparseMatrix;
  /** Constant added to the objective; 0 when omitted. */
  readonly objectiveOffset?: number;
}

/** Checks the shapes HiGHS would otherwise reject with a less specific message. */
export function checkProblemShape(problem: LpProblem): void {
  const { numCols, numRows, matrix } = problem;
  checkLength("colCost", problem.colCost, numCols);
  checkLength("colLower", problem.colLower, numCols);
  checkLength("colUpper", problem.colUpper, numCols);
  checkLength("rowLower", problem.rowLower, numRows);
  checkLength("rowUpper", problem.rowUpper, numRows);
  const major = matrix.format === "csr" ? numRows : numCols;
  checkLength("matrix.start", matrix.start, major + 1);
  const nonzeros = matrix.start[major] ?? 0;
  checkLength("matrix.index", matrix.index, nonzeros);
  checkLength("matrix.value", matrix.value, nonzeros);
}

/** Converts to the structure `highs` takes; the typed arrays are passed through, not copied. */
export function toHighsModel(problem: LpProblem): ModelData {
  return {
    numCols: problem.numCols,
    numRows: problem.numRows,
    offset: problem.objectiveOffset ?? 0,
    colCost: problem.colCost,
    colLower: problem.colLower,
    colUpper: problem.colUpper,
    rowLower: problem.rowLower,
    rowUpper: problem.rowUpper,
    matrix: {
      format: problem.matrix.format,
      numRows: problem.numRows,
      numCols: problem.numCols,
      starts: problem.matrix.start,
      indices: problem.matrix.index,
      values: problem.matrix.value,
    },
  };
}

/** Throws a {@link SolverUsageError} unless `array.length === expected`. */
export function checkLength(name: string, array: ArrayLike<number>, expected: number): void {
  if (array.length !== expected) {
    throw new SolverUsageError(`${name} has length ${array.length}, expected ${expected}`);
  }
}
