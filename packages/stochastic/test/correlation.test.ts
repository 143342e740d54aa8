import {
  StreamPurpose,
  applyCholesky,
  applyCorrelation,
  buildEntityLayout,
  choleskyFactor,
  createStream,
  fillStandardNormals,
  prepareCorrelation,
} from "@cobre/stochastic";
import { describe, expect, it } from "vitest";

describe("choleskyFactor", () => {
  it("factors a 2×2 correlation matrix exactly", () => {
    const r = choleskyFactor([
      [1, 0.7],
      [0.7, 1],
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.rank).toBe(2);
    expect(r.value.packed[0]).toBe(1);
    expect(r.value.packed[1]).toBeCloseTo(0.7, 15);
    expect(r.value.packed[2]).toBeCloseTo(Math.sqrt(0.51), 15);
  });

  it("reconstructs a 4×4 matrix as L·Lᵀ", () => {
    const C = [
      [1, 0.6, 0.3, -0.2],
      [0.6, 1, 0.5, 0.1],
      [0.3, 0.5, 1, 0.4],
      [-0.2, 0.1, 0.4, 1],
    ];
    const r = choleskyFactor(C);
    if (!r.ok) throw new Error(r.error.message);
    const L = (i: number, j: number) => (j <= i ? (r.value.packed[(i * (i + 1)) / 2 + j] as number) : 0);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let k = 0; k < 4; k++) s += L(i, k) * L(j, k);
        expect(s).toBeCloseTo(C[i]?.[j] as number, 13);
      }
  });

  it("accepts a rank-deficient PSD matrix and zeroes the dependent column", () => {
    const r = choleskyFactor([
      [1, 1, 0.5],
      [1, 1, 0.5],
      [0.5, 0.5, 1],
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.rank).toBe(2);
    const out = new Float64Array(3);
    applyCholesky(r.value, [0.3, -2, 1], out);
    expect(out[0]).toBeCloseTo(out[1] as number, 12); // perfectly correlated pair
  });

  it("rejects indefinite, non-symmetric and non-correlation matrices with typed errors", () => {
    const indefinite = choleskyFactor([
      [1, 0.9, 0.9],
      [0.9, 1, -0.9],
      [0.9, -0.9, 1],
    ]);
    expect(indefinite.ok ? "ok" : indefinite.error.kind).toBe("NotPositiveSemidefinite");
    const asym = choleskyFactor([
      [1, 0.2],
      [0.3, 1],
    ]);
    expect(asym.ok ? "ok" : asym.error.kind).toBe("NotSymmetric");
    const diag = choleskyFactor([
      [2, 0],
      [0, 1],
    ]);
    expect(diag.ok ? "ok" : diag.error.kind).toBe("InvalidCorrelation");
    expect(
      choleskyFactor(
        [
          [2, 0],
          [0, 1],
        ],
        { requireUnitDiagonal: false },
      ).ok,
    ).toBe(true);
  });
});

describe("prepareCorrelation / applyCorrelation", () => {
  const layout = buildEntityLayout({ hydroIds: [20, 10, 30], loadBusIds: [1] });
  if (!layout.ok) throw new Error(layout.error.message);

  it("lays entities out as hydros (by id), then loads", () => {
    expect(layout.value.entities).toEqual([
      { type: "inflow", id: 10 },
      { type: "inflow", id: 20 },
      { type: "inflow", id: 30 },
      { type: "load", id: 1 },
    ]);
    expect(layout.value.loadOffset).toBe(3);
  });

  it("correlates the scheduled profile's groups and leaves other entities alone", () => {
    const r = prepareCorrelation(
      {
        method: "cholesky",
        profiles: {
          default: {
            groups: [
              {
                name: "basin",
                entities: [
                  { type: "inflow", id: 30 },
                  { type: "inflow", id: 10 },
                ],
                matrix: [
                  [1, 0.7],
                  [0.7, 1],
                ],
              },
            ],
          },
          dry: { groups: [] },
        },
        schedule: [{ stageId: 1, profileName: "dry" }],
      },
      layout.value.entities,
      [0, 1],
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.profileOfStage).toEqual(["default", "dry"]);
    const n = 100_000;
    const stream = createStream(42, StreamPurpose.Synthetic);
    const x = new Float64Array(4);
    const scratch = new Float64Array(r.value.maxGroupSize);
    let s10 = 0;
    let s30 = 0;
    let s1030 = 0;
    let s1020 = 0;
    for (let k = 0; k < n; k++) {
      fillStandardNormals(stream, 0, k, 0, x);
      const raw20 = x[1];
      applyCorrelation(r.value, 0, x, scratch);
      expect(x[1]).toBe(raw20);
      s10 += (x[0] as number) ** 2;
      s30 += (x[2] as number) ** 2;
      s1030 += (x[0] as number) * (x[2] as number);
      s1020 += (x[0] as number) * (x[1] as number);
    }
    // Sample correlation of 1e5 pairs: standard error (1 − ρ²)/√n ≈ 0.0016.
    expect(s1030 / Math.sqrt(s10 * s30)).toBeGreaterThan(0.69);
    expect(s1030 / Math.sqrt(s10 * s30)).toBeLessThan(0.71);
    expect(Math.abs(s1020 / n)).toBeLessThan(0.015);
    expect(s30 / n).toBeGreaterThan(0.98);
    expect(s30 / n).toBeLessThan(1.02);
    // Stage 1 uses the empty "dry" profile: unchanged.
    fillStandardNormals(stream, 0, 0, 0, x);
    const before = Array.from(x);
    applyCorrelation(r.value, 1, x, scratch);
    expect(Array.from(x)).toEqual(before);
  });

  it("skips groups with entities outside the layout and rejects bad models", () => {
    const skipped = prepareCorrelation(
      {
        method: "spectral",
        profiles: {
          default: {
            groups: [
              {
                name: "g",
                entities: [
                  { type: "inflow", id: 10 },
                  { type: "inflow", id: 99 },
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
      layout.value.entities,
      [0],
    );
    expect(skipped.ok && skipped.value.skippedGroups).toEqual(["default/g"]);
    const mixed = prepareCorrelation(
      {
        method: "cholesky",
        profiles: {
          default: {
            groups: [
              {
                name: "m",
                entities: [
                  { type: "inflow", id: 10 },
                  { type: "load", id: 1 },
                ],
                matrix: [
                  [1, 0],
                  [0, 1],
                ],
              },
            ],
          },
        },
      },
      layout.value.entities,
      [0],
    );
    expect(mixed.ok ? "ok" : mixed.error.kind).toBe("InvalidCorrelation");
    const npsd = prepareCorrelation(
      {
        method: "cholesky",
        profiles: {
          default: {
            groups: [
              {
                name: "bad",
                entities: [
                  { type: "inflow", id: 10 },
                  { type: "inflow", id: 20 },
                  { type: "inflow", id: 30 },
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
      },
      layout.value.entities,
      [0],
    );
    // "cholesky" behaves as "spectral" (book): the indefinite group is clipped, with a warning.
    expect(npsd.ok && npsd.value.warnings.map((w) => w.kind)).toEqual(["ClippedEigenvalues"]);
    const unknown = prepareCorrelation(
      { method: "cholesky", profiles: { default: { groups: [] } }, schedule: [{ stageId: 0, profileName: "wet" }] },
      layout.value.entities,
      [0],
    );
    expect(unknown.ok ? "ok" : unknown.error.kind).toBe("InvalidCorrelation");
  });
});
