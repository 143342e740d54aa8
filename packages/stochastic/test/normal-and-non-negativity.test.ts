import {
  buildLoadModel,
  buildNcsModel,
  buildParModel,
  effectiveInflowNoise,
  evaluateInflows,
  evaluateLoads,
  evaluateNcsAvailability,
  parseInflowNonNegativity,
  truncateNegative,
} from "@cobre/stochastic";
import { describe, expect, it } from "vitest";

describe("load and NCS models", () => {
  it("evaluates load = max(0, mean + std·η) from the load slots of the noise vector", () => {
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
    const noise = new Float64Array([9, 9, 1.5, -1]); // two hydro slots, then buses 5 and 2
    const out = new Float64Array(2);
    evaluateLoads(r.value, 0, noise, 2, out);
    expect(Array.from(out)).toEqual([200, 90]);
    evaluateLoads(r.value, 1, new Float64Array([-20, -3]), 0, out);
    expect(Array.from(out)).toEqual([0, 0]);
    const missing = buildLoadModel([5], [0, 1], [{ busId: 5, stageId: 0, meanMw: 1, stdMw: 0 }]);
    expect(missing.ok ? "ok" : missing.error.kind).toBe("MissingData");
  });

  it("evaluates NCS availability clamped to [0, 1]", () => {
    const r = buildNcsModel([1], [0], [{ ncsId: 1, stageId: 0, mean: 0.6, std: 0.2 }]);
    if (!r.ok) throw new Error(r.error.message);
    const out = new Float64Array(1);
    evaluateNcsAvailability(r.value, 0, new Float64Array([0.5]), 0, out);
    expect(out[0]).toBeCloseTo(0.7, 15);
    evaluateNcsAvailability(r.value, 0, new Float64Array([3]), 0, out);
    expect(out[0]).toBe(1);
    evaluateNcsAvailability(r.value, 0, new Float64Array([-4]), 0, out);
    expect(out[0]).toBe(0);
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

  it("truncation raises the noise to the zero-inflow floor only where inflow is negative", () => {
    const trunc = parseInflowNonNegativity({ method: "truncation" });
    if (!trunc.ok) throw new Error("parse");
    const lags = new Float64Array([20, 0]);
    const noise = new Float64Array([-5, 0.3]);
    const eff = new Float64Array(2);
    const inflows = new Float64Array(2);
    // Hydro 0: ψ = 0.5, base = 25, σ = 8: 25 + 10 − 40 = −5 → η_floor = −35/8.
    expect(effectiveInflowNoise(model.value, 0, lags, noise, trunc.value, eff, inflows)).toBe(0);
    expect(eff[0]).toBeCloseTo(-35 / 8, 12);
    expect(eff[1]).toBe(0.3);
    expect(inflows[0]).toBe(0);
    const check = new Float64Array(2);
    evaluateInflows(model.value, 0, lags, eff, check);
    expect(check[0]).toBeCloseTo(0, 12);
    expect(check[1]).toBeCloseTo(36, 12);
    const pen = parseInflowNonNegativity({ method: "penalty" });
    if (!pen.ok) throw new Error("parse");
    expect(effectiveInflowNoise(model.value, 0, lags, noise, pen.value, eff, inflows)).toBe(1);
    expect(eff[0]).toBe(-5);
    expect(inflows[0]).toBeCloseTo(-5, 12);
    const v = new Float64Array([-1, 2]);
    truncateNegative(v);
    expect(Array.from(v)).toEqual([0, 2]);
  });
});
