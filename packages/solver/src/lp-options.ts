/**
 * Options of a persistent LP model and how they map onto HiGHS option names.
 */

import type { RawModelApi } from "highs";
import { SolverUsageError } from "./errors";
import { RETRY_LEVEL_COUNT, type ResolvedRetryBudget, type RetryBudget, resolveRetryBudget } from "./retry-levels";

/** Options fixed when a model is created. */
export interface LpModelOptions {
  /**
   * Run HiGHS presolve on cold solves. Default `false`: the models this package is
   * built for are small and re-solved thousands of times from a warm basis, where HiGHS
   * skips presolve anyway; on the first, cold solve presolve rarely pays for itself.
   */
  readonly presolve?: boolean;
  /**
   * Wall-clock limit of a solve's first attempt, in seconds (the retry levels have their
   * own, {@link retryBudget}). Default: none.
   */
  readonly timeLimitSeconds?: number;
  /** Simplex iteration limit of a solve's first attempt. Default: none. */
  readonly iterationLimit?: number;
  /** The Wasm build of HiGHS is single-threaded; only `1` is accepted. */
  readonly threads?: 1;
  /**
   * Start each solve from the basis of the previous one (default `true`). `false`
   * discards the basis before every solve: useful only to measure what warm starts save.
   */
  readonly warmStart?: boolean;
  /**
   * When a solve is not optimal, walk the retry ladder (`retry-levels.ts`: cold,
   * presolve, other simplex, relaxed tolerances, interior point, scaling variants)
   * before reporting a `SolverError` (default `true`).
   */
  readonly retry?: boolean;
  /** Wall-clock budgets of the retry ladder (defaults 15 s / 30 s per level, 120 s in all). */
  readonly retryBudget?: RetryBudget;
  /**
   * Most retry levels one solve may run, in ladder order (default
   * {@link RETRY_LEVEL_COUNT}: every level). `0` reports the first attempt's failure at
   * once; `k` runs at most levels 0..k−1. A larger value is the whole ladder. This is
   * `training.solver.retry_max_attempts` of `config.json`.
   */
  readonly retryMaxAttempts?: number;
  /** Simplex variant for normal solves (default `"dual"`); the retry ladder tries the other. */
  readonly simplex?: "dual" | "primal";
  /**
   * Pricing of the dual simplex (HiGHS `simplex_dual_edge_weight_strategy`). Default
   * `"devex"`: a warm start installs a basis without edge weights, and HiGHS' default
   * (dual steepest edge, chosen per solve) then prices from weights that do not fit the
   * basis. On the warm-started re-solves of a 4-reservoir study (about 250,000 LPs,
   * up to 1,000 rows appended per LP) Devex took 2× fewer pivots per solve, and the
   * pivots per solve stayed nearly flat as rows were appended (docs/performance.md).
   */
  readonly pricing?: "devex" | "steepest-edge" | "dantzig" | "choose";
  /** Let HiGHS print its log to the console (default `false`). */
  readonly log?: boolean;
}

/** HiGHS `simplex_dual_edge_weight_strategy` codes. */
const PRICING_CODES = { choose: -1, dantzig: 0, devex: 1, "steepest-edge": 2 } as const;

/** {@link LpModelOptions} with defaults filled in and values in HiGHS units. */
export interface ResolvedLpOptions {
  readonly presolve: "choose" | "off";
  readonly timeLimitSeconds: number | undefined;
  readonly iterationLimit: number | undefined;
  readonly warmStart: boolean;
  readonly retry: boolean;
  readonly retryBudget: ResolvedRetryBudget;
  /** Retry levels a solve may run: 0..{@link RETRY_LEVEL_COUNT}. */
  readonly retryMaxAttempts: number;
  /** HiGHS `simplex_strategy`: 1 = serial dual, 4 = primal. */
  readonly simplexStrategy: number;
  /** HiGHS `simplex_dual_edge_weight_strategy`. */
  readonly dualEdgeWeightStrategy: number;
  readonly log: boolean;
}

/** HiGHS `simplex_strategy` code of the serial dual simplex. */
export const SIMPLEX_DUAL = 1;
/** HiGHS `simplex_strategy` code of the primal simplex. */
export const SIMPLEX_PRIMAL = 4;

/** Fills defaults and rejects values HiGHS cannot honour. */
export function resolveOptions(options: LpModelOptions | undefined): ResolvedLpOptions {
  const o = options ?? {};
  if (o.threads !== undefined && o.threads !== 1) {
    throw new SolverUsageError(`threads must be 1 (the HiGHS Wasm build is single-threaded), got ${String(o.threads)}`);
  }
  const limit = o.timeLimitSeconds;
  if (limit !== undefined && !(limit > 0)) {
    throw new SolverUsageError(`timeLimitSeconds must be positive, got ${limit}`);
  }
  const iterations = o.iterationLimit;
  if (iterations !== undefined && !(Number.isInteger(iterations) && iterations >= 0)) {
    throw new SolverUsageError(`iterationLimit must be a non-negative integer, got ${iterations}`);
  }
  const attempts = o.retryMaxAttempts;
  if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 0)) {
    throw new SolverUsageError(`retryMaxAttempts must be a non-negative integer, got ${attempts}`);
  }
  return {
    presolve: o.presolve === true ? "choose" : "off",
    // HiGHS rejects an infinite time_limit through highs-js; "no limit" is simply not setting it.
    timeLimitSeconds: limit === undefined || limit === Number.POSITIVE_INFINITY ? undefined : limit,
    iterationLimit: iterations,
    warmStart: o.warmStart ?? true,
    retry: o.retry ?? true,
    retryBudget: resolveRetryBudget(o.retryBudget),
    retryMaxAttempts: Math.min(attempts ?? RETRY_LEVEL_COUNT, RETRY_LEVEL_COUNT),
    simplexStrategy: o.simplex === "primal" ? SIMPLEX_PRIMAL : SIMPLEX_DUAL,
    dualEdgeWeightStrategy: PRICING_CODES[o.pricing ?? "devex"],
    log: o.log ?? false,
  };
}

/** Writes the resolved options into a HiGHS instance. */
export function applyOptions(raw: RawModelApi, options: ResolvedLpOptions): void {
  setOption(raw, "output_flag", options.log);
  setOption(raw, "presolve", options.presolve);
  setOption(raw, "simplex_strategy", options.simplexStrategy);
  if (options.timeLimitSeconds !== undefined) setOption(raw, "time_limit", options.timeLimitSeconds);
  if (options.iterationLimit !== undefined) setOption(raw, "simplex_iteration_limit", options.iterationLimit);
  setOption(raw, "simplex_dual_edge_weight_strategy", options.dualEdgeWeightStrategy);
}

/** Sets one HiGHS option, turning a native rejection into an exception (it is a bug here). */
export function setOption(raw: RawModelApi, name: string, value: boolean | number | string): void {
  if (raw.setOptionValue(name, value).status === -1) {
    throw new SolverUsageError(`HiGHS rejected option ${name}=${String(value)}`);
  }
}
