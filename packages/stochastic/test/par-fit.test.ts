import {
  type HydroHistory,
  StreamPurpose,
  buildParModel,
  classifyHistory,
  createStream,
  fillStandardNormals,
  fitPar,
  lagContributions,
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

  it("reports short seasons without changing the fit, and applies max_coefficient_magnitude", () => {
    const short = synthetic(
      6,
      20,
      (m) => [PHI1(m)],
      (m) => Math.sqrt(1 - PHI1(m) ** 2),
      3,
    );
    const r = fitPar([short]); // default min 30 observations
    const loose = fitPar([short], { minObservationsPerSeason: 10 });
    expect(r.ok && loose.ok).toBe(true);
    if (!r.ok || !loose.ok) return;
    // The reference reports min_observations_per_season as a model-quality warning only.
    expect(r.value.warnings.filter((w) => w.includes("min_observations_per_season"))).toHaveLength(12);
    expect(loose.value.warnings.filter((w) => w.includes("min_observations_per_season"))).toHaveLength(0);
    const coeffs = (f: typeof r.value) => f.hydros[0]?.seasons.map((s) => Array.from(s.coefficients));
    expect(coeffs(r.value)).toEqual(coeffs(loose.value));
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

/** Two seasons per year: January is season 0, February season 1. */
const TWO_SEASONS = {
  nSeasons: 2,
  periodOf(date: string) {
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    return month === 1 || month === 2 ? { year, season: month - 1 } : undefined;
  },
};

function twoSeasonHistory(a: number[], b: number[]): HydroHistory {
  const observations = a.flatMap((x, y) => [
    { date: `${2000 + y}-01-01`, valueM3s: x },
    { date: `${2000 + y}-02-01`, valueM3s: b[y] as number },
  ]);
  return { hydroId: 9, observations };
}

describe("fitPar conventions, checked by hand", () => {
  it("uses population stds and pairs lags by date (2 seasons, 3 years)", () => {
    // a (season 0) = 1, 2, 6: mean 3, deviations −2, −1, 3, Σd² = 14 → σ² = 14/3 (divisor N).
    // b (season 1) = 3, 2, 7: mean 4, deviations −1, −2, 3, Σd² = 14 → σ² = 14/3.
    // ρ_1(1) pairs b_y with a_y: (2 + 2 + 9)/3 / (14/3) = 13/14.
    // ρ_0(1) pairs a_y with b_{y−1} (2 pairs): (1 − 6)/2 / (14/3) = −15/28.
    const r = fitPar([twoSeasonHistory([1, 2, 6], [3, 2, 7])], { maxOrder: 1, zAlpha: 0.5 }, TWO_SEASONS);
    if (!r.ok) throw new Error(r.error.message);
    const [s0, s1] = r.value.hydros[0]?.seasons ?? [];
    if (s0 === undefined || s1 === undefined) throw new Error("missing seasons");
    expect(s0.mean).toBe(3);
    expect(s1.mean).toBe(4);
    expect(s0.std).toBeCloseTo(Math.sqrt(14 / 3), 14);
    expect(s1.std).toBeCloseTo(Math.sqrt(14 / 3), 14);
    // Threshold 0.5/√3 ≈ 0.289: both lag-1 PACFs are significant.
    expect(s1.pacf[0]).toBeCloseTo(13 / 14, 14);
    expect(Array.from(s1.coefficients)).toHaveLength(1);
    expect(s1.coefficients[0]).toBeCloseTo(13 / 14, 14);
    expect(s1.residualStdRatio).toBeCloseTo(Math.sqrt(1 - (13 / 14) ** 2), 14);
    // ψ*_1 = −15/28 < 0 contradicts persistence: season 0 falls back to white noise.
    expect(s0.pacf[0]).toBeCloseTo(-15 / 28, 14);
    expect(s0.coefficients).toHaveLength(0);
    expect(s0.residualStdRatio).toBe(1);
    expect(r.value.warnings.some((w) => w.includes("season 0: negative lag-1"))).toBe(true);
  });

  it("classifies constant, negative-heavy and saturated seasons", () => {
    expect(classifyHistory([4, 4, 4 + 1e-9])).toEqual({ kind: "constant", value: 4 });
    expect(classifyHistory([])).toEqual({ kind: "constant", value: 0 });
    expect(classifyHistory([-1, 5, 6, 7, 8])).toEqual({ kind: "many_negative", sampleMean: 5 });
    // Rounded: 5, 5, 5, 5, 7, 9 → 4 of 6 on 5.
    expect(classifyHistory([5, 5.2, 4.9, 5.1, 7, 9])).toEqual({ kind: "saturated", cap: 5 });
    // 3 of 6 is not more than half.
    expect(classifyHistory([5, 5.2, 4.9, 6, 7, 9])).toEqual({ kind: "default" });

    // A saturated season gets (cap, 0): order 0, and no correlation leaks into its neighbour.
    const r = fitPar([twoSeasonHistory([1, 2, 6, 4], [10, 10.2, 9.9, 30])], { maxOrder: 1, zAlpha: 0 }, TWO_SEASONS);
    if (!r.ok) throw new Error(r.error.message);
    const [s0, s1] = r.value.hydros[0]?.seasons ?? [];
    expect(s1?.historyClass).toEqual({ kind: "saturated", cap: 10 });
    expect(s1?.mean).toBe(10);
    expect(s1?.std).toBe(0);
    expect(s1?.coefficients).toHaveLength(0);
    expect(s0?.pacf[0]).toBe(0);
    expect(s0?.coefficients).toHaveLength(0);
  });

  it("composes Maceira–Damazio contributions through the periodic chain (2 seasons)", () => {
    // σ = (2, 4). Physical factors φ(s, k) = ψ*_{s,k}·σ_s/σ_{s−k}:
    //   season 0: φ(0,1) = 0.5·2/4 = 0.25, φ(0,2) = −0.4·2/2 = −0.4, φ(0,3) = 0.2·2/4 = 0.1
    //   season 1: φ(1,1) = 0.6·4/2 = 1.2
    // lag 1: 0.25
    // lag 2: direct −0.4, plus 0.25 via season 1's lag 1 (1.2): 0.3 − 0.4 = −0.1
    // lag 3: direct 0.1, −0.4·0.25 through t−2, 0.25·1.2·0.25 through t−1, t−2: 0.075
    const std = [2, 4];
    const c = lagContributions(0, 3, [[0.5, -0.4, 0.2], [0.6]], std);
    expect(c[0]).toBeCloseTo(0.25, 15);
    expect(c[1]).toBeCloseTo(-0.1, 15);
    expect(c[2]).toBeCloseTo(0.075, 15);
    // Season 1 at order 1 only sees its own direct factor; order 0 gives nothing.
    const c1 = lagContributions(1, 1, [[0.5, -0.4, 0.2], [0.6]], std);
    expect(c1).toHaveLength(1);
    expect(c1[0]).toBeCloseTo(1.2, 15);
    expect(lagContributions(1, 0, [[0.5], [0.6]], std)).toHaveLength(0);
    // A lagged season with zero std contributes nothing.
    expect(Array.from(lagContributions(0, 1, [[0.5], [0.6]], [2, 0]))).toEqual([0]);
  });

  it("reduces orders whose contributions are negative until they pass", () => {
    // z_t = 0.3 z_{t−1} − 0.5 z_{t−2} + ε: PACF picks order 2 everywhere with ψ* ≈ (0.3, −0.5),
    // whose lag-2 contribution 0.3·0.3 − 0.5 < 0. Every season's ceiling drops from
    // max_order 2 to 1 and the re-fit gives ψ*_1 = ρ_m(1) ≈ 0.3/(1 + 0.5) = 0.2 > 0, which passes.
    const years = 3000;
    const h = synthetic(
      7,
      years,
      () => [0.3, -0.5],
      () => 1,
      31,
    );
    const r = fitPar([h], { maxOrder: 2 });
    if (!r.ok) throw new Error(r.error.message);
    const reductions = r.value.warnings.filter((w) => w.includes("negative contribution at order 2"));
    expect(reductions).toHaveLength(12);
    expect(reductions.every((w) => w.includes("ceiling 2 → 1"))).toBe(true);
    // Independent population-convention lag-1 autocorrelation from the raw history.
    const x = h.observations.map((o) => o.valueM3s);
    const stat = (m: number) => {
      const v = x.filter((_, t) => t % 12 === m);
      const mu = v.reduce((a, b) => a + b, 0) / v.length;
      return { mu, sd: Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / v.length) };
    };
    for (const s of r.value.hydros[0]?.seasons ?? []) {
      expect(s.pacf[1]).toBeLessThan(-0.4); // order 2 was selected at first
      const cur = stat(s.season);
      const lag = stat((s.season + 11) % 12);
      let g = 0;
      let n = 0;
      for (let t = s.season; t < x.length; t += 12) {
        if (t < 1) continue;
        g += ((x[t] as number) - cur.mu) * ((x[t - 1] as number) - lag.mu);
        n++;
      }
      const rho1 = g / n / (cur.sd * lag.sd);
      expect(s.coefficients).toHaveLength(1);
      expect(s.coefficients[0]).toBeCloseTo(rho1, 12);
      expect(s.residualStdRatio).toBeCloseTo(Math.sqrt(1 - rho1 * rho1), 12);
      expect(Math.abs(rho1 - 0.2)).toBeLessThan(0.05);
    }

    // From max_order 3 the reduction takes two passes: 3 → 2 re-selects order 2 (season 1,
    // which first took a spurious lag 3, too), which fails again, then 2 → 1. Same end point.
    const r3 = fitPar([h], { maxOrder: 3 });
    if (!r3.ok) throw new Error(r3.error.message);
    const steps = r3.value.warnings.filter((w) => w.includes("negative contribution"));
    expect(steps.filter((w) => w.includes("ceiling 3 → 2"))).toHaveLength(12);
    expect(steps.filter((w) => w.includes("ceiling 2 → 1"))).toHaveLength(12);
    expect(steps).toHaveLength(24);
    expect(steps.some((w) => w.includes("season 1: negative contribution at order 3"))).toBe(true);
    const final = (f: typeof r.value) => f.hydros[0]?.seasons.map((s) => Array.from(s.coefficients));
    expect(final(r3.value)).toEqual(final(r.value));
  });
});
