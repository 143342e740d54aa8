import {
  type HistoricalNoiseSource,
  type OpeningTree,
  type SamplingMethod,
  buildEntityLayout,
  generateOpeningTree,
  normalCdf,
  openingNoise,
  prepareCorrelation,
} from "@cobre/stochastic";
import { describe, expect, it } from "vitest";
import { openingSeed } from "../src/opening-tree.js";

function tree(methods: readonly SamplingMethod[], n: number | readonly number[], dim: number, seed = 42): OpeningTree {
  const r = generateOpeningTree({
    seed,
    stageIds: methods.map((_, s) => s),
    openingsPerStage: n,
    dim,
    samplingMethods: methods,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Largest |mean| and |variance − 1| over the dimensions of one stage. */
function momentErrors(t: OpeningTree, stage: number): { mean: number; variance: number } {
  const n = t.openings[stage] as number;
  let mean = 0;
  let variance = 0;
  for (let e = 0; e < t.dim; e++) {
    let s1 = 0;
    let s2 = 0;
    for (let o = 0; o < n; o++) {
      const v = openingNoise(t, stage, o)[e] as number;
      s1 += v;
      s2 += v * v;
    }
    mean = Math.max(mean, Math.abs(s1 / n));
    variance = Math.max(variance, Math.abs(s2 / n - (s1 / n) ** 2 - 1));
  }
  return { mean, variance };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe("generateOpeningTree with sampling methods", () => {
  it("keeps SAA stages bit for bit, whatever the other stages use", () => {
    const saa = tree(["saa", "saa", "saa"], 3, 2);
    const mixed = tree(["lhs", "saa", "qmc_sobol"], 3, 2);
    expect(Array.from(openingNoise(mixed, 1, 2))).toEqual(Array.from(openingNoise(saa, 1, 2)));
    expect(Array.from(openingNoise(saa, 0, 0))).toEqual([0.40098936496495646, 0.22792558815859804]);
    const implicit = generateOpeningTree({ seed: 42, stageIds: [0, 1, 2], openingsPerStage: 3, dim: 2 });
    expect(implicit.ok && Array.from(implicit.value.data)).toEqual(Array.from(saa.data));
  });

  it("brings the moments of N = 1024 openings far closer to N(0, 1) than SAA on the same seed", () => {
    const n = 1024;
    const dim = 4;
    const saa = momentErrors(tree(["saa"], n, dim), 0);
    const lhs = momentErrors(tree(["lhs"], n, dim), 0);
    const sobol = momentErrors(tree(["qmc_sobol"], n, dim), 0);
    const halton = momentErrors(tree(["qmc_halton"], n, dim), 0);
    // SAA's errors are of order 1/√N ≈ 0.03 (here 0.069 and 0.066).
    expect(saa.mean).toBeGreaterThan(0.02);
    expect(saa.variance).toBeGreaterThan(0.02);
    for (const m of [lhs, sobol]) {
      expect(m.mean).toBeLessThan(2e-3);
      expect(m.variance).toBeLessThan(1e-2);
    }
    expect(halton.mean).toBeLessThan(1e-2);
    expect(halton.variance).toBeLessThan(1e-2);
    for (const m of [lhs, sobol, halton]) {
      expect(m.mean).toBeLessThan(saa.mean / 5);
      expect(m.variance).toBeLessThan(saa.variance / 5);
    }
  });

  it("LHS: each dimension of a stage has exactly one opening per stratum [k/N, (k+1)/N)", () => {
    const n = 50;
    const dim = 3;
    const t = tree(["lhs", "lhs"], n, dim);
    for (const s of [0, 1]) {
      for (let e = 0; e < dim; e++) {
        const strata = range(n).map((o) => Math.floor(normalCdf(openingNoise(t, s, o)[e] as number) * n));
        expect(strata.sort((a, b) => a - b)).toEqual(range(n));
      }
    }
    // Stages draw their own designs.
    expect(openingNoise(t, 0, 0)[0]).not.toBe(openingNoise(t, 1, 0)[0]);
  });

  it("Sobol: N = 2^m openings put one point in each dyadic interval of every dimension", () => {
    const n = 256;
    const dim = 5;
    const t = tree(["qmc_sobol"], n, dim);
    for (let e = 0; e < dim; e++) {
      const cells = range(n).map((o) => Math.floor(normalCdf(openingNoise(t, 0, o)[e] as number) * n));
      expect(cells.sort((a, b) => a - b)).toEqual(range(n));
    }
  });

  it("Halton: the base-2 dimension of N = 2^m openings fills the dyadic intervals", () => {
    const n = 128;
    const t = tree(["qmc_halton"], n, 3);
    const cells = range(n).map((o) => Math.floor(normalCdf(openingNoise(t, 0, o)[0] as number) * n));
    expect(cells.sort((a, b) => a - b)).toEqual(range(n));
  });

  it("is deterministic and seed-dependent for every method", () => {
    for (const m of ["lhs", "qmc_sobol", "qmc_halton"] as const) {
      const a = tree([m, m], [16, 9], 3, 7);
      const b = tree([m, m], [16, 9], 3, 7);
      const c = tree([m, m], [16, 9], 3, 8);
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
      expect(c.data.some((v, i) => v !== a.data[i])).toBe(true);
      expect(a.data.every((v) => Number.isFinite(v) && Math.abs(v) <= 8.21)).toBe(true);
    }
  });

  it("applies the correlation and the noise-group copies as for SAA", () => {
    const layout = buildEntityLayout({ hydroIds: [0, 1] });
    if (!layout.ok) throw new Error(layout.error.message);
    const matrix = [
      [1, 1],
      [1, 1],
    ];
    const corr = prepareCorrelation(
      {
        method: "cholesky",
        profiles: { default: { groups: [{ name: "all", entities: layout.value.entities, matrix }] } },
      },
      layout.value.entities,
      [0, 1, 2],
    );
    if (!corr.ok) throw new Error(corr.error.message);
    const input = {
      seed: 3,
      stageIds: [0, 1, 2],
      openingsPerStage: [4, 6, 4],
      dim: 2,
      correlation: corr.value,
      samplingMethods: ["lhs", "qmc_sobol", "qmc_halton"],
    } as const;
    const r = generateOpeningTree({ ...input, noiseGroupIds: [5, 5, 6] });
    const ungrouped = generateOpeningTree(input);
    if (!r.ok || !ungrouped.ok) throw new Error("tree generation failed");
    const t = r.value;
    for (const [s, n] of [
      [0, 4],
      [1, 6],
      [2, 4],
    ] as const) {
      for (let o = 0; o < n; o++) expect(openingNoise(t, s, o)[0]).toBe(openingNoise(t, s, o)[1]);
    }
    // Stage 1 continues stage 0's group: its first 4 openings are stage 0's, the other 2
    // come from its own (Sobol) design.
    for (let o = 0; o < 4; o++) expect(Array.from(openingNoise(t, 1, o))).toEqual(Array.from(openingNoise(t, 0, o)));
    for (const o of [4, 5])
      expect(Array.from(openingNoise(t, 1, o))).toEqual(Array.from(openingNoise(ungrouped.value, 1, o)));
    expect(Array.from(openingNoise(t, 2, 1))).toEqual(Array.from(openingNoise(ungrouped.value, 2, 1)));
  });

  it("historical_residuals: windows picked by SipHash(seed, opening, stage) mod windows, hydros only, no correlation", () => {
    const nWindows = 3;
    const calls: [number, number][] = [];
    const source: HistoricalNoiseSource = {
      nWindows,
      nHydros: 2,
      fill(window, stageIndex, out) {
        calls.push([window, stageIndex]);
        out[0] = 10 * window + stageIndex;
        out[1] = -(10 * window + stageIndex);
      },
    };
    const r = generateOpeningTree({
      seed: 11,
      stageIds: [4, 9],
      openingsPerStage: [5, 2],
      dim: 3,
      samplingMethods: ["historical_residuals", "historical_residuals"],
      historicalNoise: source,
    });
    if (!r.ok) throw new Error(r.error.message);
    const t = r.value;
    // Openings are capped at the number of windows.
    expect(Array.from(t.openings)).toEqual([3, 2]);
    for (const [s, id] of [
      [0, 4],
      [1, 9],
    ] as const) {
      for (let o = 0; o < (t.openings[s] as number); o++) {
        const w = Number(openingSeed(11n, o, id) % 3n);
        expect(Array.from(openingNoise(t, s, o))).toEqual([10 * w + s, -(10 * w + s), 0]);
      }
    }
    expect(calls.length).toBe(5);
  });

  it("returns typed errors for selective, missing history, Sobol capacity and bad method lists", () => {
    const kindAndReason = (r: ReturnType<typeof generateOpeningTree>): string =>
      r.ok ? "ok" : `${r.error.kind}/${r.error.details?.reason}`;
    const base = { seed: 1, stageIds: [0, 1], openingsPerStage: 2, dim: 1 } as const;
    expect(kindAndReason(generateOpeningTree({ ...base, samplingMethods: ["saa", "selective"] }))).toBe(
      "InvalidInput/UnsupportedSamplingMethod",
    );
    expect(kindAndReason(generateOpeningTree({ ...base, samplingMethods: ["historical_residuals", "saa"] }))).toBe(
      "MissingData/HistoricalNoiseRequired",
    );
    expect(
      kindAndReason(
        generateOpeningTree({
          seed: 1,
          stageIds: [0],
          openingsPerStage: 1,
          dim: 21202,
          samplingMethods: ["qmc_sobol"],
        }),
      ),
    ).toBe("InvalidInput/DimensionExceedsCapacity");
    expect(
      generateOpeningTree({ seed: 1, stageIds: [0], openingsPerStage: 2, dim: 21202, samplingMethods: ["qmc_halton"] })
        .ok,
    ).toBe(true);
    expect(kindAndReason(generateOpeningTree({ ...base, samplingMethods: ["saa"] }))).toBe("InvalidInput/undefined");
    expect(
      kindAndReason(generateOpeningTree({ ...base, samplingMethods: ["saa", "sobol" as unknown as SamplingMethod] })),
    ).toBe("InvalidInput/UnknownSamplingMethod");
  });
});
