/**
 * PAR(p)-A: the annual term folded into the lag polynomial (buildParModel) and its
 * estimation under `order_selection: "pacf_annual"` (fitPar), checked against values
 * recomputed by hand or independently from the data.
 */
import {
  type HydroHistory,
  StreamPurpose,
  buildParModel,
  createStream,
  evaluateInflow,
  fillStandardNormals,
  fitPar,
  lagIndex,
  parFitToModelInputs,
  parIndex,
  selectAnnualOrder,
} from "@cobre/stochastic";
import { describe, expect, it } from "vitest";

describe("buildParModel with an annual component", () => {
  // One hydro, two monthly stages (ids 0, 1; seasons 0, 1). Pre-study rows −1..−11 carry
  // the lag statistics: μ_{−k} = 100 + k, s = 20 except s_{−1} = 10. Stage 0: μ = 200,
  // s = 20, AR(1) ψ* = 0.5, ratio 0.6, annual ψ = 0.24 with σ^A = 10 and μ^A = the mean
  // of the 12 lag means (106.5). Stage 1: white noise, no annual term.
  const pre = Array.from({ length: 12 }, (_, i) => ({
    hydroId: 1,
    stageId: -(i + 1),
    meanM3s: 100 + (i + 1),
    stdM3s: i === 0 ? 10 : 20,
  }));
  const input = {
    hydroIds: [1],
    stages: [
      { id: 0, seasonId: 0 },
      { id: 1, seasonId: 1 },
    ],
    seasonsPerCycle: 12,
    seasonalStats: [
      ...pre,
      { hydroId: 1, stageId: 0, meanM3s: 200, stdM3s: 20 },
      { hydroId: 1, stageId: 1, meanM3s: 50, stdM3s: 5 },
    ],
    arCoefficients: [{ hydroId: 1, stageId: 0, lag: 1, coefficient: 0.5, residualStdRatio: 0.6 }],
    annualComponents: [{ hydroId: 1, stageId: 0, annualCoefficient: 0.24, annualMeanM3s: 106.5, annualStdM3s: 10 }],
  };

  it("spreads ψ̂ = ψ·s/σ^A over 12 lags and centres the base with the 12 lag means", () => {
    const r = buildParModel(input);
    if (!r.ok) throw new Error(r.error.message);
    const m = r.value;
    expect(m.maxOrder).toBe(12);
    expect(Array.from(m.stageOrder)).toEqual([12, 0]);
    expect(Array.from(m.order)).toEqual([12]);
    // ψ̂ = 0.24·20/10 = 0.48 → 0.04 per lag; lag 1 adds the classical 0.5·20/10 = 1.
    expect(m.annualCoefficient[parIndex(m, 0, 0)]).toBeCloseTo(0.48, 14);
    expect(m.lagCoefficient[lagIndex(m, 0, 0, 1)]).toBeCloseTo(1.04, 14);
    for (let lag = 2; lag <= 12; lag++) expect(m.lagCoefficient[lagIndex(m, 0, 0, lag)]).toBeCloseTo(0.04, 14);
    // base = 200 − 1.04·101 − 0.04·Σ_{k=2..12}(100 + k) = 200 − 105.04 − 47.08 = 47.88.
    expect(m.base[parIndex(m, 0, 0)]).toBeCloseTo(47.88, 12);
    expect(m.noiseScale[parIndex(m, 0, 0)]).toBeCloseTo(12, 12);
    // Stage 1 is untouched: white noise, no lags.
    expect(m.annualCoefficient[parIndex(m, 1, 0)]).toBe(0);
    expect(m.base[parIndex(m, 1, 0)]).toBe(50);
    for (let lag = 1; lag <= 12; lag++) expect(m.lagCoefficient[lagIndex(m, 1, 0, lag)]).toBe(0);
  });

  it("evaluates the standardized PAR(1)-A equation", () => {
    const r = buildParModel(input);
    if (!r.ok) throw new Error(r.error.message);
    const lags = Array.from({ length: 12 }, (_, k) => 90 + 3 * k);
    const eta = 0.7;
    const annualMean = lags.reduce((a, b) => a + b, 0) / 12;
    // z_t = 0.5·z_{t−1} + 0.24·(A − μ^A)/σ^A + 0.6·η, a_t = μ_t + s_t·z_t.
    const z = 0.5 * ((lags[0]! - 101) / 10) + 0.24 * ((annualMean - 106.5) / 10) + 0.6 * eta;
    expect(evaluateInflow(r.value, 0, 0, lags, eta)).toBeCloseTo(200 + 20 * z, 10);
  });

  it("switches the term off when σ^A = 0 and rejects malformed rows", () => {
    const off = buildParModel({
      ...input,
      annualComponents: [{ hydroId: 1, stageId: 0, annualCoefficient: 0.24, annualMeanM3s: 106.5, annualStdM3s: 0 }],
    });
    if (!off.ok) throw new Error(off.error.message);
    expect(off.value.stageOrder[0]).toBe(12);
    expect(off.value.lagCoefficient[lagIndex(off.value, 0, 0, 1)]).toBeCloseTo(1, 14);
    expect(off.value.lagCoefficient[lagIndex(off.value, 0, 0, 2)]).toBe(0);
    const bad = buildParModel({
      ...input,
      annualComponents: [{ hydroId: 1, stageId: 0, annualCoefficient: Number.NaN, annualMeanM3s: 1, annualStdM3s: 1 }],
    });
    expect(bad.ok ? undefined : bad.error.kind).toBe("InvalidParParameters");
    const dup = buildParModel({ ...input, annualComponents: [input.annualComponents[0]!, input.annualComponents[0]!] });
    expect(dup.ok ? undefined : dup.error.kind).toBe("InvalidInput");
  });
});

describe("selectAnnualOrder", () => {
  it("applies the structural-zero and minimum-order-1 rules", () => {
    // threshold = 1.96/√100 = 0.196
    expect(selectAnnualOrder([0.5, 0.1], 100, 1.96)).toBe(1);
    expect(selectAnnualOrder([0.05, 0.03], 100, 1.96)).toBe(1); // nothing significant, lag 1 defined
    expect(selectAnnualOrder([0, 0.5], 100, 1.96)).toBe(0); // structural zero at lag 1
    expect(selectAnnualOrder([0.1, 0.5, 0.05], 100, 1.96)).toBe(2);
    expect(selectAnnualOrder([], 100, 1.96)).toBe(0);
  });
});

const MEANS = [500, 600, 700, 650, 500, 400, 300, 250, 220, 260, 330, 420];
const STDS = [100, 130, 150, 140, 110, 80, 60, 50, 45, 55, 70, 90];

/** Monthly PAR(1) history with φ_m = 0.55 + 0.02·m, starting in January 1950. */
function history(years: number, seed: number): HydroHistory {
  const eps = new Float64Array(years * 12);
  fillStandardNormals(createStream(seed, StreamPurpose.Synthetic), 0, 0, 0, eps);
  const observations = [];
  let z = 0;
  for (let t = 0; t < years * 12; t++) {
    const m = t % 12;
    const phi = 0.55 + 0.02 * m;
    z = phi * z + Math.sqrt(1 - phi * phi) * eps[t]!;
    observations.push({
      date: `${1950 + Math.floor(t / 12)}-${String(m + 1).padStart(2, "0")}-01`,
      valueM3s: MEANS[m]! + STDS[m]! * z,
    });
  }
  return { hydroId: 4, observations };
}

/** Population statistics of the values of one season and of the rolling annual means. */
function independentStats(h: HydroHistory) {
  const v = h.observations.map((o) => o.valueM3s);
  const season = (t: number) => t % 12;
  const stat = (xs: number[]) => {
    const mu = xs.reduce((a, b) => a + b, 0) / xs.length;
    return { mu, sd: Math.sqrt(xs.reduce((a, b) => a + (b - mu) ** 2, 0) / xs.length), n: xs.length };
  };
  const z = Array.from({ length: 12 }, (_, m) => stat(v.filter((_, t) => season(t) === m)));
  // A at t: mean of v[t−11..t], kept when v[t+1] exists; bucketed by the season of t.
  const a = new Map<number, number>();
  for (let t = 11; t + 1 < v.length; t++) a.set(t, v.slice(t - 11, t + 1).reduce((x, y) => x + y, 0) / 12);
  const aStat = Array.from({ length: 12 }, (_, m) => stat([...a].filter(([t]) => season(t) === m).map(([, x]) => x)));
  return { v, z, a, aStat };
}

describe('fitPar with order_selection "pacf_annual"', () => {
  const h = history(60, 5);
  const fit = fitPar([h], { maxOrder: 1, orderSelection: "pacf_annual", minObservationsPerSeason: 10 });

  it("fits one AR lag and an annual term per season, solving the extended Yule–Walker system", () => {
    if (!fit.ok) throw new Error(fit.error.message);
    expect(fit.value.warnings).toEqual([]);
    const { v, z, a, aStat } = independentStats(h);
    for (let m = 0; m < 12; m++) {
      const prev = (m + 11) % 12;
      const s = fit.value.hydros[0]!.seasons[m]!;
      // μ^A, σ^A of A_{t−1}: the previous season's bucket.
      expect(s.annual?.meanM3s).toBeCloseTo(aStat[prev]!.mu, 9);
      expect(s.annual?.stdM3s).toBeCloseTo(aStat[prev]!.sd, 9);
      // Correlations recomputed from the data: ρ_m(1) over the pairs (divisor = pairs);
      // corr(z_{t−1}, A_{t−1}) and corr(A_{t−1}, z_t) divided by the larger bucket.
      let g = 0;
      let pairs = 0;
      for (let t = 1; t < v.length; t++) {
        if (t % 12 !== m) continue;
        g += (v[t]! - z[m]!.mu) * (v[t - 1]! - z[prev]!.mu);
        pairs++;
      }
      const rho = g / pairs / (z[m]!.sd * z[prev]!.sd);
      let c0 = 0;
      let rn = 0;
      for (const [t, x] of a) {
        if (t % 12 !== prev) continue;
        c0 += (x - aStat[prev]!.mu) * (v[t]! - z[prev]!.mu);
        rn += (x - aStat[prev]!.mu) * (v[t + 1]! - z[m]!.mu);
      }
      c0 /= Math.max(aStat[prev]!.n, z[prev]!.n) * aStat[prev]!.sd * z[prev]!.sd;
      rn /= Math.max(aStat[prev]!.n, z[m]!.n) * aStat[prev]!.sd * z[m]!.sd;
      // [1 c0; c0 1]·[φ ψ]ᵀ = [ρ rn]ᵀ
      const det = 1 - c0 * c0;
      expect(s.coefficients.length).toBe(1);
      expect(s.coefficients[0]).toBeCloseTo((rho - c0 * rn) / det, 9);
      expect(s.annual?.coefficient).toBeCloseTo((rn - c0 * rho) / det, 9);
      const phi = s.coefficients[0]!;
      const psi = s.annual!.coefficient;
      expect(s.residualStdRatio).toBeCloseTo(Math.sqrt(1 - phi * rho - psi * rn), 9);
      // Conditional FACP at lag 1: partial correlation of (z_t, z_{t−1}) given A_{t−1}.
      expect(s.pacf[0]).toBeCloseTo((rho - rn * c0) / Math.sqrt((1 - rn * rn) * (1 - c0 * c0)), 9);
      // The construction's persistence comes back through φ.
      expect(phi).toBeGreaterThan(0.3);
    }
  });

  it("keeps ψ when a safety net drops the AR part", () => {
    if (!fit.ok) throw new Error(fit.error.message);
    const capped = fitPar([h], {
      maxOrder: 1,
      orderSelection: "pacf_annual",
      minObservationsPerSeason: 10,
      maxCoefficientMagnitude: 0.01,
    });
    if (!capped.ok) throw new Error(capped.error.message);
    for (let m = 0; m < 12; m++) {
      const s = capped.value.hydros[0]!.seasons[m]!;
      expect(s.coefficients.length).toBe(0);
      expect(s.residualStdRatio).toBe(1);
      expect(s.annual?.coefficient).toBe(fit.value.hydros[0]!.seasons[m]!.annual?.coefficient);
    }
  });

  it("expands the annual terms to every stage of their season", () => {
    if (!fit.ok) throw new Error(fit.error.message);
    const rows = parFitToModelInputs(fit.value, [
      { id: -1, seasonId: 11 },
      { id: 0, seasonId: 0 },
      { id: 12, seasonId: 0 },
    ]);
    if (!rows.ok) throw new Error(rows.error.message);
    const jan = fit.value.hydros[0]!.seasons[0]!.annual!;
    expect(rows.value.annualComponents.map((r) => r.stageId)).toEqual([-1, 0, 12]);
    expect(rows.value.annualComponents[1]).toEqual({
      hydroId: 4,
      stageId: 0,
      annualCoefficient: jan.coefficient,
      annualMeanM3s: jan.meanM3s,
      annualStdM3s: jan.stdM3s,
    });
  });

  it("needs 13 observations to form one rolling annual mean", () => {
    const TWO = {
      nSeasons: 2,
      periodOf: (date: string) => {
        const [y, mo] = date.split("-").map(Number) as [number, number];
        return { year: y, season: mo <= 6 ? 0 : 1 };
      },
    };
    const short: HydroHistory = {
      hydroId: 9,
      observations: Array.from({ length: 12 }, (_, i) => ({
        date: `${2000 + Math.floor(i / 2)}-${i % 2 === 0 ? "01" : "07"}-01`,
        valueM3s: 10 + ((i * 7) % 5),
      })),
    };
    const r = fitPar([short], { orderSelection: "pacf_annual", minObservationsPerSeason: 1 }, TWO);
    expect(r.ok ? undefined : r.error.kind).toBe("InsufficientHistory");
    const classical = fitPar([short], { orderSelection: "pacf", minObservationsPerSeason: 1 }, TWO);
    expect(classical.ok).toBe(true);
  });
});
