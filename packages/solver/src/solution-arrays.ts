/**
 * The solution arrays of an `LpModel`: owned by the model, overwritten by each solve
 * (copied out of Wasm at most once per solve, when first read), so reading a solution
 * allocates nothing — highs-js returned four new arrays per solve.
 */

import { SolverUsageError } from "./errors";
import type { NativeHighs } from "./native";
import * as S from "./scratch";
import type { Scratch } from "./scratch";

export class SolutionArrays {
  readonly colValue: Float64Array;
  readonly colDual: Float64Array;
  // Row arrays are `numRows`-long views of stores that grow (at least doubling) with
  // appended rows: a solve allocates only when the row count changed since the last.
  rowValue: Float64Array;
  rowDual: Float64Array;
  #rowValueStore: Float64Array;
  #rowDualStore: Float64Array;

  constructor(numCols: number, numRows: number) {
    this.colValue = new Float64Array(numCols);
    this.colDual = new Float64Array(numCols);
    this.#rowValueStore = new Float64Array(numRows);
    this.#rowDualStore = new Float64Array(numRows);
    this.rowValue = this.#rowValueStore;
    this.rowDual = this.#rowDualStore;
  }

  /** Copies the solution of HiGHS instance `highs` (or zeros, for an empty model) in. */
  fetch(native: NativeHighs, scratch: Scratch, highs: number, numRows: number, empty: boolean): void {
    if (this.rowValue.length !== numRows) this.#sizeRows(numRows);
    if (empty) {
      // HiGHS has no solution for an empty model; it is all zeros.
      this.colValue.fill(0);
      this.colDual.fill(0);
      this.rowValue.fill(0);
      this.rowDual.fill(0);
      return;
    }
    const numCols = this.colValue.length;
    const colValue = scratch.reserve(S.SLOT_COL_VALUE, 8 * numCols);
    const colDual = scratch.reserve(S.SLOT_COL_DUAL, 8 * numCols);
    const rowValue = scratch.reserve(S.SLOT_ROW_VALUE, 8 * numRows);
    const rowDual = scratch.reserve(S.SLOT_ROW_DUAL, 8 * numRows);
    if (native.c._Highs_getSolution(highs, colValue, colDual, rowValue, rowDual) === -1) {
      throw new SolverUsageError("HiGHS could not report the solution");
    }
    const heap = native.f64; // after the call: it may have grown the memory
    copyOut(heap, colValue, this.colValue, numCols);
    copyOut(heap, colDual, this.colDual, numCols);
    copyOut(heap, rowValue, this.rowValue, numRows);
    copyOut(heap, rowDual, this.rowDual, numRows);
  }

  #sizeRows(numRows: number): void {
    if (this.#rowValueStore.length < numRows) {
      const capacity = Math.max(numRows, 2 * this.#rowValueStore.length);
      this.#rowValueStore = new Float64Array(capacity);
      this.#rowDualStore = new Float64Array(capacity);
    }
    this.rowValue = this.#rowValueStore.subarray(0, numRows);
    this.rowDual = this.#rowDualStore.subarray(0, numRows);
  }
}

// A loop, not `set(heap.subarray(…))`: that would allocate a view per array per solve.
function copyOut(heap: Float64Array, address: number, target: Float64Array, count: number): void {
  const base = address >> 3;
  for (let k = 0; k < count; k++) target[k] = heap[base + k]!;
}
