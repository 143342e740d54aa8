import {
  type OutOfSampleSampler,
  type SamplingMethod,
  StreamPurpose,
  buildOutOfSampleSampler,
  createOutOfSampleSampler,
  createStream,
  fillStandardNormals,
  normalCdf,
  sampleForwardNoise,
} from "@cobre/stochastic";
import { describe, expect, it } from "vitest";

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const STAGE_IDS = [0, 1, 2, 7];

function sampler(methods: readonly SamplingMethod[], m: number, dim = 3, seed = 99): OutOfSampleSampler {
  return createOutOfSampleSampler(seed, STAGE_IDS, dim, undefined, {
    samplingMethods: methods,
    scenariosPerIteration: m,
  });
}

function draw(s: OutOfSampleSampler, iteration: number, scenario: number, stage: number): number[] {
  const out = new Float64Array(s.dim);
  expect(sampleForwardNoise(s, iteration, scenario, stage, out)).toBe(-1);
  return Array.from(out);
}

/** Stratum of each scenario's value in dimension e at resolution n. */
function strata(s: OutOfSampleSampler, iteration: number, scenarios: number[], stage: number, e: number, n: number) {
  return scenarios
    .map((k) => Math.floor(normalCdf(draw(s, iteration, k, stage)[e] as number) * n))
    .sort((a, b) => a - b);
}

describe("out-of-sample sampling methods", () => {
  it("defaults to the unchanged SAA draws (Philox ForwardNoise stream)", () => {
    const plain = createOutOfSampleSampler(5, STAGE_IDS, 3);
    const explicit = sampler(["saa", "saa", "saa", "saa"], 10, 3, 5);
    const expected = new Float64Array(3);
    fillStandardNormals(createStream(5, StreamPurpose.ForwardNoise), 4, 17, 7, expected);
    expect(draw(plain, 4, 17, 3)).toEqual(Array.from(expected));
    expect(draw(explicit, 4, 17, 3)).toEqual(Array.from(expected));
    expect(plain.methods).toEqual(["saa", "saa", "saa", "saa"]);
    expect(plain.warnings).toEqual([]);
  });

  it("LHS: the forward scenarios of an iteration take each stratum of each dimension once", () => {
    const m = 64;
    const s = sampler(["lhs", "lhs", "saa", "lhs"], m);
    for (const stage of [0, 1, 3]) {
      for (let e = 0; e < 3; e++) expect(strata(s, 2, range(m), stage, e, m)).toEqual(range(m));
    }
    // So does the next round (scenarios m … 2m − 1), with a fresh design.
    for (let e = 0; e < 3; e++)
      expect(
        strata(
          s,
          2,
          range(m).map((k) => k + m),
          0,
          e,
          m,
        ),
      ).toEqual(range(m));
    expect(draw(s, 2, m, 0)).not.toEqual(draw(s, 2, 0, 0));
    // Iterations draw different designs.
    expect(draw(s, 3, 5, 0)).not.toEqual(draw(s, 2, 5, 0));
  });

  it("gives the same vector whichever worker draws it, in any order", () => {
    for (const method of ["lhs", "qmc_sobol", "qmc_halton"] as const) {
      const methods: SamplingMethod[] = [method, method, "saa", method];
      const m = 12;
      const reference = range(2 * m).map((k) => range(4).map((t) => draw(sampler(methods, m), 1, k, t)));
      // Two "workers" with their own samplers, taking scenarios in a scrambled, interleaved order.
      const workers = [sampler(methods, m), sampler(methods, m)];
      const order = range(2 * m).map((k) => (7 * k + 3) % (2 * m));
      for (const [i, k] of order.entries()) {
        for (const t of [3, 0, 2, 1]) {
          const w = workers[i % 2] as OutOfSampleSampler;
          // An interleaved draw of another iteration must not disturb the cache.
          if (i % 5 === 0) draw(w, 0, k, t);
          expect(draw(w, 1, k, t)).toEqual(reference[k]?.[t]);
        }
      }
    }
  });

  it("Sobol and Halton: one point per dyadic interval for 2^m scenarios, rescrambled per iteration", () => {
    const m = 32;
    const sobol = sampler(["qmc_sobol", "qmc_sobol", "qmc_sobol", "qmc_sobol"], m, 4);
    for (let e = 0; e < 4; e++) expect(strata(sobol, 0, range(m), 1, e, m)).toEqual(range(m));
    expect(draw(sobol, 1, 3, 1)).not.toEqual(draw(sobol, 0, 3, 1));
    const halton = sampler(["qmc_halton", "saa", "saa", "saa"], m, 4);
    expect(strata(halton, 0, range(m), 0, 0, m)).toEqual(range(m));
    expect(draw(halton, 1, 3, 0)).not.toEqual(draw(halton, 0, 3, 0));
  });

  it("pulls the scenario means toward 0 compared with SAA", () => {
    const m = 256;
    const moments = (s: OutOfSampleSampler): number => {
      let worst = 0;
      for (let e = 0; e < s.dim; e++) {
        let s1 = 0;
        for (let k = 0; k < m; k++) s1 += draw(s, 0, k, 0)[e] as number;
        worst = Math.max(worst, Math.abs(s1 / m));
      }
      return worst;
    };
    const saa = moments(sampler(["saa", "saa", "saa", "saa"], m));
    expect(saa).toBeGreaterThan(0.05); // 0.088 here; its standard error is 1/√256 = 0.0625
    expect(moments(sampler(["lhs", "saa", "saa", "saa"], m))).toBeLessThan(0.005);
    expect(moments(sampler(["qmc_sobol", "saa", "saa", "saa"], m))).toBeLessThan(0.005);
    // 256 is not a power of Halton's bases 3 and 5, so those dimensions are less even.
    expect(moments(sampler(["qmc_halton", "saa", "saa", "saa"], m))).toBeLessThan(0.03);
  });

  it("shares the noise of a noise-group run: method, stage id and correlation of its first stage", () => {
    const s = createOutOfSampleSampler(99, STAGE_IDS, 3, undefined, {
      samplingMethods: ["saa", "lhs", "qmc_sobol", "saa"],
      scenariosPerIteration: 8,
      noiseGroupIds: [0, 1, 1, 3],
    });
    expect(Array.from(s.sourceStage)).toEqual([0, 1, 1, 3]);
    expect(draw(s, 0, 5, 2)).toEqual(draw(s, 0, 5, 1));
    const ungrouped = sampler(["saa", "lhs", "qmc_sobol", "saa"], 8);
    expect(draw(s, 0, 5, 2)).toEqual(draw(ungrouped, 0, 5, 1));
    expect(draw(s, 0, 5, 3)).toEqual(draw(ungrouped, 0, 5, 3));
  });

  it("falls back to SAA with a warning for selective and historical_residuals", () => {
    const s = createOutOfSampleSampler(99, STAGE_IDS, 3, undefined, {
      samplingMethods: ["selective", "historical_residuals", "saa", "saa"],
    });
    expect(s.methods).toEqual(["saa", "saa", "saa", "saa"]);
    expect(s.warnings.map((w) => [w.stageIndex, w.method])).toEqual([
      [0, "selective"],
      [1, "historical_residuals"],
    ]);
    expect(draw(s, 0, 1, 1)).toEqual(draw(createOutOfSampleSampler(99, STAGE_IDS, 3), 0, 1, 1));
  });

  it("reports invalid options as typed errors (and the throwing form as RangeError)", () => {
    const reason = (r: ReturnType<typeof buildOutOfSampleSampler>): string =>
      r.ok ? "ok" : `${r.error.kind}/${r.error.details?.reason ?? "-"}`;
    const base = { seed: 1, stageIds: [0, 1], dim: 2 };
    expect(reason(buildOutOfSampleSampler({ ...base, samplingMethods: ["lhs", "saa"] }))).toBe("InvalidInput/-");
    expect(
      reason(buildOutOfSampleSampler({ ...base, samplingMethods: ["lhs", "saa"], scenariosPerIteration: 4 })),
    ).toBe("ok");
    expect(
      reason(
        buildOutOfSampleSampler({
          ...base,
          dim: 21202,
          samplingMethods: ["qmc_sobol", "saa"],
          scenariosPerIteration: 4,
        }),
      ),
    ).toBe("InvalidInput/DimensionExceedsCapacity");
    expect(reason(buildOutOfSampleSampler({ ...base, samplingMethods: ["saa"] }))).toBe("InvalidInput/-");
    expect(() => createOutOfSampleSampler(1, [0], 2, undefined, { samplingMethods: ["qmc_halton"] })).toThrow(
      RangeError,
    );
  });
});
