/**
 * Per-model argument buffers in Wasm memory, so the hot calls of `LpModel` pass
 * pointers to HiGHS without a malloc/free per call (what highs-js does).
 *
 * Each slot is one `malloc`'d block, allocated on first use and reallocated (at least
 * doubled) only when a call needs more room than it has, e.g. after rows were appended;
 * in a long run every call then reuses the same blocks. A slot's contents do not survive
 * a reallocation: callers write their arguments after reserving them.
 */

import { SolverUsageError } from "./errors";
import type { NativeHighs } from "./native";

/** Slot of the index set of a bulk bound or cost change. */
export const SLOT_SET = 0;
/** Slot of lower bounds (bound changes, appended rows) or costs. */
export const SLOT_LOWER = 1;
/** Slot of upper bounds (bound changes, appended rows). */
export const SLOT_UPPER = 2;
/** Slots of the solution HiGHS writes: column values, column duals, row values, row duals. */
export const SLOT_COL_VALUE = 3;
export const SLOT_COL_DUAL = 4;
export const SLOT_ROW_VALUE = 5;
export const SLOT_ROW_DUAL = 6;
/** Slots of a basis: column and row statuses. */
export const SLOT_COL_STATUS = 7;
export const SLOT_ROW_STATUS = 8;
/** Slots of appended rows in CSR form: row starts, column indices, coefficients. */
export const SLOT_START = 9;
export const SLOT_INDEX = 10;
export const SLOT_VALUE = 11;
/** Slot of one `HighsInt` that HiGHS writes (an info value). */
export const SLOT_OUT = 12;
const SLOT_COUNT = 13;

/** Numbers accepted as arguments: typed arrays or plain arrays. */
type Numbers = ArrayLike<number>;

export class Scratch {
  readonly #native: NativeHighs;
  readonly #address = new Array<number>(SLOT_COUNT).fill(0);
  readonly #capacity = new Array<number>(SLOT_COUNT).fill(0);

  constructor(native: NativeHighs) {
    this.#native = native;
  }

  /** Address of `slot` with room for at least `bytes` bytes (8-byte aligned). */
  reserve(slot: number, bytes: number): number {
    const capacity = this.#capacity[slot]!;
    if (bytes <= capacity && capacity > 0) return this.#address[slot]!;
    const old = this.#address[slot]!;
    if (old !== 0) this.#native.c._free(old);
    this.#address[slot] = 0;
    this.#capacity[slot] = 0;
    const size = Math.max(bytes, 2 * capacity, 64);
    this.#address[slot] = this.#native.malloc(size);
    this.#capacity[slot] = size;
    return this.#address[slot]!;
  }

  /**
   * Copies `values[0..count)` into `slot` as `HighsInt`s and returns its address. With
   * `bound` ≥ 0 each value must be an integer in `[0, bound)` (an index), else it throws
   * a {@link SolverUsageError} naming `what`.
   */
  ints(slot: number, values: Numbers, count: number, bound: number, what: string): number {
    const address = this.reserve(slot, 4 * count);
    const heap = this.#native.i32;
    const base = address >> 2;
    for (let k = 0; k < count; k++) {
      const v = values[k]!;
      if (bound >= 0 && !(Number.isInteger(v) && v >= 0 && v < bound)) {
        throw new SolverUsageError(`${what}: index ${v} at position ${k} is outside 0..${bound - 1}`);
      }
      heap[base + k] = v;
    }
    return address;
  }

  /** Copies `values[0..count)` into `slot` as doubles and returns its address; NaN throws. */
  doubles(slot: number, values: Numbers, count: number, what: string): number {
    const address = this.reserve(slot, 8 * count);
    const heap = this.#native.f64;
    const base = address >> 3;
    for (let k = 0; k < count; k++) {
      const v = values[k]!;
      if (Number.isNaN(v)) throw new SolverUsageError(`${what}: NaN at position ${k}`);
      heap[base + k] = v;
    }
    return address;
  }

  /** Frees every block. Idempotent. */
  free(): void {
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      const address = this.#address[slot]!;
      if (address !== 0) this.#native.c._free(address);
      this.#address[slot] = 0;
      this.#capacity[slot] = 0;
    }
  }
}

/** Checks one index and two values of a scalar setter (highs-js did before HiGHS saw them). */
export function checkScalar(operation: string, index: number, bound: number, a: number, b: number): void {
  if (!(Number.isInteger(index) && index >= 0 && index < bound)) {
    throw new SolverUsageError(`${operation}: index ${index} is outside 0..${bound - 1}`);
  }
  if (Number.isNaN(a) || Number.isNaN(b)) throw new SolverUsageError(`${operation}: NaN value`);
}

// CSR row starts: from 0, non-decreasing (what highs-js checked before HiGHS saw them).
export function checkStarts(start: Int32Array, count: number): void {
  if (start[0] !== 0) throw new SolverUsageError("addRows: start[0] must be 0");
  for (let k = 1; k <= count; k++) {
    if (start[k]! < start[k - 1]!) throw new SolverUsageError(`addRows: start decreases at ${k}`);
  }
}
