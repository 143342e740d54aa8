/**
 * `sampling_method` of stages.json in the engine: LHS trees, historical_residuals trees
 * built from the PAR residuals of the history, and out-of-sample forward noise shared by
 * the weeks of a month (noise groups).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case } from "@cobre/core";
import { loadCase, type SimulationScenarioResult } from "@cobre/io";
import { simulate, train } from "@cobre/sddp";
import { normalCdf, openingSeed } from "@cobre/stochastic";
import { describe, expect, it } from "vitest";
import { buildScenarioInputs } from "../src/scenario/build-scenario-inputs";
import { buildHistoricalLibrary } from "../src/scenario/historical-windows";

const here = path.dirname(fileURLToPath(import.meta.url));
const det = (name: string) => path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic", name);
const tiny = path.resolve(here, "../../../examples/hydro-tiny");

async function load(dir: string): Promise<Case> {
  const r = await loadCase(dir);
  if (!r.ok) throw new Error(JSON.stringify(r.error.errors));
  return r.value;
}

function withMethod(c: Case, method: string, openings?: number): Case {
  return {
    ...c,
    system: {
      ...c.system,
      stages: c.system.stages.map((s) => ({
        ...s,
        samplingMethod: method,
        ...(openings === undefined ? {} : { numScenarios: openings }),
      })),
    },
  };
}

describe("sampling methods in the engine", () => {
  it("lhs: every hydro's openings of a stage fall one per stratum", async () => {
    const c = withMethod(await load(tiny), "lhs", 16);
    const inputs = buildScenarioInputs(c, 42);
    if (!inputs.ok) throw new Error(inputs.error.message);
    const { noiseDim: dim, numOpenings, openings } = inputs.value;
    for (let t = 0; t < c.system.stages.length; t++) {
      const n = numOpenings[t]!;
      expect(n).toBe(16);
      for (let e = 0; e < c.system.hydros.length; e++) {
        const strata = new Set<number>();
        for (let j = 0; j < n; j++) strata.add(Math.floor(normalCdf(openings[t]![j * dim + e]!) * n));
        expect(strata.size).toBe(n);
      }
    }
    const short: Case = {
      ...c,
      config: {
        ...c.config,
        training: { ...c.config.training, stoppingRules: [{ type: "iteration_limit", limit: 3 }] },
      },
    };
    const trained = await train(short);
    expect(trained.ok && Number.isFinite(trained.value.finalLowerBound)).toBe(true);
  });

  it("historical_residuals: each opening is the residual of a historical year chosen by the seed", async () => {
    const base = await load(det("d26-estimated-par2"));
    const c = withMethod(base, "historical_residuals", 5);
    const inputs = buildScenarioInputs(c, 42);
    if (!inputs.ok) throw new Error(inputs.error.message);
    const plain = buildScenarioInputs(base, 42);
    if (!plain.ok) throw new Error(plain.error.message);
    const lib = buildHistoricalLibrary(base, plain.value, null);
    if (!lib.ok) throw new Error(lib.error.message);
    const W = lib.value.years.length;
    const T = c.system.stages.length;
    for (let t = 0; t < T; t++) {
      expect(inputs.value.numOpenings[t]).toBe(5);
      for (let o = 0; o < 5; o++) {
        const w = Number(openingSeed(42n, o, c.system.stages[t]!.id) % BigInt(W));
        expect(inputs.value.openings[t]![o]).toBeCloseTo(lib.value.eta[w * T + t]!, 12);
      }
    }
    const trained = await train(c);
    expect(trained.ok && Number.isFinite(trained.value.finalLowerBound)).toBe(true);
  });

  it("selective is refused for the opening tree", async () => {
    const c = withMethod(await load(tiny), "selective");
    const r = await train(c);
    expect(r.ok ? "ok" : r.error.kind).toBe("InvalidOptions");
  });

  it("out-of-sample noise is shared by the weeks of a month: d29's four January weeks see one inflow", async () => {
    const c = await load(det("d29-weekly-par-noise-sharing"));
    expect(c.config.training.scenarioSource.inflow.scheme).toBe("out_of_sample");
    const trained = await train(c);
    if (!trained.ok) throw new Error(trained.error.message);
    const results: SimulationScenarioResult[] = [];
    const sim = await simulate(c, trained.value, { numScenarios: 3, onScenario: (r) => void results.push(r) });
    if (!sim.ok) throw new Error(sim.error.message);
    const perScenario = results.map((r) => {
      const h = r.hydros!;
      return [0, 1, 2, 3].map((s) => h.inflowM3s[h.stageId.indexOf(s)]!);
    });
    for (const inflows of perScenario) for (const a of inflows) expect(a).toBeCloseTo(inflows[0]!, 9);
    // …and scenarios differ from each other (the noise is not constant).
    expect(new Set(perScenario.map((x) => x[0]!.toFixed(6))).size).toBeGreaterThan(1);
  });
});
