/** scenario_source schemes: external realizations are imposed; out-of-sample draws are fresh. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case, SamplingScheme } from "@cobre/core";
import { loadCase, type SimulationScenarioResult } from "@cobre/io";
import { simulate, train, type TrainingOutcome } from "@cobre/sddp";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const d28 = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic/d28-decomp-weekly-monthly");
const tiny = path.resolve(here, "../../../examples/hydro-tiny");
const d15 = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic/d15-non-controllable-source");

async function load(dir: string): Promise<Case> {
  const r = await loadCase(dir);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function withSimulationInflow(c: Case, scheme: SamplingScheme): Case {
  const src = c.config.simulation.scenarioSource;
  return {
    ...c,
    config: { ...c.config, simulation: { ...c.config.simulation, scenarioSource: { ...src, inflow: { scheme } } } },
  };
}

async function run(c: Case, n: number, numWorkers = 1, policyOf: Case = c): Promise<SimulationScenarioResult[]> {
  let trained = policies.get(policyOf);
  if (trained === undefined) {
    const r = await train(policyOf);
    if (!r.ok) throw new Error(r.error.message);
    trained = r.value;
    policies.set(policyOf, trained);
  }
  const out: SimulationScenarioResult[] = [];
  const sim = await simulate(c, trained, { numScenarios: n, numWorkers, onScenario: (r) => void out.push(r) });
  if (!sim.ok) throw new Error(sim.error.message);
  return out;
}

/** The simulation scheme does not change the trained policy: train each case once. */
const policies = new Map<Case, TrainingOutcome>();

describe("scenario sources", () => {
  it("external: every simulated inflow is the external realization of its (stage, scenario, hydro)", async () => {
    const c = withSimulationInflow(await load(d28), "external");
    const results = await run(c, 5);
    const ext = c.scenarios.externalInflow;
    const scenarioIds = [...new Set(ext.map((r) => r.scenarioId))].sort((a, b) => a - b);
    let checked = 0;
    for (const r of results) {
      const h = r.hydros!;
      for (let i = 0; i < h.stageId.length; i++) {
        const want = ext.find(
          (x) =>
            x.stageId === h.stageId[i] &&
            x.entityId === h.hydroId[i] &&
            x.scenarioId === scenarioIds[r.scenarioId % scenarioIds.length],
        );
        if (want === undefined) continue;
        expect(h.incrementalInflowM3s[i]).toBeCloseTo(want.value, 9);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("external NCS: the availability of every simulated block is max_generation · clamp(value, 0, 1)", async () => {
    const base = await load(d15);
    const values = [0.2, 0.7, 1.3];
    const externalNcs = base.system.stages.flatMap((s) =>
      values.map((value, scenarioId) => ({ entityId: 0, stageId: s.id, scenarioId, value: value - 0.01 * s.index })),
    );
    const src = base.config.simulation.scenarioSource;
    const c: Case = {
      ...base,
      scenarios: { ...base.scenarios, externalNcs },
      config: {
        ...base.config,
        simulation: { ...base.config.simulation, scenarioSource: { ...src, ncs: { scheme: "external" } } },
      },
    };
    const results = await run(c, 3, 1, base);
    let checked = 0;
    for (const r of results) {
      const n = r.nonControllables!;
      for (let i = 0; i < n.stageId.length; i++) {
        const stage = base.system.stages.find((s) => s.id === n.stageId[i])!;
        const want = 100 * Math.min(1, Math.max(0, values[r.scenarioId % 3]! - 0.01 * stage.index));
        expect(n.availableMw[i]).toBeCloseTo(want, 9);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    // A source without statistics cannot take external values: a clear error, not a silent drop.
    const orphan = await train({
      ...c,
      scenarios: { ...c.scenarios, ncsStats: [] },
      config: { ...c.config, training: { ...c.config.training, scenarioSource: c.config.simulation.scenarioSource } },
    });
    expect(orphan.ok ? "ok" : orphan.error.kind).toBe("InvalidOptions");
  });

  it("out_of_sample: fresh inflows, reproducible and independent of the number of workers", async () => {
    const base = await load(tiny);
    const inSample = await run(base, 6);
    const fresh = withSimulationInflow(base, "out_of_sample");
    const a = await run(fresh, 6, 1, base);
    const b = await run(fresh, 6, 2, base);
    const inflows = (rs: SimulationScenarioResult[]) => rs.flatMap((r) => Array.from(r.hydros!.incrementalInflowM3s));
    expect(inflows(b)).toEqual(inflows(a));
    expect(inflows(a)).not.toEqual(inflows(inSample));
    // In-sample inflows come from the 5 openings of each stage; fresh draws almost never do.
    const pool = new Set(inflows(inSample).map((v) => v.toFixed(9)));
    const reused = inflows(a).filter((v) => pool.has(v.toFixed(9))).length;
    expect(reused).toBeLessThan(inflows(a).length / 4);
  });
});
