/**
 * On small stochastic cases the SDDP lower bound must equal the optimum of the
 * deterministic-equivalent LP of the whole scenario tree. The equivalent is built here,
 * independently of the engine's LP builder, from the case's numbers.
 */
import { loadCase } from "@cobre/io";
import { train } from "@cobre/sddp";
import { loadSolver } from "@cobre/solver";
import { describe, expect, it } from "vitest";
import { type SmallHydroCase, writeSmallHydroCase } from "./fixtures/write-case";

const ZETA = 0.0036;

/** Minimal triplet LP builder for the equivalent (min c·x, rows lo ≤ Ax ≤ hi). */
class Lp {
  cost: number[] = [];
  lo: number[] = [];
  hi: number[] = [];
  rlo: number[] = [];
  rhi: number[] = [];
  cols: [number, number][][] = [];
  col(c: number, lo: number, hi: number): number {
    this.cost.push(c);
    this.lo.push(lo);
    this.hi.push(hi);
    this.cols.push([]);
    return this.cost.length - 1;
  }
  row(lo: number, hi: number, entries: [number, number][]): void {
    const r = this.rlo.length;
    this.rlo.push(lo);
    this.rhi.push(hi);
    for (const [c, v] of entries) this.cols[c]!.push([r, v]);
  }
}

async function solveEquivalent(spec: SmallHydroCase): Promise<number> {
  const lp = new Lp();
  const hours = spec.hoursPerStage;
  const zeta = ZETA * hours;
  // Discount: one factor per stage from its duration in days (all stages here are months of 2024).
  const cum: number[] = [];
  let acc = 1;
  for (let t = 0; t < spec.stages; t++) {
    cum.push(acc);
    const days = (Date.UTC(2024, t + 1, 1) - Date.UTC(2024, t, 1)) / 86_400_000;
    acc *= spec.annualDiscountRate === 0 ? 1 : 1 / (1 + spec.annualDiscountRate) ** (days / 365.25);
  }
  const expand = (t: number, parentStorage: number | null, prob: number): void => {
    if (t === spec.stages) return;
    for (let j = 0; j < spec.openings; j++) {
      const p = (prob / spec.openings) * cum[t]!;
      const inflow = spec.inflowMean[t]! + spec.inflowStd[t]! * spec.noise[t]![j]!;
      const v = lp.col(0, 0, spec.maxStorage);
      const q = lp.col(0, 0, spec.maxTurbined);
      const s = lp.col(p * spec.spillageCost * hours, 0, Number.POSITIVE_INFINITY);
      const def = lp.col(p * spec.deficitCost * hours, 0, Number.POSITIVE_INFINITY);
      const exc = lp.col(p * 0.001 * hours, 0, Number.POSITIVE_INFINITY);
      const gens = spec.thermals.map((th) => lp.col(p * th.cost * hours, 0, th.maxMw));
      // Water balance: v = v_parent + ζ(inflow − q − s).
      const water: [number, number][] = [
        [v, 1],
        [q, zeta],
        [s, zeta],
      ];
      if (parentStorage === null) lp.row(spec.initialStorage + zeta * inflow, spec.initialStorage + zeta * inflow, water);
      else lp.row(zeta * inflow, zeta * inflow, [...water, [parentStorage, -1]]);
      lp.row(spec.loadMw, spec.loadMw, [
        [q, spec.productivity],
        [def, 1],
        [exc, -1],
        ...gens.map((g): [number, number] => [g, 1]),
      ]);
      expand(t + 1, v, prob / spec.openings);
    }
  };
  expand(0, null, 1);
  const n = lp.cost.length;
  const start = new Int32Array(n + 1);
  const index: number[] = [];
  const value: number[] = [];
  for (let c = 0; c < n; c++) {
    start[c] = index.length;
    for (const [r, v] of lp.cols[c]!) {
      index.push(r);
      value.push(v);
    }
  }
  start[n] = index.length;
  const backend = await loadSolver();
  const model = backend.createModel({
    numCols: n,
    numRows: lp.rlo.length,
    colCost: Float64Array.from(lp.cost),
    colLower: Float64Array.from(lp.lo),
    colUpper: Float64Array.from(lp.hi),
    rowLower: Float64Array.from(lp.rlo),
    rowUpper: Float64Array.from(lp.rhi),
    matrix: { format: "csc", start, index: Int32Array.from(index), value: Float64Array.from(value) },
  });
  const out = model.solve();
  model.dispose();
  if (!out.ok) throw new Error(out.error.message);
  return out.value.objective;
}

const base: SmallHydroCase = {
  stages: 3,
  openings: 3,
  hoursPerStage: 720,
  inflowMean: [30, 20, 25],
  inflowStd: [10, 8, 12],
  loadMw: 60,
  noise: [
    [-1.2, 0.1, 1.1],
    [-0.8, 0.4, 1.5],
    [-1.5, -0.2, 0.9],
  ],
  initialStorage: 80,
  maxStorage: 150,
  maxTurbined: 45,
  productivity: 1,
  thermals: [
    { maxMw: 20, cost: 40 },
    { maxMw: 25, cost: 90 },
  ],
  deficitCost: 800,
  spillageCost: 0.01,
  annualDiscountRate: 0,
  iterations: 40,
  forwardPasses: 3,
};

const variants: [string, SmallHydroCase][] = [
  ["3 stages × 3 openings", base],
  ["3 stages × 3 openings, 12% discount", { ...base, annualDiscountRate: 0.12 }],
  [
    "4 stages × 2 openings",
    {
      ...base,
      stages: 4,
      openings: 2,
      inflowMean: [30, 20, 25, 15],
      inflowStd: [10, 8, 12, 5],
      noise: [
        [-1, 1],
        [-0.5, 1.3],
        [-1.4, 0.6],
        [0.2, -0.9],
      ],
    },
  ],
  ["2 stages × 3 openings, scarce water", { ...base, stages: 2, initialStorage: 5, inflowMean: [10, 8], inflowStd: [6, 5] }],
];

describe("the trained lower bound equals the deterministic-equivalent optimum", () => {
  it.each(variants)("%s", async (_name, spec) => {
    const expected = await solveEquivalent(spec);
    const loaded = await loadCase(writeSmallHydroCase(spec));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
    const trained = await train(loaded.value);
    if (!trained.ok) throw new Error(trained.error.message);
    const lb = trained.value.finalLowerBound;
    expect(Math.abs(lb - expected) / Math.abs(expected)).toBeLessThan(1e-6);
    // The lower bound never decreases.
    const h = trained.value.history;
    for (let i = 1; i < h.length; i++) expect(h[i]!.lowerBound).toBeGreaterThanOrEqual(h[i - 1]!.lowerBound - 1e-6 * Math.abs(expected));
  });
});
