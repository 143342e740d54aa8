import {
  type HydroHistory,
  StreamPurpose,
  buildParModel,
  createStream,
  fillStandardNormals,
  fitPar,
  parFitToModelInputs,
} from "@cobre/stochastic";
import { describe, expect, it } from "vitest";

const MEANS = [500, 600, 700, 650, 500, 400, 300, 250, 220, 260, 330, 420];
const STDS = [100, 130, 150, 140, 110, 80, 60, 50, 45, 55, 70, 90];

/**
 * Monthly history from a standardized PAR(p): z_t = Σ φ_{m,k} z_{t−k} + c_m ε_t, with c_m
 * chosen so var(z) stays 1 for PAR(1) (c = √(1 − φ²)); x = μ_m + s_m z.
 */
function synthetic(
  hydroId: number,
  years: number,
  phi: (m: number) => number[],
  ratio: (m: number) => number,
  seed: number,
): HydroHistory {
  const stream = createStream(seed, StreamPurpose.Synthetic);
  const eps = new Float64Array(years * 12);
  fillStandardNormals(stream, 0, hydroId, 0, eps);
  const z = new Float64Array(years * 12);
  const observations = [];
  for (let t = 0; t < years * 12; t++) {
    const m = t % 12;
    let v = ratio(m) * (eps[t] as number);
    phi(m).forEach((c, k) => {
      if (t - k - 1 >= 0) v += c * (z[t - k - 1] as number);
    });
    z[t] = v;
    const year = 1900 + Math.floor(t / 12);
    observations.push({
      date: `${year}-${String(m + 1).padStart(2, "0")}-01`,
      valueM3s: (MEANS[m] as number) + (STDS[m] as number) * v,
    });
  }
  return { hydroId, observations };
}

const PHI1 = (m: number) => 0.3 + 0.05 * m; // 0.30 … 0.85

describe("fitPar", () => {
  const years = 3000;
  const history = synthetic(
    3,
    years,
    (m) => [PHI1(m)],
    (m) => Math.sqrt(1 - PHI1(m) ** 2),
    11,
  );

  it("recovers seasonal statistics and PAR(1) coefficients", () => {
    const r = fitPar([history], { maxOrder: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const seasons = r.value.hydros[0]?.seasons ?? [];
    expect(seasons).toHaveLength(12);
    for (const s of seasons) {
      expect(s.nObservations).toBe(years);
      // Std error of the mean is s/√3000 ≈ 1.8 % of s.
      expect(Math.abs(s.mean - (MEANS[s.season] as number))).toBeLessThan(0.07 * (STDS[s.season] as number));
      expect(s.std / (STDS[s.season] as number)).toBeGreaterThan(0.95);
      expect(s.std / (STDS[s.season] as number)).toBeLessThan(1.05);
      expect(s.coefficients).toHaveLength(1);
      // Std error of ψ* is about √((1 − φ²)/N) ≤ 0.018.
      expect(Math.abs((s.coefficients[0] as number) - PHI1(s.season))).toBeLessThan(0.05);
      expect(Math.abs(s.residualStdRatio - Math.sqrt(1 - PHI1(s.season) ** 2))).toBeLessThan(0.04);
    }
  });

  it("selects order 1 by PACF for a PAR(1) series and order 0 for white noise", () => {
    const r = fitPar([history], { maxOrder: 4 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const orders = (r.value.hydros[0]?.seasons ?? []).map((s) => s.coefficients.length);
    // PACF is significant at lag 1 everywhere (φ ≥ 0.3 ≫ 1.96/√3000 ≈ 0.036).
    expect(orders.every((p) => p >= 1)).toBe(true);
    // A spurious higher lag has a 5 % chance per lag; most seasons must stay at 1.
    expect(orders.filter((p) => p === 1).length).toBeGreaterThanOrEqual(9);
    const pacf2 = r.value.hydros[0]?.seasons[6]?.pacf[1] as number;
    expect(Math.abs(pacf2)).toBeLessThan(0.1);

    const white = synthetic(
      4,
      400,
      () => [],
      () => 1,
      5,
    );
    const w = fitPar([white], { maxOrder: 3 });
    expect(w.ok).toBe(true);
    if (!w.ok) return;
    const zeroOrders = (w.value.hydros[0]?.seasons ?? []).filter((s) => s.coefficients.length === 0).length;
    expect(zeroOrders).toBeGreaterThanOrEqual(8);
  });

  it("recovers a PAR(2) with the periodic Yule–Walker system", () => {
    // z_t = 0.5 z_{t−1} + 0.3 z_{t−2} + 0.6 ε is stationary with the same variance (≈ 0.81) in
    // every season, so re-standardizing leaves the coefficients unchanged.
    const h = synthetic(
      5,
      4000,
      () => [0.5, 0.3],
      () => 0.6,
      23,
    );
    const r = fitPar([h], { maxOrder: 2 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const s of r.value.hydros[0]?.seasons ?? []) {
      expect(s.coefficients).toHaveLength(2);
      expect(Math.abs((s.coefficients[0] as number) - 0.5)).toBeLessThan(0.06);
      expect(Math.abs((s.coefficients[1] as number) - 0.3)).toBeLessThan(0.06);
    }
  });

  it("chooses orders by AIC when asked", () => {
    const r = fitPar([history], { maxOrder: 3, orderSelection: "aic" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((r.value.hydros[0]?.seasons ?? []).every((s) => s.coefficients.length >= 1)).toBe(true);
  });

  it("applies min_observations_per_season and max_coefficient_magnitude", () => {
    const short = synthetic(
      6,
      20,
      (m) => [PHI1(m)],
      (m) => Math.sqrt(1 - PHI1(m) ** 2),
      3,
    );
    const r = fitPar([short]); // default min 30 observations
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.hydros[0]?.seasons.every((s) => s.coefficients.length === 0 && s.residualStdRatio === 1)).toBe(true);
    expect(r.value.warnings.length).toBe(12);
    const capped = fitPar([history], { maxOrder: 1, maxCoefficientMagnitude: 0.5 });
    expect(capped.ok).toBe(true);
    if (!capped.ok) return;
    const orders = capped.value.hydros[0]?.seasons.map((s) => s.coefficients.length) ?? [];
    // Seasons with φ ≥ 0.55 (m ≥ 5) exceed 0.5 and fall back to white noise.
    expect(orders.slice(0, 4)).toEqual([1, 1, 1, 1]);
    expect(orders.slice(6)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("fails with InsufficientHistory when a season has fewer than 2 observations", () => {
    const r = fitPar([{ hydroId: 1, observations: [{ date: "2000-01-01", valueM3s: 3 }] }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe("InsufficientHistory");
    expect(r.error.details?.hydroId).toBe(1);
  });

  it("feeds buildParModel through parFitToModelInputs", () => {
    const r = fitPar([history], { maxOrder: 1 });
    if (!r.ok) throw new Error(r.error.message);
    const stages = Array.from({ length: 12 }, (_, t) => ({ id: t, seasonId: t }));
    const pre = [{ id: -1, seasonId: 11 }];
    const rows = parFitToModelInputs(r.value, [...pre, ...stages]);
    if (!rows.ok) throw new Error(rows.error.message);
    const model = buildParModel({ hydroIds: [3], stages, preStudyStages: pre, ...rows.value });
    if (!model.ok) throw new Error(model.error.message);
    const s0 = r.value.hydros[0]?.seasons[0];
    const s11 = r.value.hydros[0]?.seasons[11];
    if (s0 === undefined || s11 === undefined) throw new Error("missing seasons");
    const psi = (s0.coefficients[0] as number) * (s0.std / s11.std);
    expect(model.value.lagCoefficient[0]).toBeCloseTo(psi, 12);
    expect(model.value.base[0]).toBeCloseTo(s0.mean - psi * s11.mean, 9);
    expect(model.value.noiseScale[0]).toBeCloseTo(s0.std * s0.residualStdRatio, 12);
  });
});
