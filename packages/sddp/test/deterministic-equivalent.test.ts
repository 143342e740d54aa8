/**
 * On small stochastic cases the SDDP lower bound must equal the optimum of the
 * deterministic-equivalent LP of the whole scenario tree. The equivalent is built here,
 * independently of the engine's LP builder, from the case's numbers.
 */
import { loadCase } from "@cobre/io";
import { train } from "@cobre/sddp";
import { loadSolver } from "@cobre/solver";
import { describe, expect, it } from "vitest";
import { type SmallHydroCase, stageHours, writeSmallHydroCase } from "./fixtures/write-case";

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

type Expr = Map<number, number>;

function addTo(into: Expr, e: Expr, k: number): void {
  for (const [c, v] of e) into.set(c, (into.get(c) ?? 0) + k * v);
}

/**
 * The risk-adjusted value ρ over equally likely outcomes `children` as LP pieces:
 * (1−λ)·E[Z] + λ·(u + E[(Z−u)+]/α) with s_j ≥ Z_j − u, s_j ≥ 0 (nested CVaR stays linear).
 */
function riskExpr(lp: Lp, children: Expr[], alpha: number, lambda: number): Expr {
  const p = 1 / children.length;
  const out: Expr = new Map();
  for (const e of children) addTo(out, e, (1 - lambda) * p);
  if (lambda > 0 && alpha < 1) {
    const u = lp.col(0, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    out.set(u, (out.get(u) ?? 0) + lambda);
    for (const e of children) {
      const sj = lp.col(0, 0, Number.POSITIVE_INFINITY);
      out.set(sj, (out.get(sj) ?? 0) + (lambda * p) / alpha);
      // s_j − Z_j + u ≥ 0
      const row: [number, number][] = [
        [sj, 1],
        [u, 1],
      ];
      for (const [c, v] of e) row.push([c, -v]);
      lp.row(0, Number.POSITIVE_INFINITY, row);
    }
  }
  return out;
}

/**
 * What the inflow of a node depends on along its path: the last completed month's mean
 * inflow and statistics (lag 1 of a PAR(1) in month terms), and the current month's
 * day-weighted sum so far. Weeks of one month all read the month before (frozen lag).
 */
interface InflowHistory {
  readonly lastMonth: number;
  readonly lastStats: { readonly mean: number; readonly std: number };
  readonly monthSum: number;
  readonly monthDays: number;
}

function stageDays(spec: SmallHydroCase, t: number): number {
  return stageHours(spec, t) / 24;
}

async function solveEquivalent(spec: SmallHydroCase): Promise<number> {
  const lp = new Lp();
  const cvar = spec.riskMeasure as { cvar: { alpha: number; lambda: number } } | undefined;
  const alpha = cvar?.cvar.alpha ?? 1;
  const lambda = cvar?.cvar.lambda ?? 0;
  // One-step discount factor of each stage from its duration in days (months of 2024).
  const disc: number[] = [];
  for (let t = 0; t < spec.stages; t++) {
    const days = (Date.UTC(2024, t + 1, 1) - Date.UTC(2024, t, 1)) / 86_400_000;
    disc.push(spec.annualDiscountRate === 0 ? 1 : 1 / (1 + spec.annualDiscountRate) ** (days / 365.25));
  }
  const season = (t: number) => spec.calendar?.[t]?.seasonId ?? t;
  /** Inflow of stage t under noise ε after `history`, and the history its children see. */
  const inflowAt = (t: number, eps: number, history: InflowHistory): { a: number; next: InflowHistory } => {
    const mean = spec.inflowMean[t]!;
    const std = spec.inflowStd[t]!;
    const par = spec.par;
    let h = history;
    if (t > 0 && season(t) !== season(t - 1)) {
      // A new month: the one before is complete, its day-weighted mean becomes lag 1.
      h = {
        lastMonth: h.monthSum / h.monthDays,
        lastStats: { mean: spec.inflowMean[t - 1]!, std: spec.inflowStd[t - 1]! },
        monthSum: 0,
        monthDays: 0,
      };
    }
    const a =
      par === undefined
        ? mean + std * eps
        : mean +
          par.psiStar[t]! * (std / h.lastStats.std) * (h.lastMonth - h.lastStats.mean) +
          std * par.ratio[t]! * eps;
    const days = stageDays(spec, t);
    return { a, next: { ...h, monthSum: h.monthSum + days * a, monthDays: h.monthDays + days } };
  };
  /** Value of a node: its own cost plus the discounted risk-adjusted value of its children. */
  const node = (t: number, parentStorage: number | null, j: number, history: InflowHistory): Expr => {
    const hours = stageHours(spec, t);
    const zeta = ZETA * hours;
    const { a: inflow, next } = inflowAt(t, spec.noise[t]![j]!, history);
    const v = lp.col(0, 0, spec.maxStorage);
    const q = lp.col(0, 0, spec.maxTurbined);
    const s = lp.col(0, 0, Number.POSITIVE_INFINITY);
    const def = lp.col(0, 0, Number.POSITIVE_INFINITY);
    const exc = lp.col(0, 0, Number.POSITIVE_INFINITY);
    const gens = spec.thermals.map((th) => lp.col(0, 0, th.maxMw));
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
    const value: Expr = new Map([
      [s, spec.spillageCost * hours],
      [def, spec.deficitCost * hours],
      [exc, 0.001 * hours],
    ]);
    spec.thermals.forEach((th, i) => {
      value.set(gens[i]!, th.cost * hours);
    });
    if (t + 1 < spec.stages) {
      const children = Array.from({ length: spec.openings }, (_, k) => node(t + 1, v, k, next));
      addTo(value, riskExpr(lp, children, alpha, lambda), disc[t]!);
    }
    return value;
  };
  const start: InflowHistory = {
    lastMonth: spec.par?.pastInflow ?? 0,
    lastStats: spec.par?.december ?? { mean: 0, std: 1 },
    monthSum: 0,
    monthDays: 0,
  };
  const roots = Array.from({ length: spec.openings }, (_, j) => node(0, null, j, start));
  for (const [c, v] of riskExpr(lp, roots, alpha, lambda)) lp.cost[c] = (lp.cost[c] ?? 0) + v;
  const n = lp.cost.length;
  const colStart = new Int32Array(n + 1);
  const index: number[] = [];
  const value: number[] = [];
  for (let c = 0; c < n; c++) {
    colStart[c] = index.length;
    for (const [r, v] of lp.cols[c]!) {
      index.push(r);
      value.push(v);
    }
  }
  colStart[n] = index.length;
  const backend = await loadSolver();
  const model = backend.createModel({
    numCols: n,
    numRows: lp.rlo.length,
    colCost: Float64Array.from(lp.cost),
    colLower: Float64Array.from(lp.lo),
    colUpper: Float64Array.from(lp.hi),
    rowLower: Float64Array.from(lp.rlo),
    rowUpper: Float64Array.from(lp.rhi),
    matrix: { format: "csc", start: colStart, index: Int32Array.from(index), value: Float64Array.from(value) },
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

/**
 * Four weeks of January (7, 7, 7 and 10 days), then February and March, PAR(1) in month
 * terms: every week reads December (frozen lag), February reads January's day-weighted
 * mean, March reads February. The equivalent computes those inflows along each path by
 * the definition; the engine carries them as lag and accumulator states in its LPs.
 */
const weeksThenMonths: SmallHydroCase = {
  ...base,
  stages: 6,
  openings: 2,
  inflowMean: [30, 30, 30, 30, 25, 20],
  inflowStd: [8, 8, 8, 8, 6, 5],
  noise: [
    [-1.1, 0.9],
    [0.4, -0.7],
    [1.3, -0.2],
    [-0.6, 0.8],
    [-1.2, 1.0],
    [0.5, -1.4],
  ],
  calendar: [
    { start: "2024-01-01", end: "2024-01-08", seasonId: 0 },
    { start: "2024-01-08", end: "2024-01-15", seasonId: 0 },
    { start: "2024-01-15", end: "2024-01-22", seasonId: 0 },
    { start: "2024-01-22", end: "2024-02-01", seasonId: 0 },
    { start: "2024-02-01", end: "2024-03-01", seasonId: 1 },
    { start: "2024-03-01", end: "2024-04-01", seasonId: 2 },
  ],
  par: {
    psiStar: [0.6, 0.6, 0.6, 0.6, 0.5, 0.4],
    ratio: [0.8, 0.8, 0.8, 0.8, 0.85, 0.9],
    december: { mean: 35, std: 9 },
    pastInflow: 44,
  },
  initialStorage: 30,
  iterations: 80,
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
  [
    "2 stages × 3 openings, scarce water",
    { ...base, stages: 2, initialStorage: 5, inflowMean: [10, 8], inflowStd: [6, 5] },
  ],
  [
    "3 stages × 3 openings, CVaR α = 0.5, λ = 0.5",
    { ...base, iterations: 60, riskMeasure: { cvar: { alpha: 0.5, lambda: 0.5 } } },
  ],
  [
    "3 stages × 3 openings, pure CVaR α = 0.34, scarce water",
    { ...base, iterations: 60, initialStorage: 20, riskMeasure: { cvar: { alpha: 0.34, lambda: 1 } } },
  ],
  ["weeks of January then months, PAR(1) with frozen and averaged lags", weeksThenMonths],
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
    for (let i = 1; i < h.length; i++)
      expect(h[i]!.lowerBound).toBeGreaterThanOrEqual(h[i - 1]!.lowerBound - 1e-6 * Math.abs(expected));
  });
});

describe("the risk measure changes the problem", () => {
  it("a CVaR-averse equivalent costs more than the risk-neutral one on the same tree", async () => {
    const neutral = await solveEquivalent(base);
    const averse = await solveEquivalent({ ...base, riskMeasure: { cvar: { alpha: 0.5, lambda: 0.5 } } });
    expect(averse).toBeGreaterThan(neutral * (1 + 1e-4));
  });
});
