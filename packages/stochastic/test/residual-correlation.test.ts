import {
  MONTHLY_CALENDAR,
  type ResidualSource,
  StreamPurpose,
  createStream,
  estimateResidualCorrelation,
  fillStandardNormals,
  fitPar,
} from "@cobre/stochastic";
import { describe, expect, it } from "vitest";

const unit = { mean: new Array(12).fill(0), std: new Array(12).fill(1) };
const date = (year: number, month: number) => `${year}-${String(month).padStart(2, "0")}-01`;
const defaultMatrix = (m: ReturnType<typeof estimateResidualCorrelation>) =>
  m.profiles.default!.groups[0]!.matrix as number[][];

describe("estimateResidualCorrelation", () => {
  it("correlates white-noise residuals by hand", () => {
    // Standardized already (μ = 0, σ = 1), order 0: residuals are the values.
    // A = [1, 2, 3], B = [1, 3, 2] → deviations (−1, 0, 1) and (−1, 1, 0): ρ = 1 / 2.
    const a: ResidualSource = {
      hydroId: 1,
      observations: [1, 2, 3].map((v, i) => ({ date: date(2000 + i, 1), valueM3s: v })),
      ...unit,
      coefficients: [],
    };
    const b: ResidualSource = {
      hydroId: 2,
      observations: [1, 3, 2].map((v, i) => ({ date: date(2000 + i, 1), valueM3s: v })),
      ...unit,
      coefficients: [],
    };
    const m = estimateResidualCorrelation([a, b], MONTHLY_CALENDAR, [{ id: 0, seasonId: 0 }]);
    expect(m.method).toBe("spectral");
    expect(m.profiles.default!.groups[0]!.entities).toEqual([
      { type: "inflow", id: 1 },
      { type: "inflow", id: 2 },
    ]);
    expect(defaultMatrix(m)[0]![1]).toBeCloseTo(0.5, 14);
    // Too few residuals for a per-season profile: every stage uses "default".
    expect(Object.keys(m.profiles)).toEqual(["default"]);
    expect(m.schedule).toEqual([]);
  });

  it("removes the AR part before correlating, and skips values without their lags", () => {
    // Hydro A, Jan–May 2000, z = [2, 1, 3, 0, 2] (μ = 0, σ = 1), ψ* = 0.5 every month:
    // residuals from February on: 1 − 1 = 0, 3 − 0.5 = 2.5, 0 − 1.5 = −1.5, 2 − 0 = 2.
    // Hydro B, same months, white noise: [9, 1, 2, 0, 1] → Feb..May = [1, 2, 0, 1].
    // Deviations: A − 0.75 = (−0.75, 1.75, −2.25, 1.25); B − 1 = (0, 1, −1, 0).
    // Σdx² = 0.5625 + 3.0625 + 5.0625 + 1.5625 = 10.25, Σdy² = 2: ρ = (1.75 + 2.25) / √(10.25 · 2).
    const months = [1, 2, 3, 4, 5];
    const a: ResidualSource = {
      hydroId: 1,
      observations: [2, 1, 3, 0, 2].map((v, i) => ({ date: date(2000, months[i]!), valueM3s: v })),
      ...unit,
      coefficients: Array.from({ length: 12 }, () => [0.5]),
    };
    const b: ResidualSource = {
      hydroId: 2,
      observations: [9, 1, 2, 0, 1].map((v, i) => ({ date: date(2000, months[i]!), valueM3s: v })),
      ...unit,
      coefficients: [],
    };
    const m = estimateResidualCorrelation([a, b], MONTHLY_CALENDAR, []);
    expect(defaultMatrix(m)[1]![0]).toBeCloseTo(4 / Math.sqrt(20.5), 14);
  });

  it("recovers the correlation of the innovations of two PAR(1) hydros, per season too", () => {
    const years = 150;
    const rhoTrue = 0.6;
    const n = years * 12;
    const e1 = new Float64Array(n);
    const u = new Float64Array(n);
    const stream = createStream(21, StreamPurpose.Synthetic);
    fillStandardNormals(stream, 0, 1, 0, e1);
    fillStandardNormals(stream, 0, 2, 0, u);
    const phi = (m: number) => 0.4 + 0.03 * m;
    const z1 = new Float64Array(n);
    const z2 = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      const p = phi(t % 12);
      const c = Math.sqrt(1 - p * p);
      const e2 = rhoTrue * e1[t]! + Math.sqrt(1 - rhoTrue ** 2) * u[t]!;
      z1[t] = (t > 0 ? p * z1[t - 1]! : 0) + c * e1[t]!;
      z2[t] = (t > 0 ? p * z2[t - 1]! : 0) + c * e2;
    }
    const obs = (z: Float64Array, level: number) =>
      Array.from(z, (v, t) => ({ date: date(1900 + Math.floor(t / 12), (t % 12) + 1), valueM3s: level + 10 * v }));
    // Residuals of the fitted model, as the engine takes them.
    const histories = [
      { hydroId: 10, observations: obs(z1, 100) },
      { hydroId: 20, observations: obs(z2, 50) },
    ];
    const fit = fitPar(histories, { maxOrder: 2 });
    if (!fit.ok) throw new Error(fit.error.message);
    const sources: ResidualSource[] = fit.value.hydros.map((h, i) => ({
      hydroId: h.hydroId,
      observations: histories[i]!.observations,
      mean: h.seasons.map((s) => s.mean),
      std: h.seasons.map((s) => s.std),
      coefficients: h.seasons.map((s) => s.coefficients),
    }));
    const stages = Array.from({ length: 24 }, (_, t) => ({ id: t, seasonId: t % 12 }));
    const m = estimateResidualCorrelation(sources, MONTHLY_CALENDAR, stages);
    expect(defaultMatrix(m)[0]![1]).toBeGreaterThan(rhoTrue - 0.04);
    expect(defaultMatrix(m)[0]![1]).toBeLessThan(rhoTrue + 0.04);
    // 150 residuals per season ≥ 30: one profile per season, scheduled on its stages.
    expect(Object.keys(m.profiles).sort()).toEqual(
      ["default", ...Array.from({ length: 12 }, (_, s) => `season_${String(s).padStart(2, "0")}`)].sort(),
    );
    expect(m.schedule?.length).toBe(24);
    expect(m.schedule?.[13]).toEqual({ stageId: 13, profileName: "season_01" });
    for (let s = 0; s < 12; s++) {
      const r = (m.profiles[`season_${String(s).padStart(2, "0")}`]!.groups[0]!.matrix as number[][])[0]![1]!;
      expect(Math.abs(r - rhoTrue)).toBeLessThan(0.25);
    }
  });
});
