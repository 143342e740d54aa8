/**
 * `block_mode: "chronological"` (book, core "BlockMode"): storage moves block by block
 * inside the stage — one water balance per (hydro, block), an end-of-block storage within
 * the reservoir bounds, the stage inflow spread over the blocks by duration.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case } from "@cobre/core";
import { loadCase, type SimulationScenarioResult } from "@cobre/io";
import { simulate, train } from "@cobre/sddp";
import { describe, expect, it } from "vitest";
import { build, column, hydro, row, stage, system } from "./lp-fixture";

const here = path.dirname(fileURLToPath(import.meta.url));

describe("chronological blocks in the stage LP", () => {
  const hours = [300, 430];
  const zeta = hours.map((h) => 0.0036 * h);

  it("writes one balance per block chained through an end-of-block storage", () => {
    const chrono = { ...stage(hours), blockMode: "chronological" as const };
    const sys = system({ hydros: [hydro()], stages: [chrono] });
    const { lp, layout } = build(sys);
    const [r0, r1] = [layout.waterRows[0]!, layout.waterRows[1]!];
    expect(r0).not.toBe(r1);
    const v0 = layout.storageBlockCols[0]!;
    const vOut = layout.stateOutCols[0]!;
    const vIn = layout.stateInCols[0]!;
    expect(layout.storageBlockCols[1]).toBe(vOut);
    // Block 0: v_0 − v_in − ζ_0·a + ζ_0·(q_0 + s_0) = 0.
    const a = layout.inflowCols[0]!;
    const q0 = layout.turbinedCols[0]!;
    const q1 = layout.turbinedCols[1]!;
    const s0 = layout.spillageCols[0]!;
    const row0 = row(lp, r0);
    expect(row0.get(v0)).toBe(1);
    expect(row0.get(vIn)).toBe(-1);
    expect(row0.get(a)).toBeCloseTo(-zeta[0]!, 12);
    expect(row0.get(q0)).toBeCloseTo(zeta[0]!, 12);
    expect(row0.get(s0)).toBeCloseTo(zeta[0]!, 12);
    expect(row0.has(q1)).toBe(false);
    expect(row0.has(vOut)).toBe(false);
    // Block 1: v_out − v_0 − ζ_1·a + ζ_1·q_1 + … = 0.
    const row1 = row(lp, r1);
    expect(row1.get(vOut)).toBe(1);
    expect(row1.get(v0)).toBe(-1);
    expect(row1.get(a)).toBeCloseTo(-zeta[1]!, 12);
    expect(row1.get(q1)).toBeCloseTo(zeta[1]!, 12);
    expect(row1.has(q0)).toBe(false);
    // The intermediate storage has the reservoir's bounds.
    expect(lp.colLower[v0]).toBe(lp.colLower[vOut]);
    expect(lp.colUpper[v0]).toBe(lp.colUpper[vOut]);
  });

  it("evaluates FPHA planes at each block's own average storage", () => {
    const fpha = hydro({
      generation: {
        model: "fpha",
        productivityMwPerM3s: null,
        minTurbinedM3s: 0,
        maxTurbinedM3s: 50,
        minGenerationMw: 0,
        maxGenerationMw: 50,
      },
    });
    const plane = {
      hydroId: 0,
      stageId: null,
      planeId: 0,
      gamma0: 3,
      gammaV: 0.02,
      gammaQ: 0.9,
      gammaS: -0.01,
      kappa: 1,
      validVMinHm3: null,
      validVMaxHm3: null,
      validQMaxM3s: null,
    };
    const options = { fphaHyperplanes: [plane], productionModels: [] };
    const chrono = { ...stage(hours), blockMode: "chronological" as const };
    const c = build(system({ hydros: [fpha], stages: [chrono] }), undefined, options);
    const p = build(system({ hydros: [fpha], stages: [stage(hours)] }), undefined, options);
    const planeRow = (t: typeof c, k: number) => {
      const g = t.layout.generationCols[k]!;
      const rows = [...column(t.lp, g).keys()].filter((r) => row(t.lp, r).has(t.layout.turbinedCols[k]!));
      return row(t.lp, rows[0]!);
    };
    // Chronological block 1: −γ_v/2 on v_0 (its start) and on v_out (its end), not on v_in.
    const r1 = planeRow(c, 1);
    expect(r1.get(c.layout.storageBlockCols[0]!)).toBeCloseTo(-0.01, 15);
    expect(r1.get(c.layout.stateOutCols[0]!)).toBeCloseTo(-0.01, 15);
    expect(r1.has(c.layout.stateInCols[0]!)).toBe(false);
    // Block 0 starts at v_in and ends at v_0.
    const r0 = planeRow(c, 0);
    expect(r0.get(c.layout.stateInCols[0]!)).toBeCloseTo(-0.01, 15);
    expect(r0.get(c.layout.storageBlockCols[0]!)).toBeCloseTo(-0.01, 15);
    // Parallel blocks: every block at the stage average (v_in + v_out)/2.
    const q1 = planeRow(p, 1);
    expect(q1.get(p.layout.stateInCols[0]!)).toBeCloseTo(-0.01, 15);
    expect(q1.get(p.layout.stateOutCols[0]!)).toBeCloseTo(-0.01, 15);
  });

  it("keeps a single aggregated balance for parallel blocks", () => {
    const sys = system({ hydros: [hydro()], stages: [stage(hours)] });
    const { lp, layout } = build(sys);
    expect(layout.waterRows[0]).toBe(layout.waterRows[1]);
    const col = column(lp, layout.inflowCols[0]!);
    expect(col.get(layout.waterRows[0]!)).toBeCloseTo(-(zeta[0]! + zeta[1]!), 12);
  });
});

describe("chronological blocks in simulation outputs", () => {
  it("every block's storage change equals its own inflow minus outflows (hydro-tiny)", async () => {
    const loaded = await loadCase(path.resolve(here, "../../../examples/hydro-tiny"));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
    const base = loaded.value;
    const c: Case = {
      ...base,
      system: {
        ...base.system,
        stages: base.system.stages.map((s) => ({ ...s, blockMode: "chronological" as const })),
      },
    };
    const trained = await train(c);
    if (!trained.ok) throw new Error(trained.error.message);
    const results: SimulationScenarioResult[] = [];
    const sim = await simulate(c, trained.value, { numScenarios: 2, onScenario: (r) => void results.push(r) });
    if (!sim.ok) throw new Error(sim.error.message);
    const stages = new Map(c.system.stages.map((s) => [s.id, s]));
    let checked = 0;
    let moved = 0;
    let chained = 0;
    for (const r of results) {
      const h = r.hydros!;
      for (let i = 0; i < h.stageId.length; i++) {
        const blockHours = stages.get(h.stageId[i]!)!.blocks.find((b) => b.id === h.blockId[i])!.hours;
        const z = 0.0036 * blockHours;
        const outflow =
          h.turbinedM3s[i]! + h.spillageM3s[i]! + (h.divertedOutflowM3s?.[i] || 0) + (h.evaporationM3s?.[i] || 0);
        const change = h.storageFinalHm3[i]! - h.storageInitialHm3[i]!;
        expect(Math.abs(change - z * (h.inflowM3s[i]! - outflow))).toBeLessThanOrEqual(
          1e-6 * Math.max(1, Math.abs(change)),
        );
        if (Math.abs(change) > 1e-6) moved++;
        checked++;
      }
      // Consecutive blocks chain: block k starts where block k−1 ended.
      const path = new Map<string, [number, number, number][]>();
      for (let i = 0; i < h.stageId.length; i++) {
        const key = `${h.stageId[i]}:${h.hydroId[i]}`;
        path.set(key, [...(path.get(key) ?? []), [h.blockId[i]!, h.storageInitialHm3[i]!, h.storageFinalHm3[i]!]]);
      }
      for (const blocks of path.values()) {
        blocks.sort((x, y) => x[0] - y[0]);
        for (let k = 1; k < blocks.length; k++) {
          expect(blocks[k]![1]).toBeCloseTo(blocks[k - 1]![2], 9);
          chained++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(moved).toBeGreaterThan(0);
    expect(chained).toBeGreaterThan(0);
  });
});
