import {
  buildLoadModel,
  buildNcsModel,
  buildParModel,
  evaluateInflows,
  parseInflowNonNegativity,
  truncateNegative,
} from "@cobre/stochastic";
import { describe, expect, it } from "vitest";

describe("load and NCS models", () => {
  it("hold mean and std per (stage, bus) in the model's bus order; every pair must be given", () => {
    const r = buildLoadModel(
      [5, 2],
      [0, 1],
      [
        { busId: 2, stageId: 0, meanMw: 100, stdMw: 10 },
        { busId: 5, stageId: 0, meanMw: 200, stdMw: 0 },
        { busId: 2, stageId: 1, meanMw: 110, stdMw: 50 },
        { busId: 5, stageId: 1, meanMw: 210, stdMw: 20 },
      ],
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(Array.from(r.value.mean)).toEqual([200, 100, 210, 110]);
    expect(Array.from(r.value.std)).toEqual([0, 10, 20, 50]);
    const missing = buildLoadModel([5], [0, 1], [{ busId: 5, stageId: 0, meanMw: 1, stdMw: 0 }]);
    expect(missing.ok ? "ok" : missing.error.kind).toBe("MissingData");
  });

  it("accept NCS mean availability in [0, 1] only", () => {
    const r = buildNcsModel([1], [0], [{ ncsId: 1, stageId: 0, mean: 0.6, std: 0.2 }]);
    if (!r.ok) throw new Error(r.error.message);
    expect([r.value.mean[0], r.value.std[0]]).toEqual([0.6, 0.2]);
    const bad = buildNcsModel([1], [0], [{ ncsId: 1, stageId: 0, mean: 1.2, std: 0 }]);
    expect(bad.ok).toBe(false);
  });
});

describe("inflow non-negativity", () => {
  const model = buildParModel({
    hydroIds: [0, 1],
    stages: [{ id: 0 }],
    seasonalStats: [
      { hydroId: 0, stageId: -1, meanM3s: 50, stdM3s: 10 },
      { hydroId: 0, stageId: 0, meanM3s: 50, stdM3s: 10 },
      { hydroId: 1, stageId: 0, meanM3s: 30, stdM3s: 20 },
    ],
    arCoefficients: [{ hydroId: 0, stageId: 0, lag: 1, coefficient: 0.5, residualStdRatio: 0.8 }],
  });
  if (!model.ok) throw new Error(model.error.message);

  it("parses the four methods with the book's defaults", () => {
    const d = parseInflowNonNegativity();
    expect(d.ok && d.value).toEqual({ method: "penalty", penaltyCost: 1000, clampsNoise: false, needsSlack: true });
    const t = parseInflowNonNegativity({ method: "truncation_with_penalty", penalty_cost: 5 });
    expect(t.ok && [t.value.clampsNoise, t.value.needsSlack, t.value.penaltyCost]).toEqual([true, true, 5]);
    expect(parseInflowNonNegativity({ method: "clip" }).ok).toBe(false);
  });

  it("evaluates PAR inflows from lags and noise; truncateNegative clips at zero", () => {
    const lags = new Float64Array([20, 0]);
    const inflows = new Float64Array(2);
    // Hydro 0: ψ = 0.5, base = 25, σ = 8: 25 + 10 − 40 = −5; hydro 1: 30 + 20·0.3 = 36.
    evaluateInflows(model.value, 0, lags, new Float64Array([-5, 0.3]), inflows);
    expect(inflows[0]).toBeCloseTo(-5, 12);
    expect(inflows[1]).toBeCloseTo(36, 12);
    truncateNegative(inflows);
    expect(inflows[0]).toBe(0);
    expect(inflows[1]).toBeCloseTo(36, 12);
  });
});
