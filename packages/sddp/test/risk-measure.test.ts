/**
 * Risk-measure weights against independent definitions: CVaR from the
 * Rockafellar–Uryasev formula CVaR_α(X) = min_η { η + E[(X − η)⁺] / α } (for equally
 * likely outcomes the minimum is attained at one of the outcomes), and the convex
 * combination ρ = (1 − λ)·E + λ·CVaR_α.
 */
import type { RiskMeasure } from "@cobre/core";
import { describe, expect, it } from "vitest";
import { riskWeights } from "../src/training/risk-measure";

function rockafellarUryasev(costs: readonly number[], alpha: number): number {
  const p = 1 / costs.length;
  let best = Number.POSITIVE_INFINITY;
  for (const eta of costs) {
    let tail = 0;
    for (const c of costs) tail += p * Math.max(0, c - eta);
    best = Math.min(best, eta + tail / alpha);
  }
  return best;
}

function weigh(measure: RiskMeasure, costs: readonly number[]) {
  const n = costs.length;
  const weights = new Float64Array(n + 3).fill(Number.NaN);
  const order = new Int32Array(n + 3);
  const value = riskWeights(measure, Float64Array.from(costs), n, weights, order);
  return { value, weights: Array.from(weights.subarray(0, n)), untouched: Array.from(weights.subarray(n)) };
}

/** A reproducible sample (no Math.random): a linear congruential sequence. */
function sample(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 1000 + (s % 100_000) / 7;
  });
}

describe("riskWeights", () => {
  it("is the plain expectation for `expectation`, λ = 0 and α = 1", () => {
    const costs = [10, 40, 20, 30];
    for (const m of [
      { type: "expectation" },
      { type: "cvar", alpha: 0.25, lambda: 0 },
      { type: "cvar", alpha: 1, lambda: 0.7 },
    ] as RiskMeasure[]) {
      const r = weigh(m, costs);
      expect(r.value).toBe(25);
      expect(r.weights).toEqual([0.25, 0.25, 0.25, 0.25]);
      expect(r.untouched.every(Number.isNaN)).toBe(true);
    }
  });

  it("puts all the weight on the worst outcome for λ = 1 and α = 1/n", () => {
    const r = weigh({ type: "cvar", alpha: 0.25, lambda: 1 }, [10, 40, 20, 30]);
    expect(r.value).toBe(40);
    expect(r.weights).toEqual([0, 1, 0, 0]);
  });

  it("splits the tail mass when α·n is not an integer (CVaR_0.3 of four outcomes)", () => {
    // The worst outcome gets p/α = 5/6, the second worst the remaining 1/6.
    const r = weigh({ type: "cvar", alpha: 0.3, lambda: 1 }, [10, 40, 20, 30]);
    expect(r.weights[1]).toBeCloseTo(5 / 6, 15);
    expect(r.weights[3]).toBeCloseTo(1 / 6, 15);
    expect(r.weights[0]).toBe(0);
    expect(r.weights[2]).toBe(0);
    expect(r.value).toBeCloseTo((40 * 5) / 6 + 30 / 6, 12);
  });

  it.each([
    [0.05, 0.5, 1],
    [0.1, 1, 2],
    [0.25, 0.3, 3],
    [0.5, 0.8, 4],
    [0.73, 0.15, 5],
  ])("matches (1−λ)·E + λ·CVaR_α by Rockafellar–Uryasev (α=%s, λ=%s, seed %s)", (alpha, lambda, seed) => {
    const costs = sample(37, seed);
    const r = weigh({ type: "cvar", alpha, lambda }, costs);
    const mean = costs.reduce((a, c) => a + c, 0) / costs.length;
    const expected = (1 - lambda) * mean + lambda * rockafellarUryasev(costs, alpha);
    expect(r.value).toBeCloseTo(expected, 8);
    // A change of measure: nonnegative weights summing to one, each within its cap.
    const p = 1 / costs.length;
    expect(r.weights.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 12);
    for (const w of r.weights) {
      expect(w).toBeGreaterThanOrEqual((1 - lambda) * p - 1e-15);
      expect(w).toBeLessThanOrEqual((1 - lambda) * p + (lambda * p) / alpha + 1e-15);
    }
    // The weights reproduce the value they return.
    expect(r.weights.reduce((a, w, j) => a + w * costs[j]!, 0)).toBeCloseTo(r.value, 8);
  });

  it("breaks ties by opening index, so equal costs give the same weights on every run", () => {
    const r = weigh({ type: "cvar", alpha: 0.5, lambda: 1 }, [7, 7, 7, 7]);
    expect(r.weights).toEqual([0.5, 0.5, 0, 0]);
    expect(r.value).toBe(7);
  });
});
