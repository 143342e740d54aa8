/**
 * The options of every stage LP that `config.json` sets: `training.solver`'s limits of
 * the solver's retry ladder, for every solve of the run (training, lower bound,
 * simulation), as the book describes them — `retry_max_attempts` retry levels at most
 * before the failure is reported, and `retry_time_budget_seconds` for all of them
 * together, per solve.
 */
import type { Config } from "@cobre/core";
import type { LpModelOptions } from "@cobre/solver";

export function stageLpOptions(config: Config): LpModelOptions {
  const s = config.training.solver;
  // Absent fields keep the solver's whole ladder (12 levels, 120 s): the Rust tool's schema
  // documents 5 levels and 30 s as defaults, but its solver always runs the whole ladder,
  // and a run that Cobre finishes must not fail here for want of the later levels.
  return {
    ...(s.retryMaxAttempts === null ? {} : { retryMaxAttempts: s.retryMaxAttempts }),
    ...(s.retryTimeBudgetSeconds === null ? {} : { retryBudget: { totalSeconds: s.retryTimeBudgetSeconds } }),
  };
}
