/**
 * Inflow non-negativity (`modeling.inflow_non_negativity.method` in config.json).
 *
 * Methods of the Cobre book (case-format, guide "Inflow Non-Negativity"):
 * - "none": nothing; a negative inflow goes to the LP as is (it may become infeasible).
 * - "penalty" (default, penalty_cost 1000): the LP must add one slack column s_h ≥ 0 per
 *   hydro in its water-balance row (as extra inflow, converted like inflow with the stage's
 *   ζ = 0.0036·Σ block hours) with objective cost penalty_cost per unit; this package
 *   passes the raw noise through.
 * - "truncation": the inflow is evaluated before the LP and, where it would be negative,
 *   the noise is raised to the value that makes it exactly zero (η ← max(η, η_floor)),
 *   keeping the inflow affine in the lags for that realisation. No slack.
 * - "truncation_with_penalty": the noise is clamped as for truncation AND the LP adds the
 *   penalty slacks.
 * The engine applies the truncation on the inflow rows of its stage LPs (`patchInflowRows`
 * in @cobre/sddp); this module parses the setting.
 */

import { ok } from "@cobre/core";
import { type StochasticResult, fail } from "./errors.js";

/** The four methods of the book. */
export type InflowNonNegativityMethod = "none" | "penalty" | "truncation" | "truncation_with_penalty";

/** Parsed `modeling.inflow_non_negativity`. */
export interface InflowNonNegativity {
  readonly method: InflowNonNegativityMethod;
  /** Cost of the slack, used by "penalty" and "truncation_with_penalty" (default 1000). */
  readonly penaltyCost: number;
  /** Whether the noise must be clamped before the LP. */
  readonly clampsNoise: boolean;
  /** Whether the LP needs slack columns in the water balance. */
  readonly needsSlack: boolean;
}

/** Parses the config section (absent → the book's default, penalty with cost 1000). */
export function parseInflowNonNegativity(section?: {
  readonly method?: string;
  readonly penalty_cost?: number;
}): StochasticResult<InflowNonNegativity> {
  const method = section?.method ?? "penalty";
  const penaltyCost = section?.penalty_cost ?? 1000;
  if (!Number.isFinite(penaltyCost) || penaltyCost < 0)
    return fail("InvalidInput", "penalty_cost must be finite and >= 0");
  if (method !== "none" && method !== "penalty" && method !== "truncation" && method !== "truncation_with_penalty") {
    return fail("InvalidInput", `unknown inflow_non_negativity.method "${method}"`, { method });
  }
  return ok({
    method,
    penaltyCost,
    clampsNoise: method === "truncation" || method === "truncation_with_penalty",
    needsSlack: method === "penalty" || method === "truncation_with_penalty",
  });
}

/** Clamps negative values of `values` to zero in place (plain truncation of inflows). */
export function truncateNegative(values: Float64Array): void {
  for (let i = 0; i < values.length; i++) if ((values[i] as number) < 0) values[i] = 0;
}
