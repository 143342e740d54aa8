import { normalCdf, normalQuantile, uniformToNormal } from "@cobre/stochastic";
import { describe, expect, it } from "vitest";

// Φ⁻¹(p) for the double nearest p, computed with mpmath at 60 digits (bisection on ncdf for the
// extreme tails), rounded to 20 significant digits (strings: parsed to the nearest double).
const QUANTILES: readonly (readonly [number, string])[] = [
  [1e-300, "-37.047096299361199237"],
  [1e-100, "-21.273453560965324294"],
  [1e-20, "-9.2623400897984075796"],
  [1e-10, "-6.3613409024040561991"],
  [1e-5, "-4.2648907939228246102"],
  [0.001, "-3.0902323061678135354"],
  [0.01, "-2.3263478740408410931"],
  [0.025, "-1.9599639845400542118"],
  [0.05, "-1.644853626951472688"],
  [0.1, "-1.2815515655446004353"],
  [0.25, "-0.6744897501960817432"],
  [0.4, "-0.25334710313579974132"],
  [0.49, "-0.025068908258711058033"],
  [0.5000001, "2.5066282733116483012e-7"],
  [0.6, "0.25334710313579974132"],
  [0.75, "0.6744897501960817432"],
  [0.9, "1.2815515655446005935"],
  [0.925, "1.4395314709384562291"],
  [0.975, "1.9599639845400538556"],
  [0.99, "2.3263478740408407676"],
  [0.999, "3.0902323061678132778"],
  [0.999999, "4.7534243088170877657"],
  [1 - 2 ** -53, "8.2095361516013868556"],
];

// Φ(x) from mpmath.ncdf at 60 digits.
const CDF: readonly (readonly [number, string])[] = [
  [-37, "5.7255712225245768227e-300"],
  [-20, "2.7536241186062336951e-89"],
  [-8.2, "1.2019351542735858152e-16"],
  [-8, "6.2209605742717841235e-16"],
  [-5, "2.8665157187919391167e-7"],
  [-3.5, "0.00023262907903552503635"],
  [-3, "0.0013498980316300945267"],
  [-2.82, "0.0024011824741892527344"],
  [-2, "0.0227501319481792072"],
  [-1.6, "0.054799291699557984109"],
  [-1, "0.15865525393145705141"],
  [-0.5, "0.30853753872598689636"],
  [0.3, "0.61791142218895263307"],
  [1, "0.84134474606854294859"],
  [1.959963984540054, "0.97499999999999998912"],
  [2.5, "0.99379033467422386483"],
  [3, "0.99865010196836990547"],
  [4, "0.99996832875816688008"],
  [6, "0.99999999901341235496"],
];

describe("normalQuantile (AS 241)", () => {
  it.each(QUANTILES)("Φ⁻¹(%s) to 1e-14 relative", (p, reference) => {
    const expected = Number(reference);
    const got = normalQuantile(p);
    expect(Math.abs(got - expected) / Math.abs(expected)).toBeLessThan(1e-14);
  });

  it("is exactly 0 at ½, odd, monotone, and ±∞ / NaN at and beyond the ends", () => {
    expect(normalQuantile(0.5)).toBe(0);
    // Dyadic p, so that 1 − p is exact.
    for (let k = 1; k < 1024; k++) {
      const p = k / 1024;
      expect(normalQuantile(p) + normalQuantile(1 - p)).toBe(0);
      expect(normalQuantile(p + 1 / 2048)).toBeGreaterThan(normalQuantile(p));
    }
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });

  it("inverts normalCdf across the range", () => {
    for (let x = -8; x <= 8; x += 0.37) {
      const back = normalQuantile(normalCdf(x));
      // Φ(x) is good to ~1e-14 relative, so x comes back to ~δΦ / φ(x) (large as Φ → 1).
      const density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
      const deltaCdf = 1e-14 * Math.min(normalCdf(x), 0.05);
      expect(Math.abs(back - x)).toBeLessThan(1e-14 + deltaCdf / density);
    }
  });
});

describe("normalCdf", () => {
  it.each(CDF)("Φ(%s) to 1e-14 relative", (x, reference) => {
    const expected = Number(reference);
    expect(Math.abs(normalCdf(x) - expected) / expected).toBeLessThan(1e-14);
  });

  it("has the right limits and symmetry", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-50)).toBe(0);
    expect(normalCdf(50)).toBe(1);
    for (const x of [0.1, 0.7, 1.3, 2.2, 2.9]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });
});

describe("uniformToNormal", () => {
  it("clamps to [2⁻⁵³, 1 − 2⁻⁵³], so extremes are ±8.2095…", () => {
    expect(uniformToNormal(0)).toBe(-normalQuantile(1 - 2 ** -53));
    expect(uniformToNormal(1)).toBe(normalQuantile(1 - 2 ** -53));
    expect(uniformToNormal(0)).toBeCloseTo(-8.209536151601387, 13);
    expect(uniformToNormal(0.975)).toBe(normalQuantile(0.975));
  });
});
