import { SOBOL_MAX_DIM, isSamplingMethod, normalCdf, parseSamplingMethod } from "@cobre/stochastic";
import { describe, expect, it } from "vitest";
import { fillHaltonPoint, firstPrimes, haltonDesign, haltonUniform, radicalInverse } from "../src/sampling/halton.js";
import { fillLhsPoint, lhsStrata, lhsUniform } from "../src/sampling/lhs.js";
import { forwardDesignKey, treeDesignKey } from "../src/sampling/methods.js";
import {
  fillSobolPoint,
  fillSobolPoints,
  reverseBits32,
  scrambleSobolBits,
  sobolDirections,
  sobolPointBits,
  sobolScramble,
  sobolTable,
} from "../src/sampling/sobol.js";

const TWO_POW_32 = 4294967296;
const key = treeDesignKey(42);

/** Sorted copy. */
const sorted = (xs: ArrayLike<number>): number[] => Array.from(xs).sort((a, b) => a - b);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe("sampling_method names", () => {
  it("parses the six methods, defaults to saa and rejects others", () => {
    expect(parseSamplingMethod(undefined)).toEqual({ ok: true, value: "saa" });
    expect(parseSamplingMethod("qmc_sobol")).toEqual({ ok: true, value: "qmc_sobol" });
    const bad = parseSamplingMethod("sobol");
    expect(bad.ok ? "ok" : bad.error.details?.reason).toBe("UnknownSamplingMethod");
    expect(["saa", "lhs", "qmc_sobol", "qmc_halton", "historical_residuals", "selective"].every(isSamplingMethod)).toBe(
      true,
    );
  });
});

describe("Latin hypercube designs", () => {
  it("give every point its own stratum in every dimension", () => {
    const n = 37;
    const dim = 5;
    const strata = lhsStrata(key, 3, n, dim);
    for (let e = 0; e < dim; e++) {
      const column = range(n).map((p) => strata[p * dim + e] as number);
      expect(sorted(column)).toEqual(range(n));
      for (let p = 0; p < n; p++) {
        const u = lhsUniform(key, 3, strata, n, p, e);
        expect(Math.floor(u * n)).toBe(column[p]);
      }
    }
    // Dimensions are shuffled independently.
    expect(range(n).some((p) => strata[p * dim] !== strata[p * dim + 1])).toBe(true);
  });

  it("map back through Φ to one point per stratum [k/N, (k+1)/N)", () => {
    const n = 50;
    const dim = 3;
    const strata = lhsStrata(key, 0, n, dim);
    const out = new Float64Array(n * dim);
    for (let p = 0; p < n; p++) fillLhsPoint(key, 0, strata, n, p, out, p * dim);
    for (let e = 0; e < dim; e++) {
      const back = range(n).map((p) => Math.floor(normalCdf(out[p * dim + e] as number) * n));
      expect(sorted(back)).toEqual(range(n));
    }
  });

  it("differ by stage key and design key, and repeat exactly", () => {
    const a = lhsStrata(key, 0, 20, 2);
    expect(Array.from(lhsStrata(treeDesignKey(42), 0, 20, 2))).toEqual(Array.from(a));
    expect(Array.from(lhsStrata(key, 1, 20, 2))).not.toEqual(Array.from(a));
    expect(Array.from(lhsStrata(forwardDesignKey(key, 0, 0), 0, 20, 2))).not.toEqual(Array.from(a));
  });
});

describe("Sobol points", () => {
  it("decodes the Joe–Kuo new-joe-kuo-6.21201 table intact", () => {
    const table = sobolTable();
    expect(SOBOL_MAX_DIM).toBe(21201);
    expect(table.length).toBe(21200);
    // First and last rows of the published file: d s a m_1 … m_s.
    expect(table[0]).toEqual({ degree: 1, a: 0, m: [1] });
    expect(table[1]).toEqual({ degree: 2, a: 1, m: [1, 3] });
    expect(table[2]).toEqual({ degree: 3, a: 1, m: [1, 3, 1] });
    expect(table[3]).toEqual({ degree: 3, a: 2, m: [1, 1, 1] });
    expect(table[21199]).toEqual({
      degree: 18,
      a: 131059,
      m: [1, 1, 7, 11, 15, 7, 37, 239, 337, 245, 1557, 3681, 7357, 9639, 27367, 26869, 114603, 86317],
    });
    // FNV-1a (32-bit, over s, a, m_1 … m_s as little-endian u32) of the whole table, computed
    // independently from SciPy's copy of the same numbers (scipy/stats/_sobol_direction_numbers.npz).
    let h = 0x811c9dc5;
    const mix = (v: number): void => {
      for (let k = 0; k < 4; k++) {
        h ^= (v >>> (8 * k)) & 0xff;
        h = Math.imul(h, 0x01000193) >>> 0;
      }
    };
    for (const { degree, a, m } of table) {
      mix(degree);
      mix(a);
      for (const mi of m) mix(mi);
    }
    expect(h).toBe(0x80a8bea8);
  });

  it("unscrambled, is the standard Sobol sequence (Gray-code order)", () => {
    const dirs = sobolDirections(3);
    const bits = new Uint32Array(3);
    const points = range(8).map((i) => {
      sobolPointBits(dirs, i, bits);
      return Array.from(bits, (x) => x / TWO_POW_32);
    });
    expect(points).toEqual([
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
    ]);
  });

  it("matches SciPy's unscrambled Sobol points (32 bits) in low and in the highest dimensions", () => {
    // scipy.stats.qmc.Sobol(d, scramble=False, bits=32).random(n), times 2^32.
    const dirs = sobolDirections(10);
    const bits = new Uint32Array(10);
    sobolPointBits(dirs, 100, bits);
    expect(Array.from(bits)).toEqual([
      1778384896, 1107296256, 3321888768, 3120562176, 3791650816, 3187671040, 100663296, 2046820352, 2717908992,
      2986344448,
    ]);
    sobolPointBits(dirs, 127, bits);
    expect(Array.from(bits)).toEqual([
      33554432, 2852126720, 2382364672, 2717908992, 2046820352, 1442840576, 1040187392, 301989888, 1778384896,
      2315255808,
    ]);
    const all = sobolDirections(SOBOL_MAX_DIM);
    const big = new Uint32Array(SOBOL_MAX_DIM);
    const last3 = range(8).map((i) => {
      sobolPointBits(all, i, big);
      return Array.from(big.subarray(SOBOL_MAX_DIM - 3));
    });
    expect(last3).toEqual([
      [0, 0, 0],
      [2147483648, 2147483648, 2147483648],
      [1073741824, 3221225472, 3221225472],
      [3221225472, 1073741824, 1073741824],
      [1610612736, 3758096384, 2684354560],
      [3758096384, 1610612736, 536870912],
      [536870912, 536870912, 1610612736],
      [2684354560, 2684354560, 3758096384],
    ]);
    expect(() => sobolDirections(SOBOL_MAX_DIM + 1)).toThrow(RangeError);
  });

  it("scrambled, still puts one point in each dyadic interval of every dimension for N = 2^m", () => {
    const dim = 8;
    const dirs = sobolDirections(dim);
    const scramble = sobolScramble(key, 5, dim);
    const bits = new Uint32Array(dim);
    for (const m of [4, 7, 10]) {
      const n = 2 ** m;
      const cells = range(dim).map(() => [] as number[]);
      for (let i = 0; i < n; i++) {
        sobolPointBits(dirs, i, bits);
        for (let e = 0; e < dim; e++) {
          const x = scrambleSobolBits(bits[e] as number, scramble[2 * e] as number, scramble[2 * e + 1] as number);
          cells[e]?.push(Math.floor(x / 2 ** (32 - m)));
        }
      }
      for (const c of cells) expect(sorted(c)).toEqual(range(n));
    }
    // The scramble moves points: point 0 is no longer the origin.
    sobolPointBits(dirs, 0, bits);
    expect(scrambleSobolBits(0, scramble[0] as number, scramble[1] as number)).not.toBe(0);
  });

  it("scrambled, keeps the (0, m, 2)-net of dimensions 1–2: one point per elementary box", () => {
    const dirs = sobolDirections(2);
    const scramble = sobolScramble(key, 9, 2);
    const m = 8;
    const n = 2 ** m;
    const bits = new Uint32Array(2);
    const xs: number[][] = [];
    for (let i = 0; i < n; i++) {
      sobolPointBits(dirs, i, bits);
      xs.push(
        [0, 1].map((e) =>
          scrambleSobolBits(bits[e] as number, scramble[2 * e] as number, scramble[2 * e + 1] as number),
        ),
      );
    }
    for (let k = 0; k <= m; k++) {
      // Boxes 2^−k × 2^−(m−k).
      const boxes = new Set(
        xs.map(
          ([x, y]) => `${Math.floor((x as number) / 2 ** (32 - k))}:${Math.floor((y as number) / 2 ** (32 - (m - k)))}`,
        ),
      );
      expect(boxes.size).toBe(n);
    }
  });

  it("steps by the Gray-code recurrence to the same points as direct evaluation", () => {
    const dim = 6;
    const dirs = sobolDirections(dim);
    const scramble = sobolScramble(key, 1, dim);
    const batch = new Float64Array(40 * dim);
    fillSobolPoints(dirs, scramble, 3, 43, batch);
    const one = new Float64Array(dim);
    for (let p = 3; p < 43; p++) {
      fillSobolPoint(dirs, scramble, p, one);
      expect(Array.from(one)).toEqual(Array.from(batch.subarray((p - 3) * dim, (p - 2) * dim)));
    }
  });

  it("reverses bits", () => {
    expect(reverseBits32(1)).toBe(0x80000000);
    expect(reverseBits32(0x80000000)).toBe(1);
    expect(reverseBits32(0x12345678)).toBe(0x1e6a2c48);
  });
});

describe("Halton points", () => {
  it("uses the primes as bases", () => {
    expect(Array.from(firstPrimes(10))).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
    expect(firstPrimes(1000)[999]).toBe(7919);
  });

  it("unscrambled, are the radical inverses in bases 2 and 3", () => {
    expect(range(9).map((i) => radicalInverse(i, 2))).toEqual([0, 0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875, 0.0625]);
    expect(range(9).map((i) => radicalInverse(i, 3))).toEqual([
      0,
      1 / 3,
      2 / 3,
      1 / 9,
      4 / 9,
      7 / 9,
      2 / 9,
      5 / 9,
      8 / 9,
    ]);
    expect(radicalInverse(10, 5)).toBe(2 / 25);
  });

  it("scrambled, fill each interval [k/p^m, (k+1)/p^m) once for n = p^m", () => {
    for (const [e, p, m] of [
      [0, 2, 6],
      [1, 3, 4],
      [2, 5, 3],
    ] as const) {
      const n = p ** m;
      const design = haltonDesign(key, 4, n, 3);
      const cells = range(n).map((i) => Math.floor(haltonUniform(design, i, e) * n));
      expect(sorted(cells)).toEqual(range(n));
    }
  });

  it("scrambled, keep Halton's joint strata: n = 4·9 points fill the 4 × 9 boxes of dimensions 1–2", () => {
    const n = 36;
    const design = haltonDesign(key, 2, n, 2);
    const boxes = new Set(
      range(n).map(
        (i) => `${Math.floor(haltonUniform(design, i, 0) * 4)}:${Math.floor(haltonUniform(design, i, 1) * 9)}`,
      ),
    );
    expect(boxes.size).toBe(n);
  });

  it("scramble every digit, so the origin is gone and points are finite", () => {
    const design = haltonDesign(key, 0, 10, 40);
    const out = new Float64Array(40);
    fillHaltonPoint(design, 0, out);
    expect(out.every((v) => Number.isFinite(v) && Math.abs(v) < 8.3)).toBe(true);
    expect(haltonUniform(design, 0, 0)).toBeGreaterThan(0);
    expect(() => fillHaltonPoint(design, 10, out)).toThrow(RangeError);
  });
});
