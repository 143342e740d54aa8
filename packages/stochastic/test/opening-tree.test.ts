import { readFileSync } from "node:fs";
import path from "node:path";
import {
  buildEntityLayout,
  createInSampleSampler,
  createOutOfSampleSampler,
  generateOpeningTree,
  openingNoise,
  openingTreeFromValues,
  prepareCorrelation,
  sampleForwardNoise,
  selectOpening,
} from "@cobre/stochastic";
import { openingSeed } from "../src/opening-tree.js";
import { Pcg64 } from "../src/pcg64.js";
import { standardNormal } from "../src/ziggurat.js";
import { describe, expect, it } from "vitest";

const EXAMPLES = path.resolve(__dirname, "../../../../shared/cobre-reference/examples");

describe("generateOpeningTree draws what cobre-rs draws", () => {
  it("reproduces the SAA golden values of cobre-rs (seed 42, stage 0, 3 openings × 2 entities) bit for bit", () => {
    // Pinned in cobre-rs crates/cobre-stochastic/tests/saa_golden_value.rs.
    const r = generateOpeningTree({ seed: 42, stageIds: [0, 1, 2], openingsPerStage: 3, dim: 2 });
    if (!r.ok) throw new Error(r.error.message);
    expect(Array.from(openingNoise(r.value, 0, 0))).toEqual([0.40098936496495646, 0.22792558815859804]);
    expect(Array.from(openingNoise(r.value, 0, 1))).toEqual([-1.3954121776085244, -0.26939366921736746]);
    expect(Array.from(openingNoise(r.value, 0, 2))).toEqual([0.8337031709056368, -1.6199918031824887]);
  });

  it("draws standard normals from PCG64 by the ziggurat", () => {
    // Moments of 200k ziggurat draws: mean within 4.5 standard errors, variance and tail mass.
    const rng = Pcg64.fromU64(7n);
    let sum = 0;
    let sumSq = 0;
    let beyond3 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const z = standardNormal(rng);
      sum += z;
      sumSq += z * z;
      if (Math.abs(z) > 3) beyond3++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(4.5 / Math.sqrt(n));
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.02);
    // P(|Z| > 3) = 0.0026998; binomial sd at n = 200k is about 0.000116.
    expect(Math.abs(beyond3 / n - 0.0026998)).toBeLessThan(0.0006);
  });
});

describe("generateOpeningTree", () => {
  const stagesJson = JSON.parse(readFileSync(path.join(EXAMPLES, "1dtoy/stages.json"), "utf8")) as {
    stages: { id: number; num_scenarios: number }[];
  };
  const stageIds = stagesJson.stages.map((s) => s.id);
  const openings = stagesJson.stages.map((s) => s.num_scenarios);

  it("has num_scenarios openings per stage of the 1dtoy case, stage-major and deterministic", () => {
    const r = generateOpeningTree({ seed: 42, stageIds, openingsPerStage: openings, dim: 3 });
    if (!r.ok) throw new Error(r.error.message);
    const t = r.value;
    expect(Array.from(t.openings)).toEqual(openings);
    expect(openings[0]).toBe(10);
    expect(t.data.length).toBe(openings.reduce((a, b) => a + b, 0) * 3);
    expect(t.stageOffsets[t.nStages]).toBe(t.data.length);
    // Entry (stage s, opening o, entity e) is the e-th normal of the generator of (seed, o, stage id).
    const rng = Pcg64.fromU64(openingSeed(42n, 7, stageIds[2] as number));
    standardNormal(rng);
    expect(openingNoise(t, 2, 7)[1]).toBe(standardNormal(rng));
    expect(t.data[(t.stageOffsets[1] as number) + 4 * 3 + 2]).toBe(openingNoise(t, 1, 4)[2]);
    const again = generateOpeningTree({ seed: 42, stageIds, openingsPerStage: openings, dim: 3 });
    expect(again.ok && Array.from(again.value.data)).toEqual(Array.from(t.data));
    const other = generateOpeningTree({ seed: 43, stageIds, openingsPerStage: openings, dim: 3 });
    expect(other.ok && other.value.data.some((v, i) => v !== t.data[i])).toBe(true);
  });

  it("supports per-stage opening counts, correlation and noise sharing", () => {
    const layout = buildEntityLayout({ hydroIds: [0, 1] });
    if (!layout.ok) throw new Error(layout.error.message);
    const corr = prepareCorrelation(
      {
        method: "cholesky",
        profiles: {
          default: {
            groups: [
              {
                name: "all",
                entities: layout.value.entities,
                matrix: [
                  [1, 1],
                  [1, 1],
                ],
              },
            ],
          },
        },
      },
      layout.value.entities,
      [0, 1, 2],
    );
    if (!corr.ok) throw new Error(corr.error.message);
    const r = generateOpeningTree({
      seed: 1,
      stageIds: [0, 1, 2],
      openingsPerStage: [4, 4, 2],
      dim: 2,
      correlation: corr.value,
      noiseGroupIds: [0, 0, 2],
    });
    if (!r.ok) throw new Error(r.error.message);
    const t = r.value;
    expect(Array.from(t.stageOffsets)).toEqual([0, 8, 16, 20]);
    // Correlation 1: both entities equal in every opening.
    for (let o = 0; o < 4; o++) expect(openingNoise(t, 0, o)[0]).toBe(openingNoise(t, 0, o)[1]);
    // Stages 0 and 1 share a noise group.
    expect(Array.from(openingNoise(t, 1, 3))).toEqual(Array.from(openingNoise(t, 0, 3)));
    expect(openingNoise(t, 2, 1)[0]).not.toBe(openingNoise(t, 0, 1)[0]);
    expect(() => openingNoise(t, 2, 2)).toThrow(RangeError);
  });

  it("rejects invalid opening counts", () => {
    const r = generateOpeningTree({ seed: 1, stageIds: [0], openingsPerStage: 0, dim: 1 });
    expect(r.ok ? "ok" : r.error.kind).toBe("InvalidOpeningTree");
  });
});

describe("openingTreeFromValues", () => {
  it("loads noise_openings columns into the same layout", () => {
    const rows = {
      stageIndex: [] as number[],
      openingIndex: [] as number[],
      entityIndex: [] as number[],
      value: [] as number[],
    };
    // Shuffled order: stage 1 first.
    for (const s of [1, 0])
      for (let o = 0; o < 3; o++)
        for (let e = 0; e < 2; e++) {
          rows.stageIndex.push(s);
          rows.openingIndex.push(o);
          rows.entityIndex.push(e);
          rows.value.push(100 * s + 10 * o + e);
        }
    const r = openingTreeFromValues(rows, 2, 3, 2);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.source).toBe("user");
    expect(Array.from(openingNoise(r.value, 1, 2))).toEqual([120, 121]);
    expect(Array.from(r.value.data.subarray(0, 4))).toEqual([0, 1, 10, 11]);
  });

  it("rejects missing, duplicate or out-of-range rows", () => {
    const base = { stageIndex: [0, 0], openingIndex: [0, 1], entityIndex: [0, 0], value: [1, 2] };
    expect(openingTreeFromValues(base, 1, 2, 1).ok).toBe(true);
    const short = openingTreeFromValues(base, 1, 3, 1);
    expect(short.ok ? "ok" : short.error.kind).toBe("InvalidOpeningTree");
    const dup = openingTreeFromValues({ ...base, openingIndex: [1, 1] }, 1, 2, 1);
    expect(dup.ok ? "ok" : dup.error.message).toMatch(/duplicate/);
    const range = openingTreeFromValues({ ...base, entityIndex: [0, 1] }, 1, 2, 1);
    expect(range.ok ? "ok" : range.error.message).toMatch(/entity index/);
  });
});

describe("forward sampling", () => {
  const tree = generateOpeningTree({ seed: 42, stageIds: [0, 1], openingsPerStage: [5, 8], dim: 2 });
  if (!tree.ok) throw new Error(tree.error.message);

  it("in-sample copies a uniformly chosen opening, the same for every worker", () => {
    const sampler = createInSampleSampler(tree.value, 42, [0, 1]);
    const out = new Float64Array(2);
    const counts = new Array<number>(8).fill(0);
    const n = 40_000;
    for (let s = 0; s < n; s++) {
      const o = sampleForwardNoise(sampler, 3, s, 1, out);
      counts[o] = (counts[o] as number) + 1;
      if (s < 50) expect(Array.from(out)).toEqual(Array.from(openingNoise(tree.value, 1, o)));
    }
    // Chi-square, 7 degrees of freedom, 0.1 % critical value 24.3.
    const e = n / 8;
    expect(counts.reduce((a, c) => a + (c - e) ** 2 / e, 0)).toBeLessThan(24.3);
    const other = createInSampleSampler(tree.value, 42, [0, 1]);
    expect(selectOpening(other, 3, 17, 1)).toBe(selectOpening(sampler, 3, 17, 1));
    // Different iterations pick (generally) different openings.
    const picks = new Set(Array.from({ length: 20 }, (_, it) => selectOpening(sampler, it, 0, 1)));
    expect(picks.size).toBeGreaterThan(3);
  });

  it("out-of-sample draws fresh deterministic noise independent of the tree", () => {
    const a = createOutOfSampleSampler(99, [0, 1], 2);
    const b = createOutOfSampleSampler(99, [0, 1], 2);
    const x = new Float64Array(2);
    const y = new Float64Array(2);
    expect(sampleForwardNoise(a, 4, 6, 1, x)).toBe(-1);
    sampleForwardNoise(b, 0, 0, 0, y); // other calls in between change nothing
    sampleForwardNoise(b, 4, 6, 1, y);
    expect(Array.from(y)).toEqual(Array.from(x));
    for (let o = 0; o < 8; o++) expect(openingNoise(tree.value, 1, o)[0]).not.toBe(x[0]);
    sampleForwardNoise(a, 5, 6, 1, y);
    expect(y[0]).not.toBe(x[0]);
  });
});
