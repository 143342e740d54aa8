/**
 * Direct access to the HiGHS C API inside the highs-js WebAssembly module.
 *
 * Why: the stage LPs of an SDDP run are tiny (about 130 µs per HiGHS run), so the
 * per-call work of highs-js' wrappers — a malloc'd arena per bulk call, string
 * marshalling of info names, four fresh `Float64Array`s per solution, dimension queries
 * before every run — was a large share of a training run. The hot calls of `LpModel`
 * therefore call the exported C functions (`Module._Highs_run`, …) themselves, with
 * arguments placed in per-model scratch buffers that live in Wasm memory for the whole
 * life of the model ({@link Scratch}).
 *
 * Memory: highs-js exports no heap views, so the runtime is instantiated here, through
 * Emscripten's `instantiateWasm` hook, and the instance's one exported
 * `WasmMemory` is kept. Growing the memory detaches every view of it, so the views
 * are re-created whenever `memory.buffer` is a new object (checked before each use).
 *
 * The signatures below are those of `highs_c_api.h` 1.15 with a 32-bit `HighsInt`
 * (highs-js refuses any other build when it loads); pointers are 32-bit Wasm addresses.
 */

// The one file of this package that reads a file: the Wasm binary of our own dependency
// `highs`, which highs-js would otherwise read itself (test/package-graph.test.ts).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import loadHighs, { type Highs, type RawModelApi } from "highs";
import { SolverUsageError } from "./errors";

// The few WebAssembly JS-API types used here (the compiler's lib has no DOM/Wasm types).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}
interface WasmApi {
  readonly Memory: abstract new (...args: never[]) => WasmMemory;
  instantiate(bytes: Uint8Array, imports: object): Promise<{ readonly instance: WasmInstance }>;
}
const WebAssembly = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;

/** The C functions used on the hot path: `(arguments) → HighsInt status` unless noted. */
export interface HighsCApi {
  _Highs_run(highs: number): number;
  _Highs_clearSolver(highs: number): number;
  _Highs_zeroAllClocks(highs: number): number;
  /** Returns the model-status code. */
  _Highs_getModelStatus(highs: number): number;
  /** Returns the objective value. */
  _Highs_getObjectiveValue(highs: number): number;
  _Highs_getIntInfoValue(highs: number, name: number, value: number): number;
  _Highs_changeColBounds(highs: number, col: number, lower: number, upper: number): number;
  _Highs_changeRowBounds(highs: number, row: number, lower: number, upper: number): number;
  _Highs_changeColCost(highs: number, col: number, cost: number): number;
  _Highs_changeColsBoundsBySet(highs: number, count: number, set: number, lower: number, upper: number): number;
  _Highs_changeRowsBoundsBySet(highs: number, count: number, set: number, lower: number, upper: number): number;
  _Highs_changeColsCostBySet(highs: number, count: number, set: number, cost: number): number;
  _Highs_getSolution(highs: number, colValue: number, colDual: number, rowValue: number, rowDual: number): number;
  _Highs_getBasis(highs: number, colStatus: number, rowStatus: number): number;
  _Highs_setBasis(highs: number, colStatus: number, rowStatus: number): number;
  _Highs_addRows(
    highs: number,
    count: number,
    lower: number,
    upper: number,
    nonzeros: number,
    start: number,
    index: number,
    value: number,
  ): number;
  _Highs_deleteRowsByRange(highs: number, from: number, to: number): number;
  /** Returns the address of `bytes` fresh bytes, 0 when out of memory. */
  _malloc(bytes: number): number;
  _free(pointer: number): void;
}

// Name → number of parameters, checked against the Wasm functions when the runtime loads,
// so a highs-js build that renamed or changed one fails at once, not mid-solve.
const C_FUNCTIONS: Readonly<Record<keyof HighsCApi, number>> = {
  _Highs_run: 1,
  _Highs_clearSolver: 1,
  _Highs_zeroAllClocks: 1,
  _Highs_getModelStatus: 1,
  _Highs_getObjectiveValue: 1,
  _Highs_getIntInfoValue: 3,
  _Highs_changeColBounds: 4,
  _Highs_changeRowBounds: 4,
  _Highs_changeColCost: 3,
  _Highs_changeColsBoundsBySet: 5,
  _Highs_changeRowsBoundsBySet: 5,
  _Highs_changeColsCostBySet: 4,
  _Highs_getSolution: 5,
  _Highs_getBasis: 3,
  _Highs_setBasis: 3,
  _Highs_addRows: 8,
  _Highs_deleteRowsByRange: 3,
  _malloc: 1,
  _free: 1,
};

/** The loaded runtime: highs-js for setup and options, the C API and memory for the hot path. */
export class NativeHighs {
  readonly highs: Highs;
  readonly c: HighsCApi;
  readonly #memory: WasmMemory;
  #buffer: ArrayBuffer;
  #f64: Float64Array;
  #i32: Int32Array;
  /** Address of the NUL-terminated info name `simplex_iteration_count` (written once). */
  readonly simplexIterationCount: number;
  /** Address of the NUL-terminated info name `ipm_iteration_count` (written once). */
  readonly ipmIterationCount: number;

  constructor(highs: Highs, memory: WasmMemory) {
    this.highs = highs;
    this.c = cApi(highs);
    this.#memory = memory;
    this.#buffer = memory.buffer;
    this.#f64 = new Float64Array(this.#buffer);
    this.#i32 = new Int32Array(this.#buffer);
    this.simplexIterationCount = this.#string("simplex_iteration_count");
    this.ipmIterationCount = this.#string("ipm_iteration_count");
  }

  /** The whole Wasm memory as doubles (index = address / 8); do not keep across native calls. */
  get f64(): Float64Array {
    if (this.#memory.buffer !== this.#buffer) this.#refresh();
    return this.#f64;
  }

  /** The whole Wasm memory as 32-bit integers (index = address / 4); same caveat. */
  get i32(): Int32Array {
    if (this.#memory.buffer !== this.#buffer) this.#refresh();
    return this.#i32;
  }

  /** Current size of the Wasm memory in bytes (grows, never shrinks). */
  get memoryBytes(): number {
    return this.#memory.buffer.byteLength;
  }

  /** `malloc` that throws instead of returning 0; 8-byte aligned (Emscripten's dlmalloc). */
  malloc(bytes: number): number {
    const pointer = this.c._malloc(Math.max(8, bytes));
    if (pointer === 0) throw new SolverUsageError(`Out of WebAssembly memory allocating ${bytes} bytes`);
    return pointer;
  }

  #refresh(): void {
    this.#buffer = this.#memory.buffer;
    this.#f64 = new Float64Array(this.#buffer);
    this.#i32 = new Int32Array(this.#buffer);
  }

  // Allocated once per runtime and never freed: the runtime lives as long as the thread.
  #string(text: string): number {
    const bytes = new TextEncoder().encode(text);
    const pointer = this.malloc(bytes.length + 1);
    const heap = new Uint8Array(this.#memory.buffer);
    heap.set(bytes, pointer);
    heap[pointer + bytes.length] = 0;
    return pointer;
  }
}

/** Loads highs-js, keeping the Wasm memory of the instance it runs on. */
export async function loadNativeHighs(): Promise<NativeHighs> {
  let memory: WasmMemory | undefined;
  // A failed instantiation never calls `receive`, and highs-js' promise would then wait
  // forever: the error settles this one instead.
  let fail: (error: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const options = {
    // Emscripten calls this instead of instantiating the binary itself and waits for
    // `receive`, which takes the instance exactly as its own loader would.
    instantiateWasm(imports: object, receive: (instance: WasmInstance) => void): object {
      instantiate(imports)
        .then((instance) => {
          memory = exportedMemory(instance);
          receive(instance);
        })
        .catch(fail);
      return {};
    },
  };
  const highs = await Promise.race([loadHighs(options as Parameters<typeof loadHighs>[0]), failure]);
  if (memory === undefined) throw new SolverUsageError("highs-js loaded without exposing its Wasm memory");
  return new NativeHighs(highs, memory);
}

async function instantiate(imports: object): Promise<WasmInstance> {
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath()), imports);
  return instance;
}

/** Path of the Wasm binary that `highs` ships (its `highs/runtime` export). */
function wasmPath(): string {
  // createRequire resolves the package's `exports` map from this file, under Node and
  // Vitest alike, whether this runs from src/ or from the built dist/.
  return createRequire(import.meta.url).resolve("highs/runtime");
}

/** The instance's one exported memory, found by type (its export name is minified). */
export function exportedMemory(instance: WasmInstance): WasmMemory {
  const memories = Object.values(instance.exports).filter((e) => e instanceof WebAssembly.Memory);
  if (memories.length !== 1) {
    throw new SolverUsageError(`The HiGHS Wasm module exports ${memories.length} memories; expected exactly 1`);
  }
  return memories[0] as WasmMemory;
}

function cApi(highs: Highs): HighsCApi {
  const module = highs as unknown as Record<string, unknown>;
  for (const [name, arity] of Object.entries(C_FUNCTIONS)) {
    const fn = module[name];
    if (typeof fn !== "function" || fn.length !== arity) {
      throw new SolverUsageError(
        `highs-js no longer exports ${name} with ${arity} parameters; @cobre/solver needs highs 1.15.3`,
      );
    }
  }
  return module as unknown as HighsCApi;
}

/**
 * Address of the HiGHS instance behind a highs-js model, from `RawModel._require()`.
 *
 * Why not create the instance here: highs-js' creation path (`Highs_create`, `threads=1`,
 * `parallel=off`, `passModel` with its names, then our options) stays exactly as it was,
 * so every model sees the same HiGHS calls in the same order as before, and highs-js'
 * own registry of live models stays consistent for `dispose()`. `_require` is not
 * documented; highs is pinned to 1.15.3 in the lockfile, and a unit test fails loudly if
 * the method disappears (test/native.test.ts). It also throws if the model is disposed.
 */
export function highsPointer(raw: RawModelApi): number {
  const require = (raw as unknown as { readonly _require?: unknown })._require;
  if (typeof require !== "function") {
    throw new SolverUsageError("highs-js RawModel has no _require(); @cobre/solver needs highs 1.15.3");
  }
  const pointer: unknown = require.call(raw, false);
  if (typeof pointer !== "number" || !Number.isInteger(pointer) || pointer <= 0) {
    throw new SolverUsageError(`highs-js RawModel._require() returned ${String(pointer)}, not a native address`);
  }
  return pointer;
}
