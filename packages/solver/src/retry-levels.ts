/**
 * The retry escalation ladder: what each level changes in HiGHS, and how long it may run.
 *
 * A solve that does not end optimal on its first attempt walks these levels in order,
 * cheapest remedy first, until one ends optimal, a status is confirmed (infeasible or
 * unbounded twice in a row from a cold, presolved start), or the budget runs out.
 * Every level starts from a discarded basis.
 *
 * Phase 1 (levels 0–4) is cumulative — each level keeps what the previous ones set:
 *
 * | level | name                 | adds                                                  |
 * | ----- | -------------------- | ----------------------------------------------------- |
 * | 0     | `cold`               | basis discarded (simplex from a slack basis)          |
 * | 1     | `presolve`           | `presolve = on`                                       |
 * | 2     | `other-simplex`      | the other simplex variant (dual ↔ primal)             |
 * | 3     | `relaxed-tolerances` | primal and dual feasibility tolerances 1e-7 → 1e-6    |
 * | 4     | `ipm`                | `solver = ipm` (interior point, then crossover)       |
 *
 * Phase 2 (levels 5–11) starts each level from the model's normal options plus presolve,
 * and targets LPs whose coefficients span too many orders of magnitude:
 *
 * | level | name                          | sets                                                         |
 * | ----- | ----------------------------- | ------------------------------------------------------------ |
 * | 5     | `scale-forced`                | `simplex_scale_strategy = 3` (forced equilibration)          |
 * | 6     | `other-simplex-scale-max`     | other simplex variant, `simplex_scale_strategy = 4`          |
 * | 7     | `scale-forced-relaxed`        | scale strategy 3, tolerances 1e-6                            |
 * | 8     | `objective-scale`             | `user_objective_scale = −10` (costs × 2⁻¹⁰)                  |
 * | 9     | `other-simplex-cost-bound-scale` | other simplex, objective scale −10, `user_bound_scale = −5` |
 * | 10    | `strong-scale-relaxed`        | objective scale −13, bound scale −8, tolerances 1e-6         |
 * | 11    | `ipm-scaled-relaxed`          | interior point, objective −10, bound −5, tolerances 1e-6     |
 *
 * Budgets: 15 s of wall clock per level in phase 1, 30 s in phase 2, 120 s for the
 * whole ladder (enforced through HiGHS `time_limit`, whose clock is reset before each
 * level). The overall budget and the number of levels a solve may run
 * (`retryMaxAttempts`, default all 12) are options of the model: `config.json`'s
 * `training.solver.retry_time_budget_seconds` and `retry_max_attempts`. Every level also caps simplex iterations at max(100 000, 50 × columns) and
 * interior-point iterations at 10 000, so a cycling strategy gives way to the next.
 * The levels, their options and budgets follow the Rust solver of Cobre (cobre-solver,
 * "Solver Safeguards" in the Cobre book), so a case that needs level k there needs a
 * comparable remedy here.
 */

import { SolverUsageError } from "./errors";

/** Number of retry levels; `retry_level` in `retry_histogram.parquet` is 0..RETRY_LEVEL_COUNT−1. */
export const RETRY_LEVEL_COUNT = 12;

/** Names of the retry levels, indexed by level. */
export const RETRY_LEVEL_NAMES = [
  "cold",
  "presolve",
  "other-simplex",
  "relaxed-tolerances",
  "ipm",
  "scale-forced",
  "other-simplex-scale-max",
  "scale-forced-relaxed",
  "objective-scale",
  "other-simplex-cost-bound-scale",
  "strong-scale-relaxed",
  "ipm-scaled-relaxed",
] as const;

/** The name of one retry level. */
export type RetryLevelName = (typeof RETRY_LEVEL_NAMES)[number];

/** Wall-clock limits of the ladder, in seconds. */
export interface RetryBudget {
  /** Per level of phase 1 (levels 0–4). Default 15. */
  readonly phase1Seconds?: number;
  /** Per level of phase 2 (levels 5–11). Default 30. */
  readonly phase2Seconds?: number;
  /**
   * For the whole ladder; no level starts once it is spent, and no level runs past it.
   * Default 120; `0` lets no level start. This is
   * `training.solver.retry_time_budget_seconds` of `config.json`.
   */
  readonly totalSeconds?: number;
}

/** {@link RetryBudget} with defaults filled in. */
export interface ResolvedRetryBudget {
  readonly phase1Seconds: number;
  readonly phase2Seconds: number;
  readonly totalSeconds: number;
}

export const DEFAULT_RETRY_BUDGET: ResolvedRetryBudget = Object.freeze({
  phase1Seconds: 15,
  phase2Seconds: 30,
  totalSeconds: 120,
});

/** A HiGHS option value as the ladder sets it. */
type OptionSetting = boolean | number | string;

/** What one level sets, on top of a cleared basis and the iteration caps. */
export interface RetryLevel {
  readonly name: RetryLevelName;
  /** Phase 2 levels start from the model's normal options; phase 1 levels keep the previous level's. */
  readonly fresh: boolean;
  /** Use the other simplex variant than the model's normal one. */
  readonly otherSimplex: boolean;
  /** Options set at this level (names are HiGHS option names). */
  readonly options: readonly (readonly [string, OptionSetting])[];
}

const RELAXED: readonly (readonly [string, OptionSetting])[] = [
  ["primal_feasibility_tolerance", 1e-6],
  ["dual_feasibility_tolerance", 1e-6],
];

/** The ladder, indexed by level. */
export const RETRY_LEVELS: readonly RetryLevel[] = [
  { name: "cold", fresh: false, otherSimplex: false, options: [] },
  { name: "presolve", fresh: false, otherSimplex: false, options: [["presolve", "on"]] },
  { name: "other-simplex", fresh: false, otherSimplex: true, options: [] },
  { name: "relaxed-tolerances", fresh: false, otherSimplex: false, options: RELAXED },
  { name: "ipm", fresh: false, otherSimplex: false, options: [["solver", "ipm"]] },
  { name: "scale-forced", fresh: true, otherSimplex: false, options: [["simplex_scale_strategy", 3]] },
  { name: "other-simplex-scale-max", fresh: true, otherSimplex: true, options: [["simplex_scale_strategy", 4]] },
  {
    name: "scale-forced-relaxed",
    fresh: true,
    otherSimplex: false,
    options: [["simplex_scale_strategy", 3], ...RELAXED],
  },
  { name: "objective-scale", fresh: true, otherSimplex: false, options: [["user_objective_scale", -10]] },
  {
    name: "other-simplex-cost-bound-scale",
    fresh: true,
    otherSimplex: true,
    options: [
      ["user_objective_scale", -10],
      ["user_bound_scale", -5],
    ],
  },
  {
    name: "strong-scale-relaxed",
    fresh: true,
    otherSimplex: false,
    options: [["user_objective_scale", -13], ["user_bound_scale", -8], ...RELAXED],
  },
  {
    name: "ipm-scaled-relaxed",
    fresh: true,
    otherSimplex: false,
    options: [["solver", "ipm"], ["user_objective_scale", -10], ["user_bound_scale", -5], ...RELAXED],
  },
];

/**
 * Every HiGHS option a level (or the per-level limits) may change: the ladder reads
 * their values when the model is created and writes them back after every ladder run,
 * so later solves see exactly the model's normal options.
 */
export const LADDER_OPTION_NAMES: readonly string[] = [
  "solver",
  "presolve",
  "simplex_strategy",
  "simplex_scale_strategy",
  "primal_feasibility_tolerance",
  "dual_feasibility_tolerance",
  "user_objective_scale",
  "user_bound_scale",
  "simplex_iteration_limit",
  "ipm_iteration_limit",
  "time_limit",
];

/** Simplex iteration cap of a retry level: enough for any sane LP, short of endless cycling. */
export function simplexIterationCap(numCols: number): number {
  return Math.max(100_000, 50 * numCols);
}

/** Interior-point iteration cap of a retry level. */
export const IPM_ITERATION_CAP = 10_000;

/** Fills defaults and checks the limits: per-level ones positive, the overall one not negative. */
export function resolveRetryBudget(budget: RetryBudget | undefined): ResolvedRetryBudget {
  const b = { ...DEFAULT_RETRY_BUDGET, ...budget };
  for (const [k, v] of Object.entries(b)) {
    // An overall budget of 0 is meaningful (no retry level starts); a level budget of 0 is not.
    const valid = k === "totalSeconds" ? v >= 0 : v > 0;
    if (!valid) {
      throw new SolverUsageError(
        `retryBudget.${k} must be ${k === "totalSeconds" ? ">= 0" : "positive"}, got ${String(v)}`,
      );
    }
  }
  return b;
}
