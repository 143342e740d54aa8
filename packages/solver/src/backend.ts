/**
 * Loading the HiGHS WebAssembly runtime, once per thread.
 *
 * Instantiating the Wasm module compiles ~3.5 MB of code, so the loaded runtime is cached
 * in module state: every `loadSolver()` call in the same thread (worker) shares it, and
 * every model it creates lives in the same Wasm memory.
 */

import { SolverUsageError } from "./errors";
import { type LpModel, createLpModel } from "./lp-model";
import type { LpModelOptions } from "./lp-options";
import type { LpProblem } from "./lp-problem";
import { type NativeHighs, loadNativeHighs } from "./native";

/** Version of the loaded native solver. */
export interface SolverVersion {
  /** Upstream HiGHS version, e.g. `"1.15.1"`. */
  readonly highs: string;
  /** Source revision of the HiGHS build. */
  readonly gitHash: string;
}

/** A loaded solver runtime: the factory for {@link LpModel}s. */
export interface SolverBackend {
  readonly version: SolverVersion;
  /**
   * Creates a persistent model holding `problem`. The arrays are copied; the model owns
   * native memory that garbage collection does not free, so call `dispose()` (or use
   * `using`) when done.
   *
   * @example
   * ```ts
   * const backend = await loadSolver();
   * using model = backend.createModel(problem, { timeLimitSeconds: 10 });
   * const outcome = model.solve();
   * ```
   */
  createModel(problem: LpProblem, options?: LpModelOptions): LpModel;
}

let pending: Promise<SolverBackend> | undefined;
let loaded: SolverBackend | undefined;

/**
 * Loads the HiGHS runtime (once per thread) and returns the backend that creates models.
 * Concurrent and repeated calls share one instance; a failed load is not cached, so a
 * later call retries.
 *
 * @example
 * ```ts
 * const backend = await loadSolver();
 * console.log(backend.version.highs); // "1.15.1"
 * ```
 */
export function loadSolver(): Promise<SolverBackend> {
  if (pending === undefined) {
    pending = loadNativeHighs().then(
      (native) => {
        loaded = makeBackend(native);
        return loaded;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
  }
  return pending;
}

/**
 * The HiGHS version string of the loaded runtime (e.g. `"1.15.1"`; the `highs` npm
 * package shares its major.minor). Throws if {@link loadSolver} has not resolved yet,
 * because the version is compiled into the Wasm binary and read when it loads.
 */
export function solverVersion(): string {
  if (loaded === undefined) {
    throw new SolverUsageError("solverVersion(): call and await loadSolver() first");
  }
  return loaded.version.highs;
}

function makeBackend(native: NativeHighs): SolverBackend {
  const { version: v } = native.highs;
  const version: SolverVersion = Object.freeze({ highs: v.string, gitHash: v.gitHash });
  return Object.freeze({
    version,
    createModel: (problem: LpProblem, options?: LpModelOptions) => createLpModel(native, problem, options),
  });
}
