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
 * What the inflow of a node depends on along its path: the mean inflow of every calendar
 * month so far, as (day-weighted sum, days). A stage's PAR(1) lag is the mean over the
 * period before its own, at its own resolution (the month before for a month or a week,
 * the quarter before for a quarter), standardized with that period's statistics.
 */
type MonthHistory = ReadonlyMap<number, { readonly sum: number; readonly days: number }>;

const DAY = 86_400_000;
const monthKey = (day: number) => {
  const d = new Date(day * DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

/** Season period of stage t as [first month key, months): from its season's window. */
function seasonPeriod(spec: SmallHydroCase, seasonId: number, stageStart: string): [number, number] {
  const custom = spec.customSeasons?.find((x) => x.id === seasonId);
  const [first, last] = custom === undefined ? [seasonId + 1, seasonId + 1] : [custom.firstMonth, custom.lastMonth];
  const year = new Date(dayOf(stageStart) * DAY).getUTCFullYear();
  return [year * 12 + first - 1, last - first + 1];
}

/** Statistics of a season: those of any stage (or the pre-study stage) in it. */
function seasonStats(spec: SmallHydroCase, seasonId: number): { mean: number; std: number } {
  const t = spec.calendar!.findIndex((c) => c.seasonId === seasonId);
  if (t >= 0) return { mean: spec.inflowMean[t]!, std: spec.inflowStd[t]! };
  if (spec.par!.before.seasonId === seasonId) return spec.par!.before;
  throw new Error(`no statistics for season ${seasonId}`);
}

/** The season whose window is the `months` months starting at month key `first`. */
function seasonOfWindow(spec: SmallHydroCase, first: number, months: number): number {
  const month = (first % 12) + 1;
  if (spec.customSeasons === undefined) return month - 1;
  const s = spec.customSeasons.find((x) => x.firstMonth === month && x.lastMonth - x.firstMonth + 1 === months);
  if (s === undefined) throw new Error(`no season for month ${month} × ${months}`);
  return s.id;
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
  /** Inflow of stage t under noise ε after `history`, and the history its children see. */
  const inflowAt = (t: number, eps: number, history: MonthHistory): { a: number; next: MonthHistory } => {
    const mean = spec.inflowMean[t]!;
    const std = spec.inflowStd[t]!;
    const par = spec.par;
    const cal = spec.calendar?.[t];
    if (par === undefined || cal === undefined) return { a: mean + std * eps, next: history };
    const [first, months] = seasonPeriod(spec, cal.seasonId, cal.start);
    // Lag 1: the mean of the `months` months before this stage's period.
    let sum = 0;
    let days = 0;
    for (let m = first - months; m < first; m++) {
      const h = history.get(m);
      if (h === undefined) throw new Error(`no history for month ${m}`);
      sum += h.sum;
      days += h.days;
    }
    const lag = sum / days;
    const lagStats = seasonStats(spec, seasonOfWindow(spec, first - months, months));
    const a = mean + par.psiStar[t]! * (std / lagStats.std) * (lag - lagStats.mean) + std * par.ratio[t]! * eps;
    // Record a over the stage's days, month by month.
    const next = new Map(history);
    for (let d = dayOf(cal.start); d < dayOf(cal.end); d++) {
      const k = monthKey(d);
      const h = next.get(k) ?? { sum: 0, days: 0 };
      next.set(k, { sum: h.sum + a, days: h.days + 1 });
    }
    return { a, next };
  };
  /** Value of a node: its own cost plus the discounted risk-adjusted value of its children. */
  const node = (t: number, parentStorage: number | null, j: number, history: MonthHistory): Expr => {
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
  // Before the study: the pre-study month's observed inflow (past_inflows).
  const start = new Map<number, { sum: number; days: number }>();
  if (spec.par !== undefined) {
    const b = spec.par.before;
    const days = dayOf(b.end) - dayOf(b.start);
    start.set(monthKey(dayOf(b.start)), { sum: spec.par.pastInflow * days, days });
  }
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
    before: { start: "2023-12-01", end: "2024-01-01", seasonId: 11, mean: 35, std: 9 },
    pastInflow: 44,
  },
  initialStorage: 30,
  iterations: 80,
};

/**
 * April, May and June, then quarters (custom seasons): Q3's lag is Q2 — the day-weighted
 * mean of the three monthly inflows — standardized with Q2's statistics; later quarters
 * read the quarter before.
 */
const monthsThenQuarters: SmallHydroCase = {
  ...base,
  stages: 7,
  openings: 2,
  inflowMean: [40, 35, 30, 28, 32, 45, 42],
  inflowStd: [9, 8, 7, 6, 7, 10, 9],
  noise: [
    [-0.9, 1.1],
    [0.6, -1.0],
    [1.2, -0.4],
    [-0.7, 0.9],
    [-1.3, 0.8],
    [0.3, -1.1],
    [1.0, -0.6],
  ],
  customSeasons: [
    ...Array.from({ length: 12 }, (_, id) => ({ id, firstMonth: id + 1, lastMonth: id + 1 })),
    { id: 12, firstMonth: 7, lastMonth: 9 },
    { id: 13, firstMonth: 10, lastMonth: 12 },
    { id: 14, firstMonth: 1, lastMonth: 3 },
    { id: 15, firstMonth: 4, lastMonth: 6 },
  ],
  calendar: [
    { start: "2024-04-01", end: "2024-05-01", seasonId: 3 },
    { start: "2024-05-01", end: "2024-06-01", seasonId: 4 },
    { start: "2024-06-01", end: "2024-07-01", seasonId: 5 },
    { start: "2024-07-01", end: "2024-10-01", seasonId: 12 },
    { start: "2024-10-01", end: "2025-01-01", seasonId: 13 },
    { start: "2025-01-01", end: "2025-04-01", seasonId: 14 },
    { start: "2025-04-01", end: "2025-07-01", seasonId: 15 },
  ],
  par: {
    psiStar: [0.5, 0.55, 0.6, 0.45, 0.5, 0.4, 0.5],
    ratio: [0.85, 0.8, 0.8, 0.9, 0.85, 0.9, 0.85],
    before: { start: "2024-03-01", end: "2024-04-01", seasonId: 2, mean: 44, std: 10 },
    pastInflow: 50,
  },
  maxStorage: 400,
  initialStorage: 120,
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
  ["months then quarters, PAR(1) with quarter averages of monthly inflows", monthsThenQuarters],
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
