import {
  StreamPurpose,
  createStream,
  fillStandardNormals,
  philox4x32,
  standardNormalAt,
  uniformAt,
  uniformIndexAt,
} from "@cobre/stochastic";
import { describe, expect, it } from "vitest";

const hex = (w: Uint32Array) => Array.from(w, (x) => x.toString(16).padStart(8, "0")).join(" ");

/** Standard normal CDF via erf (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

function moments(x: Float64Array) {
  const n = x.length;
  let m = 0;
  for (const v of x) m += v;
  m /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const v of x) {
    const d = v - m;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  return { mean: m, variance: m2, skew: m3 / n / m2 ** 1.5, kurtosis: m4 / n / (m2 * m2) };
}

function corr(a: Float64Array, b: Float64Array): number {
  const ma = moments(a).mean;
  const mb = moments(b).mean;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe("philox4x32-10", () => {
  it("matches the Random123 known-answer vectors", () => {
    expect(hex(philox4x32(0, 0, 0, 0, 0, 0))).toBe("6627e8d5 e169c58d bc57ac4c 9b00dbd8");
    const f = 0xffffffff;
    expect(hex(philox4x32(f, f, f, f, f, f))).toBe("408f276d 41c83b0e a20bc7c6 6d5451fd");
    expect(hex(philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0))).toBe(
      "d16cfe09 94fdcceb 5001e420 24126ea1",
    );
  });
});

describe("standard normal draws", () => {
  const stream = createStream(42, StreamPurpose.Opening);

  it("are deterministic for the same (seed, purpose, iteration, scenario, stage)", () => {
    const a = new Float64Array(37);
    const b = new Float64Array(37);
    fillStandardNormals(stream, 3, 5, 7, a);
    fillStandardNormals(createStream(42, StreamPurpose.Opening), 3, 5, 7, b);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(new Set(a).size).toBe(37);
  });

  it("do not depend on slicing or call order", () => {
    const whole = new Float64Array(101);
    fillStandardNormals(stream, 1, 2, 3, whole);
    const pieces = new Float64Array(101);
    // Odd-aligned slices, filled from the last to the first.
    const cuts = [0, 1, 4, 33, 34, 77, 101];
    for (let i = cuts.length - 2; i >= 0; i--) {
      const from = cuts[i] as number;
      const to = cuts[i + 1] as number;
      fillStandardNormals(stream, 1, 2, 3, pieces, from, to - from, from);
    }
    expect(Array.from(pieces)).toEqual(Array.from(whole));
    expect(standardNormalAt(stream, 1, 2, 3, 57)).toBe(whole[57]);
    // Other stages/scenarios in between change nothing.
    fillStandardNormals(stream, 9, 9, 9, new Float64Array(50));
    expect(standardNormalAt(stream, 1, 2, 3, 58)).toBe(whole[58]);
  });

  it("have standard-normal moments and distribution over 1e5 draws", () => {
    const n = 100_000;
    const x = new Float64Array(n);
    // 1000 scenarios × 100 entities: exercises every counter word.
    for (let s = 0; s < 1000; s++) fillStandardNormals(stream, 0, s, 11, x, s * 100, 100, 0);
    const m = moments(x);
    // Standard errors: mean 0.0032, variance 0.0045, skew 0.0077, kurtosis 0.015.
    expect(Math.abs(m.mean)).toBeLessThan(0.012);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.018);
    expect(Math.abs(m.skew)).toBeLessThan(0.035);
    expect(Math.abs(m.kurtosis - 3)).toBeLessThan(0.07);
    // Kolmogorov–Smirnov against N(0, 1): 1 % critical value 1.63/√n ≈ 0.0052.
    const sorted = Float64Array.from(x).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const F = normalCdf(sorted[i] as number);
      d = Math.max(d, Math.abs(F - i / n), Math.abs(F - (i + 1) / n));
    }
    expect(d).toBeLessThan(0.0052);
    // Tail mass beyond ±1.96 is 5 %.
    let tail = 0;
    for (const v of x) if (Math.abs(v) > 1.959964) tail++;
    expect(Math.abs(tail / n - 0.05)).toBeLessThan(0.0035);
  });

  it("gives independent streams across purposes, seeds, stages, iterations and entities", () => {
    const n = 50_000;
    const draw = (seed: number, purpose: number, iteration: number, stage: number, entityShift = 0) => {
      const out = new Float64Array(n);
      const st = createStream(seed, purpose);
      for (let s = 0; s < n / 50; s++) fillStandardNormals(st, iteration, s, stage, out, s * 50, 50, entityShift);
      return out;
    };
    const base = draw(42, StreamPurpose.Opening, 0, 0);
    const others = [
      draw(42, StreamPurpose.ForwardNoise, 0, 0),
      draw(43, StreamPurpose.Opening, 0, 0),
      draw(42, StreamPurpose.Opening, 1, 0),
      draw(42, StreamPurpose.Opening, 0, 1),
      draw(42, StreamPurpose.Opening, 0, 0, 1), // neighbouring entity (Box–Muller partner)
    ];
    // |r| of independent samples has standard error 1/√n ≈ 0.0045.
    for (const o of others) {
      expect(o).not.toEqual(base);
      expect(Math.abs(corr(base, o))).toBeLessThan(0.02);
    }
  });

  it("accepts large and bigint seeds and rejects invalid counters", () => {
    const a = createStream(2 ** 40 + 7, 1);
    const b = createStream(2n ** 40n + 7n, 1);
    expect([a.key0, a.key1]).toEqual([b.key0, b.key1]);
    expect(createStream(-5, 1).key0).toBe(createStream(5, 1).key0);
    expect(() => fillStandardNormals(a, -1, 0, 0, new Float64Array(2))).toThrow(RangeError);
    expect(() => createStream(0.5, 1)).toThrow(RangeError);
  });
});

describe("uniform draws", () => {
  it("are in (0, 1) and pick indices uniformly", () => {
    const st = createStream(7, StreamPurpose.OpeningSelection);
    const counts = new Array<number>(10).fill(0);
    const n = 50_000;
    for (let s = 0; s < n; s++) {
      const u = uniformAt(st, 2, s, 4);
      expect(u > 0 && u < 1).toBe(true);
      const k = uniformIndexAt(st, 2, s, 4, 10);
      counts[k] = (counts[k] as number) + 1;
    }
    // Chi-square with 9 degrees of freedom: 0.1 % critical value 27.9.
    const e = n / 10;
    const chi2 = counts.reduce((acc, c) => acc + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(27.9);
  });
});
