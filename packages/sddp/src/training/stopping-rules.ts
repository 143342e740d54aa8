/**
 * Stopping rules of `training.stopping_rules`, combined with `stopping_mode`
 * (`any`: stop when one triggers; `all`: when every one does).
 */
import type { StoppingRule } from "@cobre/core";

export type TerminationReason = "iteration_limit" | "time_limit" | "bound_stalling" | "simulation" | "shutdown";

export interface StoppingState {
  readonly iteration: number;
  readonly elapsedSeconds: number;
  /** Lower bound after each iteration so far (index 0 = iteration 1). */
  readonly lowerBounds: readonly number[];
  /** Policy-simulation cost means at each check of the `simulation` rule. */
  readonly simulationMeans: readonly number[];
}

/** Returns the first rule that triggers under `mode`, or null to keep training. */
export function checkStopping(
  rules: readonly StoppingRule[],
  mode: "any" | "all",
  state: StoppingState,
): TerminationReason | null {
  const triggered: TerminationReason[] = [];
  for (const rule of rules) {
    if (ruleTriggers(rule, state)) triggered.push(rule.type);
  }
  if (rules.length === 0) return null;
  // The iteration limit is a hard cap even in `all` mode: it is what guarantees termination.
  const hardCap = rules.some((r) => r.type === "iteration_limit" && ruleTriggers(r, state));
  if (mode === "any") return triggered[0] ?? null;
  if (triggered.length === rules.length) return triggered[0] ?? null;
  return hardCap ? "iteration_limit" : null;
}

function ruleTriggers(rule: StoppingRule, s: StoppingState): boolean {
  switch (rule.type) {
    case "iteration_limit":
      return s.iteration >= rule.limit;
    case "time_limit":
      return s.elapsedSeconds >= rule.seconds;
    case "bound_stalling": {
      const n = s.lowerBounds.length;
      if (n <= rule.iterations) return false;
      const now = s.lowerBounds[n - 1]!;
      const before = s.lowerBounds[n - 1 - rule.iterations]!;
      return Math.abs(now - before) / Math.max(1, Math.abs(now)) < rule.tolerance;
    }
    case "simulation": {
      // Stable policy cost over the last checks and a stable bound over the window.
      const sims = s.simulationMeans;
      const lbs = s.lowerBounds;
      if (sims.length < 2 || lbs.length <= rule.boundWindow) return false;
      const a = sims[sims.length - 1]!;
      const b = sims[sims.length - 2]!;
      const distance = Math.abs(a - b) / Math.max(1, Math.abs(a));
      const lbNow = lbs[lbs.length - 1]!;
      const lbBefore = lbs[lbs.length - 1 - rule.boundWindow]!;
      const boundMove = Math.abs(lbNow - lbBefore) / Math.max(1, Math.abs(lbNow));
      return distance < rule.distanceTol && boundMove < rule.boundTol;
    }
  }
}
