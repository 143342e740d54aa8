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
 * {@link effectiveInflowNoise} does the noise part; the slack columns are the LP's job.
 */

import { ok } from "@cobre/core";
import { type StochasticResult, fail } from "./errors.js";
import { type ParModel, evaluateInflows } from "./par-model.js";

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

/**
 * Writes into `effective` the noise the LP should use for the hydros of one stage, and
 * into `inflows` the resulting inflows. With a clamping method, every hydro whose inflow
 * would be negative gets η_floor = −(base + Σψ·lag)/noiseScale, so its inflow is 0; a hydro
 * with noiseScale = 0 and a negative deterministic part cannot be fixed by noise and keeps
 * its negative inflow (the count of such hydros is returned so the caller can report it).
 *
 * @param noise η for the hydros at noise[noiseOffset + h]
 * @returns number of hydros whose inflow is still negative
 */
export function effectiveInflowNoise(
  model: ParModel,
  stage: number,
  lags: Float64Array,
  noise: Float64Array,
  method: InflowNonNegativity,
  effective: Float64Array,
  inflows: Float64Array,
  noiseOffset = 0,
): number {
  const nH = model.nHydros;
  for (let h = 0; h < nH; h++) effective[h] = noise[noiseOffset + h] as number;
  evaluateInflows(model, stage, lags, effective, inflows, 0);
  if (!method.clampsNoise) {
    let negatives = 0;
    for (let h = 0; h < nH; h++) if ((inflows[h] as number) < 0) negatives++;
    return negatives;
  }
  let negatives = 0;
  for (let h = 0; h < nH; h++) {
    const a = inflows[h] as number;
    if (a >= 0) continue;
    const scale = model.noiseScale[stage * nH + h] as number;
    if (scale > 0) {
      // a = d + scale·η  ⇒  η_floor = η − a/scale gives inflow 0.
      effective[h] = (effective[h] as number) - a / scale;
      inflows[h] = 0;
    } else {
      negatives++;
    }
  }
  return negatives;
}

/** Clamps negative values of `values` to zero in place (plain truncation of inflows). */
export function truncateNegative(values: Float64Array): void {
  for (let i = 0; i < values.length; i++) if ((values[i] as number) < 0) values[i] = 0;
}
