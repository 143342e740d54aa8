import {
  type SpectralFactor,
  applyCorrelation,
  applySpectral,
  buildEntityLayout,
  applyCholesky,
  choleskyFactor,
  prepareCorrelation,
  spectralFactor,
  symmetricEigen,
} from "@cobre/stochastic";
import { describe, expect, it } from "vitest";

const at = (f: SpectralFactor, i: number, j: number) => f.dense[i * f.n + j] as number;

/** (D·D)[i][j] for a dense symmetric factor (D = Dᵀ, so D·D = D·Dᵀ). */
function square(f: SpectralFactor): number[][] {
  const n = f.n;
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += at(f, i, k) * at(f, j, k);
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

function expectMatrixClose(
  actual: readonly (readonly number[])[],
  expected: readonly (readonly number[])[],
  tol: number,
) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    for (let j = 0; j < expected.length; j++) {
      const e = expected[i]?.[j] as number;
      expect(Math.abs((actual[i]?.[j] as number) - e), `(${i}, ${j})`).toBeLessThanOrEqual(tol);
    }
}

/** Deterministic pseudo-random numbers (LCG), so the test does not depend on the RNG under test. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A random n×n correlation matrix: normalised Gram matrix of n random vectors in R^(n+2). */
function randomCorrelation(n: number, seed: number): number[][] {
  const rand = lcg(seed);
  const m = n + 2;
  const rows = Array.from({ length: n }, () => Array.from({ length: m }, () => rand() * 2 - 1));
  const g = rows.map((a) => rows.map((b) => a.reduce((s, x, k) => s + x * (b[k] as number), 0)));
  const c = g.map((row, i) => row.map((x, j) => x / Math.sqrt((g[i]?.[i] as number) * (g[j]?.[j] as number))));
  for (let i = 0; i < n; i++) {
    (c[i] as number[])[i] = 1;
    for (let j = 0; j < i; j++) (c[j] as number[])[i] = c[i]?.[j] as number; // exact symmetry
  }
  return c;
}

describe("spectralFactor", () => {
  it("matches the closed-form symmetric square root of a 2×2 correlation matrix", () => {
    for (const rho of [0.7, -0.35, 0, 0.999, -1, 1]) {
      const r = spectralFactor([
        [1, rho],
        [rho, 1],
      ]);
      if (!r.ok) throw new Error(r.error.message);
      const a = (Math.sqrt(1 + rho) + Math.sqrt(1 - rho)) / 2;
      const b = (Math.sqrt(1 + rho) - Math.sqrt(1 - rho)) / 2;
      const f = r.value;
      expect(f.kind).toBe("spectral");
      expect(f.n).toBe(2);
      expect(Math.abs(at(f, 0, 0) - a)).toBeLessThanOrEqual(1e-14);
      expect(Math.abs(at(f, 1, 1) - a)).toBeLessThanOrEqual(1e-14);
      expect(Math.abs(at(f, 0, 1) - b)).toBeLessThanOrEqual(1e-14);
      expect(Math.abs(at(f, 1, 0) - b)).toBeLessThanOrEqual(1e-14);
      expect(f.rank).toBe(Math.abs(rho) === 1 ? 1 : 2);
      expect(f.clippedEigenvalues).toBe(0);
    }
  });

  it("gives a symmetric D with D·D = C for a random 5×5 correlation matrix", () => {
    for (const seed of [1, 7, 2024]) {
      const C = randomCorrelation(5, seed);
      const r = spectralFactor(C);
      if (!r.ok) throw new Error(r.error.message);
      const f = r.value;
      for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(at(f, i, j)).toBe(at(f, j, i));
      expectMatrixClose(square(f), C, 1e-12);
      expect(f.rank).toBe(5);
      expect(f.clippedEigenvalues).toBe(0);
      // D is positive semidefinite (it is the PSD root): its eigenvalues are the √λ of C.
      const eig = symmetricEigen(f.dense, 5);
      expect(Math.min(...eig.values)).toBeGreaterThan(0);
    }
  });

  it("diagonalises a matrix: A·v = λ·v and VᵀV = I", () => {
    const C = randomCorrelation(6, 99);
    const a = new Float64Array(C.flat());
    const e = symmetricEigen(a, 6);
    expect(e.converged).toBe(true);
    for (let k = 0; k < 6; k++) {
      for (let i = 0; i < 6; i++) {
        let av = 0;
        for (let j = 0; j < 6; j++) av += (C[i]?.[j] as number) * (e.vectors[j * 6 + k] as number);
        expect(Math.abs(av - (e.values[k] as number) * (e.vectors[i * 6 + k] as number))).toBeLessThan(1e-13);
      }
      for (let l = 0; l < 6; l++) {
        let dot = 0;
        for (let i = 0; i < 6; i++) dot += (e.vectors[i * 6 + k] as number) * (e.vectors[i * 6 + l] as number);
        expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThan(1e-14);
      }
    }
  });

  it("clips the negative eigenvalue of an indefinite matrix where Cholesky fails", () => {
    const C = [
      [1, 0.9, 0.9],
      [0.9, 1, -0.9],
      [0.9, -0.9, 1],
    ];
    const chol = choleskyFactor(C);
    expect(chol.ok ? "ok" : chol.error.kind).toBe("NotPositiveSemidefinite");
    const r = spectralFactor(C);
    if (!r.ok) throw new Error(r.error.message);
    const f = r.value;
    // Eigenpairs: λ = −0.8 for u = (−1, 1, 1)/√3; λ = 1.9 (twice) on u⊥. Clipping gives
    // C⁺ = 1.9·(I − uuᵀ) and D = √1.9·(I − uuᵀ).
    expect(f.clippedEigenvalues).toBe(1);
    expect(Math.abs(f.largestClippedMagnitude - 0.8)).toBeLessThan(1e-14);
    expect(f.rank).toBe(2);
    const u = [-1, 1, 1].map((x) => x / Math.sqrt(3));
    const P = u.map((ui, i) => u.map((uj, j) => (i === j ? 1 : 0) - ui * uj));
    const Cplus = P.map((row) => row.map((x) => 1.9 * x));
    const D = P.map((row) => row.map((x) => Math.sqrt(1.9) * x));
    expectMatrixClose(square(f), Cplus, 1e-14);
    expectMatrixClose(
      [0, 1, 2].map((i) => [0, 1, 2].map((j) => at(f, i, j))),
      D,
      1e-14,
    );
    // Numbers: diagonal 1 + 0.8/3, off-diagonals ±(0.9 − 0.8/3).
    expect(Math.abs((square(f)[0]?.[1] as number) - (0.9 - 0.8 / 3))).toBeLessThan(1e-14);
    expect(Math.abs((square(f)[1]?.[2] as number) - (-0.9 + 0.8 / 3))).toBeLessThan(1e-14);
  });

  it("accepts a rank-deficient PSD matrix without reporting rounding-level clipping", () => {
    const r = spectralFactor([
      [1, 1, 0.5],
      [1, 1, 0.5],
      [0.5, 0.5, 1],
    ]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rank).toBe(2);
    expect(r.value.clippedEigenvalues).toBe(0);
    expectMatrixClose(
      square(r.value),
      [
        [1, 1, 0.5],
        [1, 1, 0.5],
        [0.5, 0.5, 1],
      ],
      1e-14,
    );
    const out = new Float64Array(3);
    applySpectral(r.value, [0.3, -2, 1], out);
    expect(Math.abs((out[0] as number) - (out[1] as number))).toBeLessThan(1e-14);
  });

  it("validates like the Cholesky factor", () => {
    const kind = (m: number[][]) => {
      const r = spectralFactor(m);
      return r.ok ? "ok" : r.error.kind;
    };
    expect(
      kind([
        [1, 0.2],
        [0.3, 1],
      ]),
    ).toBe("NotSymmetric");
    expect(
      kind([
        [2, 0],
        [0, 1],
      ]),
    ).toBe("InvalidCorrelation");
    expect(
      kind([
        [1, 1.5],
        [1.5, 1],
      ]),
    ).toBe("InvalidCorrelation");
    expect(kind([[1, 0], [0]])).toBe("InvalidInput");
    expect(
      kind([
        [1, Number.NaN],
        [Number.NaN, 1],
      ]),
    ).toBe("InvalidInput");
    expect(
      kind([
        [1, 0.5 + 5e-10],
        [0.5, 1],
      ]),
    ).toBe("ok");
    const cov = spectralFactor(
      [
        [4, 0],
        [0, 9],
      ],
      { requireUnitDiagonal: false },
    );
    expect(cov.ok && Array.from(cov.value.dense)).toEqual([2, 0, 0, 3]);
  });
});

describe("prepareCorrelation with method spectral", () => {
  const layout = buildEntityLayout({ hydroIds: [20, 10, 30], loadBusIds: [1, 2] });
  if (!layout.ok) throw new Error(layout.error.message);
  const entities = layout.value.entities; // inflow 10, 20, 30, load 1, 2

  const groupMatrix = [
    [1, 0.6, -0.3],
    [0.6, 1, 0.2],
    [-0.3, 0.2, 1],
  ];

  it("applies D·z at the group's positions of a larger noise vector, at an offset", () => {
    const r = prepareCorrelation(
      {
        method: "Spectral",
        profiles: {
          default: {
            groups: [
              {
                name: "basin",
                // Out of layout order on purpose: positions 2, 0, 1.
                entities: [
                  { type: "inflow", id: 30 },
                  { type: "inflow", id: 10 },
                  { type: "inflow", id: 20 },
                ],
                matrix: groupMatrix,
              },
              {
                name: "loads",
                entities: [
                  { type: "load", id: 2 },
                  { type: "load", id: 1 },
                ],
                matrix: [
                  [1, 0.5],
                  [0.5, 1],
                ],
              },
            ],
          },
        },
      },
      entities,
      [0],
    );
    if (!r.ok) throw new Error(r.error.message);
    const prepared = r.value;
    expect(prepared.method).toBe("spectral");
    expect(prepared.maxGroupSize).toBe(3);
    expect(prepared.warnings).toEqual([]);
    const [basin, loads] = prepared.profiles.get("default") ?? [];
    if (basin === undefined || loads === undefined) throw new Error("groups missing");
    expect(basin.factor.kind).toBe("spectral");
    expect(Array.from(basin.positions)).toEqual([2, 0, 1]);
    expect(Array.from(loads.positions)).toEqual([4, 3]);
    const direct = spectralFactor(groupMatrix);
    if (!direct.ok) throw new Error(direct.error.message);
    expect(basin.factor.kind === "spectral" && Array.from(basin.factor.dense)).toEqual(Array.from(direct.value.dense));

    const offset = 7;
    const noise = new Float64Array(offset + 5 + 3);
    for (let k = 0; k < noise.length; k++) noise[k] = 0.1 * k - 0.45 + (k % 3) * 0.37;
    const before = Float64Array.from(noise);
    const scratch = new Float64Array(prepared.maxGroupSize); // exactly maxGroupSize
    applyCorrelation(prepared, 0, noise, scratch, offset);

    // Basin: z = (x30, x10, x20) in group order; result D·z lands in the same slots.
    const z = [before[offset + 2], before[offset + 0], before[offset + 1]] as number[];
    const d = (i: number, j: number) => direct.value.dense[i * 3 + j] as number;
    const expected = [0, 1, 2].map(
      (i) => d(i, 0) * (z[0] as number) + d(i, 1) * (z[1] as number) + d(i, 2) * (z[2] as number),
    );
    expect(Math.abs((noise[offset + 2] as number) - (expected[0] as number))).toBeLessThan(1e-15);
    expect(Math.abs((noise[offset + 0] as number) - (expected[1] as number))).toBeLessThan(1e-15);
    expect(Math.abs((noise[offset + 1] as number) - (expected[2] as number))).toBeLessThan(1e-15);
    // Loads: closed form 2×2 root with ρ = 0.5, z = (x_load2, x_load1).
    const a = (Math.sqrt(1.5) + Math.sqrt(0.5)) / 2;
    const b = (Math.sqrt(1.5) - Math.sqrt(0.5)) / 2;
    const l2 = before[offset + 4] as number;
    const l1 = before[offset + 3] as number;
    expect(Math.abs((noise[offset + 4] as number) - (a * l2 + b * l1))).toBeLessThan(1e-14);
    expect(Math.abs((noise[offset + 3] as number) - (b * l2 + a * l1))).toBeLessThan(1e-14);
    // Everything outside [offset, offset + 5) is untouched.
    for (let k = 0; k < noise.length; k++) if (k < offset || k >= offset + 5) expect(noise[k]).toBe(before[k]);
  });

  it("treats method cholesky as spectral, as the book says", () => {
    const model = (method: string) => ({
      method,
      profiles: {
        default: {
          groups: [
            {
              name: "basin",
              entities: [
                { type: "inflow" as const, id: 10 },
                { type: "inflow" as const, id: 20 },
                { type: "inflow" as const, id: 30 },
              ],
              matrix: groupMatrix,
            },
          ],
        },
      },
    });
    const spectral = prepareCorrelation(model("spectral"), entities, [0]);
    const cholesky = prepareCorrelation(model("cholesky"), entities, [0]);
    if (!spectral.ok || !cholesky.ok) throw new Error("prepare failed");
    // The book: "cholesky" is accepted for old files and behaves identically to "spectral".
    expect(cholesky.value.profiles.get("default")?.[0]?.factor.kind).toBe("spectral");
    const xs = new Float64Array([1, 0, 0, 0, 0]);
    const xc = Float64Array.from(xs);
    const scratch = new Float64Array(3);
    applyCorrelation(spectral.value, 0, xs, scratch);
    applyCorrelation(cholesky.value, 0, xc, scratch);
    expect(Array.from(xc)).toEqual(Array.from(xs));
    // The Cholesky factor itself (a library utility) maps e1 to L's first column (1, 0.6, −0.3).
    const L = choleskyFactor(groupMatrix);
    if (!L.ok) throw new Error(L.error.message);
    const e1 = new Float64Array([1, 0, 0]);
    applyCholesky(L.value, e1, e1);
    expect(Array.from(e1)).toEqual([1, 0.6, -0.3]);
    expect(Math.abs((xs[0] as number) - 1)).toBeGreaterThan(1e-3);
  });

  it("reports clipped eigenvalues as a warning where a Cholesky factor fails", () => {
    const model = (method: string) => ({
      method,
      profiles: {
        wet: {
          groups: [
            {
              name: "bad",
              entities: [
                { type: "inflow" as const, id: 10 },
                { type: "inflow" as const, id: 20 },
                { type: "inflow" as const, id: 30 },
              ],
              matrix: [
                [1, 0.9, 0.9],
                [0.9, 1, -0.9],
                [0.9, -0.9, 1],
              ],
            },
          ],
        },
      },
    });
    const direct = choleskyFactor(model("cholesky").profiles.wet.groups[0]!.matrix);
    expect(direct.ok ? "ok" : direct.error.kind).toBe("NotPositiveSemidefinite");
    const chol = prepareCorrelation(model("cholesky"), entities, [0]);
    expect(chol.ok && chol.value.warnings.length).toBe(1);
    const r = prepareCorrelation(model("spectral"), entities, [0]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.warnings).toHaveLength(1);
    const w = r.value.warnings[0];
    expect(w?.kind).toBe("ClippedEigenvalues");
    expect(w?.profile).toBe("wet");
    expect(w?.group).toBe("bad");
    expect(w?.clippedEigenvalues).toBe(1);
    expect(Math.abs((w?.largestClippedMagnitude as number) - 0.8)).toBeLessThan(1e-14);
    expect(w?.message).toContain("not positive semidefinite");
    // Only profile: used for every stage; e1 ↦ first column of √1.9·(I − uuᵀ).
    const x = new Float64Array([1, 0, 0, 0, 0]);
    applyCorrelation(r.value, 0, x, new Float64Array(r.value.maxGroupSize));
    const s = Math.sqrt(1.9);
    expect(Math.abs((x[0] as number) - (s * 2) / 3)).toBeLessThan(1e-14);
    expect(Math.abs((x[1] as number) - s / 3)).toBeLessThan(1e-14);
    expect(Math.abs((x[2] as number) - s / 3)).toBeLessThan(1e-14);
  });

  it("still rejects unknown methods and non-symmetric matrices", () => {
    const bad = prepareCorrelation({ method: "eigen", profiles: {} }, entities, [0]);
    expect(bad.ok ? "ok" : bad.error.kind).toBe("InvalidCorrelation");
    const asym = prepareCorrelation(
      {
        method: "spectral",
        profiles: {
          default: {
            groups: [
              {
                name: "g",
                entities: [
                  { type: "inflow", id: 10 },
                  { type: "inflow", id: 20 },
                ],
                matrix: [
                  [1, 0.2],
                  [0.3, 1],
                ],
              },
            ],
          },
        },
      },
      entities,
      [0],
    );
    expect(asym.ok ? "ok" : asym.error.kind).toBe("NotSymmetric");
  });
});
