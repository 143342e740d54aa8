/**
 * Multi-resolution inflow lags (issue 7): the planner's transitions checked by hand, and
 * the lag values a simulation reports on the reference cases d29 (weeks of January,
 * PAR(1)) and d30 (months, then quarters), recomputed from the simulated inflows.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SeasonDefinitions, Stage } from "@cobre/core";
import { loadCase, type SimulationScenarioResult } from "@cobre/io";
import { simulate, train } from "@cobre/sddp";
import { describe, expect, it } from "vitest";
import { buildScenarioInputs } from "../src/scenario/build-scenario-inputs";
import { inflowModelInputs } from "../src/scenario/inflow-model-inputs";
import { planLagTransitions } from "../src/lp/lag-transitions";

const here = path.dirname(fileURLToPath(import.meta.url));
const det = (name: string) => path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic", name);

const monthly: SeasonDefinitions = {
  cycleType: "monthly",
  seasons: Array.from({ length: 12 }, (_, i) => ({
    id: i,
    label: `m${i + 1}`,
    monthStart: i + 1,
    dayStart: null,
    monthEnd: null,
    dayEnd: null,
  })),
};

function stage(index: number, startDate: string, endDate: string, seasonId: number): Stage {
  return {
    id: index,
    index,
    startDate,
    endDate,
    seasonId,
    blocks: [{ id: 0, name: "B", hours: 1 }],
    numScenarios: 1,
    blockMode: "parallel",
    stateVariables: { storage: true, inflowLags: true },
    riskMeasure: { type: "expectation" },
    samplingMethod: "saa",
  };
}

describe("planLagTransitions", () => {
  it("keeps the classic shift for a monthly study", () => {
    const stages = [stage(0, "2024-01-01", "2024-02-01", 0), stage(1, "2024-02-01", "2024-03-01", 1)];
    const plan = planLagTransitions(stages, monthly, [2, 2]);
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.value).toMatchObject({ slots: 2, lagSlots: 2, accumulatorSlot: -1 });
    expect(plan.value.transitions).toEqual([null, null]);
  });

  it("freezes lags inside a month and closes it with the hour-weighted average", () => {
    // Weeks of April 2026 (30 days) starting on the 4th; 3 days observed before the study.
    const stages = [
      stage(0, "2026-04-04", "2026-04-11", 3),
      stage(1, "2026-04-11", "2026-04-18", 3),
      stage(2, "2026-04-18", "2026-04-25", 3),
      stage(3, "2026-04-25", "2026-05-02", 3),
      stage(4, "2026-05-02", "2026-06-01", 4),
    ];
    const obs = [{ hydroId: 0, startDate: "2026-03-28", endDate: "2026-04-04" }];
    const plan = planLagTransitions(stages, monthly, [1, 1, 1, 1, 1], obs);
    if (!plan.ok) throw new Error(plan.message);
    const { transitions, accumulatorSlot: acc } = plan.value;
    expect(plan.value).toMatchObject({ slots: 2, lagSlots: 1, accumulatorSlot: 1 });
    expect(plan.value.seedWeight).toBeCloseTo(3 / 30, 15);
    // Weeks 0–2: lag frozen, accumulator += 7/30 · a (week 0 starts from the seed).
    expect(transitions[0]).toEqual([
      { inflow: 0, terms: [[0, 1]] },
      { inflow: 7 / 30, terms: [[acc, 1]] },
    ]);
    expect(transitions[2]).toEqual(transitions[1]);
    // Week 3 closes April: 6 of its 7 days are April, 1 spills into May (31 days).
    // Covered share of April W = 3/30 + 3·7/30 + 6/30 = 1, so lag 1 = acc + 6/30·a.
    const t3 = transitions[3]!;
    expect(t3[0]!.inflow).toBeCloseTo(6 / 30, 15);
    expect(t3[0]!.terms).toEqual([[acc, 1]]);
    expect(t3[1]).toEqual({ inflow: 1 / 31, terms: [] });
    // May: its own stage plus the spilled day, W = 1/31 + 30/31 = 1.
    const t4 = transitions[4]!;
    expect(t4[0]!.inflow).toBeCloseTo(30 / 31, 15);
    expect(t4[0]!.terms).toEqual([[acc, 1]]);
  });

  it("averages months into the quarterly lags at a month → quarter transition", () => {
    const seasons: SeasonDefinitions = {
      cycleType: "custom",
      seasons: [
        ...monthly.seasons.map((s) => ({ ...s, dayStart: 1, monthEnd: s.monthStart, dayEnd: 31 })),
        { id: 12, label: "Q3", monthStart: 7, dayStart: 1, monthEnd: 9, dayEnd: 30 },
        { id: 13, label: "Q4", monthStart: 10, dayStart: 1, monthEnd: 12, dayEnd: 31 },
      ],
    };
    const stages = [
      stage(0, "2024-04-01", "2024-05-01", 3),
      stage(1, "2024-05-01", "2024-06-01", 4),
      stage(2, "2024-06-01", "2024-07-01", 5),
      stage(3, "2024-07-01", "2024-10-01", 12),
      stage(4, "2024-10-01", "2025-01-01", 13),
    ];
    const plan = planLagTransitions(stages, seasons, [1, 1, 1, 1, 1]);
    if (!plan.ok) throw new Error(plan.message);
    // Quarterly PAR(1) after the transition needs the two months before June in the state.
    expect(plan.value).toMatchObject({ slots: 2, lagSlots: 2, accumulatorSlot: -1 });
    const t2 = plan.value.transitions[2]!;
    // Q2 = (30·April + 31·May + 30·June) / 91 with June = a, May = lag 1, April = lag 2.
    expect(t2[0]!.inflow).toBeCloseTo(30 / 91, 15);
    expect(t2[0]!.terms.map(([s, c]) => [s, Number(c.toFixed(15))])).toEqual([
      [0, Number((31 / 91).toFixed(15))],
      [1, Number((30 / 91).toFixed(15))],
    ]);
    expect(plan.value.transitions[3]).toBeNull();
  });

  it("rejects disaggregation (quarter → month)", () => {
    const seasons: SeasonDefinitions = {
      cycleType: "custom",
      seasons: [
        { id: 0, label: "Q1", monthStart: 1, dayStart: 1, monthEnd: 3, dayEnd: 31 },
        { id: 1, label: "Apr", monthStart: 4, dayStart: 1, monthEnd: 4, dayEnd: 30 },
      ],
    };
    const stages = [stage(0, "2024-01-01", "2024-04-01", 0), stage(1, "2024-04-01", "2024-05-01", 1)];
    const plan = planLagTransitions(stages, seasons, [1, 1]);
    expect(plan.ok).toBe(false);
  });
});

async function simulateCase(name: string): Promise<SimulationScenarioResult[]> {
  const loaded = await loadCase(det(name));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
  const trained = await train(loaded.value);
  if (!trained.ok) throw new Error(trained.error.message);
  const results: SimulationScenarioResult[] = [];
  const sim = await simulate(loaded.value, trained.value, { numScenarios: 2, onScenario: (r) => void results.push(r) });
  if (!sim.ok) throw new Error(sim.error.message);
  return results;
}

/** Stage-level inflow of hydro 0 (block rows repeat it) and its reported lag 1 per stage. */
function series(r: SimulationScenarioResult): { inflow: Map<number, number>; lag1: Map<number, number> } {
  const inflow = new Map<number, number>();
  const h = r.hydros!;
  for (let i = 0; i < h.stageId.length; i++) if (h.hydroId[i] === 0) inflow.set(h.stageId[i]!, h.inflowM3s[i]!);
  const lag1 = new Map<number, number>();
  const l = r.inflowLags!;
  for (let i = 0; i < l.stageId.length; i++)
    if (l.hydroId[i] === 0 && l.lagIndex[i] === 1) lag1.set(l.stageId[i]!, l.inflowM3s[i]!);
  return { inflow, lag1 };
}

describe("multi-resolution lags in simulation outputs", () => {
  it("d29: weeks of January keep December as lag 1; the last week reports January's average", async () => {
    for (const r of await simulateCase("d29-weekly-par-noise-sharing")) {
      const { inflow, lag1 } = series(r);
      for (const s of [0, 1, 2]) expect(lag1.get(s)).toBeCloseTo(200, 9);
      // Four 7-day weeks cover 28 of January's 31 days: the average over the covered days.
      const avg = ((inflow.get(0)! + inflow.get(1)! + inflow.get(2)! + inflow.get(3)!) * 7) / 28;
      expect(lag1.get(3)).toBeCloseTo(avg, 6);
    }
  });

  it("d30: June closes Q2 as the day-weighted average of April, May and June", async () => {
    for (const r of await simulateCase("d30-multi-resolution-monthly-quarterly")) {
      const { inflow, lag1 } = series(r);
      for (const s of [0, 1, 2, 3, 4]) expect(lag1.get(s)).toBeCloseTo(inflow.get(s)!, 6);
      const q2 = (30 * inflow.get(3)! + 31 * inflow.get(4)! + 30 * inflow.get(5)!) / 91;
      expect(lag1.get(5)).toBeCloseTo(q2, 6);
      // Quarterly stages shift as usual: lag 1 after Q3 is Q3's inflow.
      expect(lag1.get(6)).toBeCloseTo(inflow.get(6)!, 6);
    }
  });
});

describe("initial lags beyond past_inflows", () => {
  it("d12 (PAR(p)-A, 12 lags, two past inflows): lags 3–12 are the seasonal means of those months", async () => {
    const loaded = await loadCase(det("d12-par-annual"));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
    const c = loaded.value;
    const inputs = buildScenarioInputs(c, 42);
    if (!inputs.ok) throw new Error(inputs.error.message);
    const par = inflowModelInputs(c);
    if (!par.ok) throw new Error(par.error.message);
    const H = c.system.hydros.length;
    expect(inputs.value.inflowLagSlots).toBe(12);
    const seasonOf = new Map([...c.system.preStudyStages, ...c.system.stages].map((s) => [s.id, s.seasonId]));
    for (let h = 0; h < H; h++) {
      const hydroId = c.system.hydros[h]!.id;
      const past = c.system.initialConditions.pastInflows.find((p) => p.hydroId === hydroId)!.valuesM3s;
      expect(inputs.value.initialLags[0 * H + h]).toBe(past[0]);
      expect(inputs.value.initialLags[1 * H + h]).toBe(past[1]);
      for (let k = 3; k <= 12; k++) {
        // The first stage is January (season 0): lag k is the month k before it.
        const season = (12 - k) % 12;
        const mean = par.value.seasonalStats.find((r) => r.hydroId === hydroId && seasonOf.get(r.stageId) === season)!;
        expect(inputs.value.initialLags[(k - 1) * H + h]).toBe(mean.meanM3s);
      }
    }
  });
});
