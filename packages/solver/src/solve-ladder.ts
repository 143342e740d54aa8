/**
 * Running the retry ladder: how one `solve()` turns into one or more HiGHS runs.
 *
 * The first attempt uses the model's normal options (warm-started). When it does not
 * end optimal, the levels of `retry-levels.ts` run in order, each from a discarded
 * basis with its own options, iteration caps and wall-clock budget, until one ends
 * optimal. The ladder stops early when the model itself is at fault (infeasible or
 * unbounded twice in a row, the later cold and presolved; or bad model data), when
 * its overall budget is spent, and after `retryMaxAttempts` levels. Whatever happens, the model's normal options are written
 * back before returning, so later solves are not affected.
 */

import type { RawModelApi } from "highs";
import { type LadderEnding, type SolveAttempt, type SolveStrategy, SolverUsageError } from "./errors";
import { type ResolvedLpOptions, SIMPLEX_DUAL, SIMPLEX_PRIMAL, setOption } from "./lp-options";
import { STATUS_MODEL_EMPTY, STATUS_OPTIMAL, statusName } from "./model-status";
import type { NativeHighs } from "./native";
import type { SolveStats } from "./solve-stats";
import { IPM_ITERATION_CAP, LADDER_OPTION_NAMES, RETRY_LEVELS, simplexIterationCap } from "./retry-levels";

/** HiGHS model-status code reported when the run call itself failed. */
const STATUS_SOLVE_ERROR = 4;
// Statuses that say the model itself has no optimum: infeasible, unbounded, or either.
const STATUS_INFEASIBLE = 8;
const STATUS_UNBOUNDED_OR_INFEASIBLE = 9;
const STATUS_UNBOUNDED = 10;
// Statuses no change of algorithm can turn into an optimum.
const STATUS_LOAD_ERROR = 1;
const STATUS_MODEL_ERROR = 2;
const STATUS_INTERRUPTED = 17;

/** What a ladder run leaves behind; one instance per model, overwritten by every solve. */
export interface LadderState {
  /** HiGHS model-status code of the last attempt. */
  code: number;
  /** Simplex (and interior-point) iterations summed over the attempts. */
  iterations: number;
  /** Runs of HiGHS: 1 when the first attempt succeeded. */
  attempts: number;
  /** Retry level of the last attempt; −1 when only the first attempt ran. */
  level: number;
  /** Wall-clock seconds of every attempt together. */
  seconds: number;
  /** Why the ladder stopped without an optimum (meaningless after a success). */
  ending: LadderEnding;
  /** Filled only when the first attempt fails, so successful solves allocate nothing here. */
  history: SolveAttempt[] | undefined;
}

/**
 * The HiGHS instance a ladder runs on: highs-js' model for the (rare) option changes of
 * the retry levels, the C API for the calls every solve makes.
 */
export interface LadderTarget {
  readonly raw: RawModelApi;
  readonly native: NativeHighs;
  /** Address of the HiGHS instance. */
  readonly highs: number;
  /** Address of one `HighsInt` that info queries write. */
  readonly out: number;
}

/** The values of every option the ladder touches, as the model normally has them. */
export type BaseOptions = readonly (readonly [string, boolean | number | string])[];

/** True for the model statuses that carry a usable optimal solution. */
export function isSolved(code: number): boolean {
  return code === STATUS_OPTIMAL || code === STATUS_MODEL_EMPTY;
}

/** Reads the model's normal value of every option the ladder changes (once, at creation). */
export function captureBaseOptions(raw: RawModelApi): BaseOptions {
  return LADDER_OPTION_NAMES.map((name) => {
    const read = raw.getOptionValue(name);
    if (read.status === -1) throw new SolverUsageError(`HiGHS has no option ${name}`);
    const value = read.value;
    // highs-js refuses to set an infinite double (no time limit) back; the largest
    // finite double means the same to HiGHS.
    return [name, typeof value === "number" && !Number.isFinite(value) ? Number.MAX_VALUE : value] as const;
  });
}

/** Writes the normal options back. */
function restoreBaseOptions(raw: RawModelApi, base: BaseOptions): void {
  for (const [name, value] of base) setOption(raw, name, value);
}

/**
 * Runs the first attempt and, if needed, the ladder on `target`, writing the outcome into
 * `state`. `numCols` sizes the simplex iteration cap of the retry levels.
 */
export function runLadder(
  target: LadderTarget,
  options: ResolvedLpOptions,
  base: BaseOptions,
  numCols: number,
  state: LadderState,
): void {
  state.iterations = 0;
  state.attempts = 0;
  state.level = -1;
  state.seconds = 0;
  state.history = undefined;

  const c = target.native.c;
  if (!options.warmStart) c._Highs_clearSolver(target.highs);
  // HiGHS' time_limit counts from the last clock reset, not per run: without a reset,
  // a long-lived model would eventually fail every solve on time.
  if (options.timeLimitSeconds !== undefined) c._Highs_zeroAllClocks(target.highs);
  attempt(target, state, -1, "configured", false);
  if (isSolved(state.code)) return;
  if (!options.retry) {
    state.ending = "retry-off";
    return;
  }
  if (isHopeless(state.code)) {
    state.ending = "not-retryable";
    return;
  }
  try {
    state.ending = walkLevels(target, options, base, numCols, state);
  } finally {
    restoreBaseOptions(target.raw, base);
  }
}

function walkLevels(
  target: LadderTarget,
  options: ResolvedLpOptions,
  base: BaseOptions,
  numCols: number,
  state: LadderState,
): LadderEnding {
  const raw = target.raw;
  const c = target.native.c;
  const budget = options.retryBudget;
  const other = options.simplexStrategy === SIMPLEX_PRIMAL ? SIMPLEX_DUAL : SIMPLEX_PRIMAL;
  const started = performance.now();
  let ipm = false;
  const levels = Math.min(options.retryMaxAttempts, RETRY_LEVELS.length);
  for (let level = 0; level < levels; level++) {
    const spec = RETRY_LEVELS[level]!;
    const remaining = budget.totalSeconds - (performance.now() - started) / 1000;
    if (remaining <= 0) return "budget";
    if (level === 0 || spec.fresh) {
      if (spec.fresh) {
        restoreBaseOptions(raw, base);
        setOption(raw, "presolve", "on");
        ipm = false;
      }
      setOption(raw, "simplex_iteration_limit", simplexIterationCap(numCols));
      setOption(raw, "ipm_iteration_limit", IPM_ITERATION_CAP);
    }
    if (spec.otherSimplex) setOption(raw, "simplex_strategy", other);
    for (const [name, value] of spec.options) {
      setOption(raw, name, value);
      if (name === "solver") ipm = value === "ipm";
    }
    const levelBudget = level < 5 ? budget.phase1Seconds : budget.phase2Seconds;
    setOption(raw, "time_limit", Math.min(levelBudget, remaining));
    c._Highs_zeroAllClocks(target.highs);
    c._Highs_clearSolver(target.highs);
    const previous = state.code;
    attempt(target, state, level, spec.name, ipm);
    if (isSolved(state.code)) {
      state.level = level;
      return "exhausted"; // not read after a success
    }
    if (isHopeless(state.code)) return "not-retryable";
    // Infeasible or unbounded from a cold, presolved start, right after the same verdict:
    // the data is at fault, and the remaining levels would only repeat it.
    if (level >= 1 && isDefinite(state.code) && isDefinite(previous)) return "confirmed";
  }
  return levels < RETRY_LEVELS.length ? "max-attempts" : "exhausted";
}

function isDefinite(code: number): boolean {
  return code === STATUS_INFEASIBLE || code === STATUS_UNBOUNDED || code === STATUS_UNBOUNDED_OR_INFEASIBLE;
}

function isHopeless(code: number): boolean {
  return code === STATUS_MODEL_ERROR || code === STATUS_LOAD_ERROR || code === STATUS_INTERRUPTED;
}

function attempt(target: LadderTarget, state: LadderState, level: number, strategy: SolveStrategy, ipm: boolean): void {
  const { native, highs } = target;
  const t0 = performance.now();
  const callStatus = native.c._Highs_run(highs);
  const seconds = (performance.now() - t0) / 1000;
  let code: number = native.c._Highs_getModelStatus(highs);
  // A native error in run() can leave a stale status behind; never report it as solved.
  if (callStatus === -1 && isSolved(code)) code = STATUS_SOLVE_ERROR;
  state.code = code;
  state.attempts += 1;
  state.seconds += seconds;
  state.iterations += info(target, native.simplexIterationCount);
  if (ipm) state.iterations += info(target, native.ipmIterationCount);
  if (!isSolved(code) || state.history !== undefined) {
    state.history ??= [];
    state.history.push({ level: level < 0 ? null : level, strategy, status: statusName(code), seconds });
  }
}

// An integer info value by the address of its name (written into Wasm memory once), so
// no string is marshalled per solve; 0 when HiGHS has none, as highs-js reported it.
function info(target: LadderTarget, name: number): number {
  const status = target.native.c._Highs_getIntInfoValue(target.highs, name, target.out);
  return status === -1 ? 0 : target.native.i32[target.out >> 2]!;
}

/** Adds one solve (its ladder outcome) to `stats`. */
export function recordSolve(stats: SolveStats, ladder: LadderState, solved: boolean): void {
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
