/**
 * Risk measures over the openings of a stage: ρ = (1−λ)·E + λ·CVaR_α, α the tail
 * fraction. CVaR weights are the standard ones: probabilities capped at p/α, assigned
 * greedily to the costliest outcomes (α = 1 or λ = 0 is the plain expectation).
 */
import type { RiskMeasure } from "@cobre/core";

/**
 * Writes into `weights` the change-of-measure weights of `costs` (equal probabilities),
 * using `order` as scratch space. Returns the risk-adjusted value Σ w·cost.
 */
export function riskWeights(
  measure: RiskMeasure,
  costs: Float64Array,
  n: number,
  weights: Float64Array,
  order: Int32Array,
): number {
  const p = 1 / n;
  if (measure.type === "expectation" || measure.lambda === 0 || measure.alpha >= 1) {
    let value = 0;
    for (let j = 0; j < n; j++) {
      weights[j] = p;
      value += p * costs[j]!;
    }
    return value;
  }
  const { alpha, lambda } = measure;
  for (let j = 0; j < n; j++) order[j] = j;
  const idx = order.subarray(0, n);
  // Costliest first; ties broken by index so the result is deterministic.
  idx.sort((a, b) => costs[b]! - costs[a]! || a - b);
  let remaining = 1;
  const cap = p / alpha;
  let value = 0;
  for (let r = 0; r < n; r++) {
    const j = idx[r]!;
    const tail = Math.min(cap, Math.max(0, remaining));
    remaining -= tail;
    const w = (1 - lambda) * p + lambda * tail;
    weights[j] = w;
    value += w * costs[j]!;
  }
  return value;
}

/**
 * The lower bound from stage 0's objective under each of its openings (`values`, in
 * opening order): their risk-adjusted value under stage 0's risk measure.
 */
export function lowerBoundValue(measure: RiskMeasure, values: Float64Array): number {
  const n = values.length;
  return riskWeights(measure, values, n, new Float64Array(n), new Int32Array(n));
}
