/**
 * On small stochastic cases the SDDP lower bound must equal the optimum of the
 * deterministic-equivalent LP of the whole scenario tree. The equivalent is built
 * independently of the engine's LP builder, from the case's numbers
 * (fixtures/deterministic-equivalent.ts).
 */
import { loadCase } from "@cobre/io";
import { train } from "@cobre/sddp";
import { describe, expect, it } from "vitest";
import { solveEquivalent } from "./fixtures/deterministic-equivalent";
import { THREE_STAGE_TREE, type SmallHydroCase, writeSmallHydroCase } from "./fixtures/write-case";

const base: SmallHydroCase = {
  ...THREE_STAGE_TREE,
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
