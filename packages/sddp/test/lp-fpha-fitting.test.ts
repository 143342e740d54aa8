import { describe, expect, it } from "vitest";
import { fitFphaPlanes } from "../src/lp/fpha-fitting";
import { hydro } from "./lp-fixture";

const config = {
  source: "computed" as const,
  volumeDiscretizationPoints: 3,
  turbineDiscretizationPoints: 3,
  spillageDiscretizationPoints: 3,
  maxPlanesPerHydro: 4,
  fittingWindow: null,
};

describe("FPHA fitted from geometry", () => {
  it("reproduces a constant-head plant exactly: φ = 9.81e-3 · η · q · (h_fore − h_tail)", () => {
    // Flat forebay at 100 m, tailrace at 20 m, η = 0.9: φ = 9.81e-3·0.9·80·q = 0.70632·q.
    const h = hydro({
      tailrace: { type: "polynomial", coefficients: [20] },
      efficiency: { type: "constant", value: 0.9 },
    });
    const geometry = [0, 200].map((v) => ({ hydroId: 0, volumeHm3: v, heightM: 100, areaKm2: 1 }));
    const planes = fitFphaPlanes(h, geometry, config, null);
    expect(planes.length).toBeGreaterThanOrEqual(1);
    const p = planes[0]!;
    expect(p.gammaQ).toBeCloseTo(0.70632, 6);
    expect(p.gamma0).toBeCloseTo(0, 6);
    expect(p.gammaV).toBeCloseTo(0, 9);
    expect(p.kappa).toBe(1);
  });

  it("gives an outer envelope of φ on the grid (after κ), with γ_v ≥ 0 and γ_s ≤ 0", () => {
    const h = hydro({
      tailrace: { type: "polynomial", coefficients: [300, 0.01] },
      hydraulicLosses: { type: "factor", value: 0.03 },
      efficiency: { type: "constant", value: 0.92 },
    });
    const geometry = [
      { hydroId: 0, volumeHm3: 0, heightM: 350, areaKm2: 10 },
      { hydroId: 0, volumeHm3: 100, heightM: 385, areaKm2: 50 },
      { hydroId: 0, volumeHm3: 200, heightM: 400, areaKm2: 75 },
    ];
    const planes = fitFphaPlanes(h, geometry, config, 3);
    expect(planes.length).toBeGreaterThan(1);
    expect(planes.length).toBeLessThanOrEqual(4);
    for (const p of planes) {
      expect(p.stageId).toBe(3);
      expect(p.gammaV).toBeGreaterThanOrEqual(0);
      expect(p.gammaS).toBeLessThanOrEqual(0);
      expect(p.kappa).toBeGreaterThan(0);
      expect(p.kappa).toBeLessThanOrEqual(1);
    }
    // Grid point v = 100, q = 50, s = 0: φ = 9.81e-3·0.92·50·(385 − 300.5)·0.97.
    const phi = 9.81e-3 * 0.92 * 50 * (385 - 300.5) * 0.97;
    const env = Math.min(...planes.map((p) => p.kappa * p.gamma0 + p.gammaV * 100 + p.gammaQ * 50));
    expect(env).toBeGreaterThanOrEqual(phi - 1e-6);
    expect(env).toBeLessThan(1.1 * phi);
  });
});
