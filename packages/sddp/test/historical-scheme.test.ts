/**
 * The `historical` inflow scheme (issue 7): forward and simulated inflows replay years of
 * `inflow_history.parquet`, checked against the history rows themselves, on the reference
 * case d26 (40 years of monthly history, PAR(2) fitted from it).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case, HistoricalYears } from "@cobre/core";
import { loadCase, type SimulationScenarioResult } from "@cobre/io";
import { simulate, train } from "@cobre/sddp";
import { beforeAll, describe, expect, it } from "vitest";
import { buildHistoricalLibrary } from "../src/scenario/historical-windows";
import { buildScenarioInputs } from "../src/scenario/build-scenario-inputs";

const here = path.dirname(fileURLToPath(import.meta.url));
const d26 = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic/d26-estimated-par2");

let base: Case;
beforeAll(async () => {
  const loaded = await loadCase(d26);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
  base = loaded.value;
});

function withHistorical(c: Case, years: HistoricalYears | null, numScenarios: number): Case {
  const source = {
    ...c.config.training.scenarioSource,
    seed: 7,
    inflow: { scheme: "historical" as const },
    historicalYears: years,
  };
  return {
    ...c,
    config: {
      ...c.config,
      training: { ...c.config.training, scenarioSource: source },
      simulation: { ...c.config.simulation, enabled: true, numScenarios, scenarioSource: source },
    },
  };
}

/** History value of hydro 0 in year y, month m (1-based), straight from the parquet rows. */
function observed(c: Case, y: number, m: number): number {
  const date = `${y}-${String(m).padStart(2, "0")}-01`;
  const row = c.scenarios.inflowHistory.find((r) => r.hydroId === 0 && r.date === date);
  if (row === undefined) throw new Error(`no observation ${date}`);
  return row.valueM3s;
}

describe("historical windows", () => {
  it("keeps the years whose twelve months and two pre-window lags exist, with the observed values", () => {
    const inputs = buildScenarioInputs(base, 42);
    if (!inputs.ok) throw new Error(inputs.error.message);
    const lib = buildHistoricalLibrary(base, inputs.value, null);
    if (!lib.ok) throw new Error(lib.error.message);
    const years = [...new Set(base.scenarios.inflowHistory.map((r) => Number(r.date.slice(0, 4))))].sort();
    // The first year has no November/December before it for the PAR(2) lags.
    expect(lib.value.years).toEqual(years.slice(1));
    const w = lib.value.years.indexOf(1995);
    for (let t = 0; t < 12; t++) expect(lib.value.inflows[w * 12 + t]).toBe(observed(base, 1995, t + 1));
    const S = inputs.value.lagOrder;
    expect(S).toBe(2);
    expect(lib.value.initialLags[w * S + 0]).toBe(observed(base, 1994, 12));
    expect(lib.value.initialLags[w * S + 1]).toBe(observed(base, 1994, 11));
    // The residual of the model reproduces the observation: a = base + Σψ·lag + σ·η.
    const t = 3;
    const lag1 = observed(base, 1995, 3);
    const lag2 = observed(base, 1995, 2);
    const a =
      inputs.value.inflowBase[t]! +
      inputs.value.inflowLagCoefficient[t * S]! * lag1 +
      inputs.value.inflowLagCoefficient[t * S + 1]! * lag2 +
      inputs.value.inflowNoiseScale[t]! * lib.value.eta[w * 12 + t]!;
    expect(a).toBeCloseTo(observed(base, 1995, 4), 9);
  });

  it("restricts windows to historical_years and fails clearly when none is complete", () => {
    const inputs = buildScenarioInputs(base, 42);
    if (!inputs.ok) throw new Error(inputs.error.message);
    const list = buildHistoricalLibrary(base, inputs.value, [1990, 2003, 1981]);
    expect(list.ok && list.value.years).toEqual([1990, 2003]);
    const range = buildHistoricalLibrary(base, inputs.value, { from: 2010, to: 2012 });
    expect(range.ok && range.value.years).toEqual([2010, 2011, 2012]);
    const none = buildHistoricalLibrary(base, inputs.value, [1900]);
    expect(none.ok ? "ok" : none.error.kind).toBe("InvalidOptions");
  });
});

describe("historical scheme in training and simulation", () => {
  it("simulates whole historical years, each window once per round", async () => {
    const years = [1985, 1990, 1995, 2000];
    const c = withHistorical(base, years, 4);
    const trained = await train(c);
    if (!trained.ok) throw new Error(trained.error.message);
    // Cuts built at historical trial points are valid for the tree's single scenario, so the
    // bound never exceeds d26's optimum (it need not reach it: the trial points differ).
    expect(trained.value.finalLowerBound).toBeLessThanOrEqual(50607484.90581006 + 1e-3);
    expect(trained.value.finalLowerBound).toBeGreaterThan(0.9 * 50607484.90581006);
    const results: SimulationScenarioResult[] = [];
    const sim = await simulate(c, trained.value, { numScenarios: 4, onScenario: (r) => void results.push(r) });
    if (!sim.ok) throw new Error(sim.error.message);
    const replayed = results.map((r) => {
      const inflow = Array.from({ length: 12 }, (_, t) => {
        const i = r.hydros!.stageId.indexOf(t);
        return r.hydros!.inflowM3s[i]!;
      });
      const year = years.find((y) => inflow.every((v, t) => Math.abs(v - observed(base, y, t + 1)) < 1e-6));
      if (year === undefined) throw new Error(`scenario ${r.scenarioId} replays no historical year`);
      // Lag 1 after January is January itself; before it the window's December was used.
      return year;
    });
    expect([...replayed].sort()).toEqual(years);
  });

  it("rejects the historical scheme for loads", async () => {
    const c = withHistorical(base, null, 1);
    const bad: Case = {
      ...c,
      config: {
        ...c.config,
        training: {
          ...c.config.training,
          scenarioSource: { ...c.config.training.scenarioSource, load: { scheme: "historical" } },
        },
      },
    };
    const r = await train(bad);
    expect(r.ok).toBe(false);
  });
});
