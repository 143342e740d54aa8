/**
 * The simulation extractor on one solved stage LP of a small reference case: the rows it
 * reads back match values computed by hand from the case data — storage balances, bus
 * balances, costs per entity and their sum, spot prices and water values from the duals.
 */
import type { Case } from "@cobre/core";
import { loadCase, type SimulationScenarioResult } from "@cobre/io";
import { loadSolver } from "@cobre/solver";
import { referencePath } from "@cobre/test-support";
import { describe, expect, it } from "vitest";
import { CutPool } from "../src/cuts/cut-pool";
import { StageSolvers } from "../src/lp/stage-solvers";
import { ScenarioExtractor } from "../src/simulation/extract";
import { cols } from "../src/simulation/extract-columns";
import { prepareStudy } from "../src/study/prepare-study";

/** hm³ per (m³/s · h). */
const ZETA = 0.0036;

interface SolvedStage {
  readonly c: Case;
  readonly r: SimulationScenarioResult;
  /** The solve's own figures: objective, immediate cost, θ. */
  readonly lp: { objective: number; immediateCost: number; theta: number };
  readonly presentValueCost: number;
}

/**
 * Solves stage 0 of a deterministic reference case from its initial storage, with the
 * cut `θ ≥ intercept + slopes·v_out` in stage 0's pool when given, and extracts it.
 */
async function solveStage0(name: string, cut?: { intercept: number; slopes: number[] }): Promise<SolvedStage> {
  const loaded = await loadCase(referencePath("examples", "deterministic", name));
  if (!loaded.ok) throw new Error(loaded.error.message);
  const c = loaded.value;
  const prepared = prepareStudy(c);
  if (!prepared.ok) throw new Error(prepared.error.message);
  const study = prepared.value;
  const pools = study.templates.map((t) => new CutPool(t.layout.stateDim));
  if (cut !== undefined) pools[0]!.add(cut.intercept, cut.slopes, 1, 0);
  const solvers = new StageSolvers(
    await loadSolver(),
    study.templates,
    study.inputs,
    pools,
    c.config.modeling.inflowNonNegativity.method,
  );
  const extractor = new ScenarioExtractor(study, 0);
  const dim = study.templates[0]!.layout.stateDim;
  // A deterministic case: every noise is zero.
  const noise = new Float64Array(study.inputs.noiseDim);
  solvers.solve(0, study.initialState.subarray(0, dim), noise, {
    phase: "simulation",
    iteration: 0,
    scenario: 0,
    opening: 0,
  });
  extractor.addStage(0, solvers);
  const lp = { ...solvers.result };
  solvers.dispose();
  return { c, r: extractor.finish(), lp, presentValueCost: extractor.presentValueCost };
}

/** A column the extractor always writes (optional in the output types). */
function col(values: Float64Array | undefined): Float64Array {
  if (values === undefined) throw new Error("column missing");
  return values;
}

/** Net injection into each (bus, block) row of the bus table from the generators and lines. */
function busSupply(c: Case, r: SimulationScenarioResult): number[] {
  const b = r.buses!;
  const rowOf = (busId: number, blockId: number) => {
    for (let i = 0; i < b.busId.length; i++) if (b.busId[i] === busId && b.blockId[i] === blockId) return i;
    throw new Error(`no bus row for bus ${busId}, block ${blockId}`);
  };
  const supply = new Array<number>(b.busId.length).fill(0);
  const h = r.hydros;
  for (let i = 0; i < (h?.hydroId.length ?? 0); i++) {
    const hydro = c.system.hydros.find((x) => x.id === h!.hydroId[i])!;
    supply[rowOf(hydro.busId, h!.blockId[i]!)]! += h!.generationMw[i]!;
  }
  const th = r.thermals;
  for (let i = 0; i < (th?.thermalId.length ?? 0); i++) {
    const thermal = c.system.thermals.find((x) => x.id === th!.thermalId[i])!;
    supply[rowOf(thermal.busId, th!.blockId[i]!)]! += th!.generationMw[i]!;
  }
  const ex = r.exchanges;
  for (let i = 0; i < (ex?.lineId.length ?? 0); i++) {
    const line = c.system.lines.find((x) => x.id === ex!.lineId[i])!;
    const net = ex!.directFlowMw[i]! - ex!.reverseFlowMw[i]!;
    supply[rowOf(line.sourceBusId, ex!.blockId[i]!)]! -= net;
    supply[rowOf(line.targetBusId, ex!.blockId[i]!)]! += net;
  }
  return supply.map((s, i) => s + col(b.deficitMw)[i]! - col(b.excessMw)[i]!);
}

/** The cost components of block row `i`, summed. */
function components(r: SimulationScenarioResult, i: number): number {
  const k = r.costs;
  return [
    k.thermalCost,
    k.contractCost,
    k.deficitCost,
    k.excessCost,
    k.hydroViolationCost,
    k.spillageCost,
    k.fphaTurbinedCost,
    k.curtailmentCost,
    k.exchangeCost,
  ].reduce((sum, values) => sum + col(values)[i]!, 0);
}

describe("ScenarioExtractor on a solved stage", () => {
  // d04: two buses joined by a 15 MW line; H0 (1 MW per m³/s, 50 m³/s) and a 50 $/MWh
  // thermal at B0 (load 30 MW), H1 (20 m³/s) at B1 (load 40 MW); one 730 h block; storages
  // 100 and 50 hm³, inflows 35 and 15 m³/s. The cut values H0's water at 20000 $/hm³ (72
  // $/MWh, above the thermal) and H1's at 30000 $/hm³ (108 $/MWh, below the 1000 $/MWh
  // deficit): H0 stores, the thermal serves B0 and exports 15 MW, B1 still runs 5 MW short.
  it("d04 with a cut: dispatch, storages, costs, spot prices and water values by hand", async () => {
    const { c, r, lp, presentValueCost } = await solveStage0("d04-transmission", {
      intercept: 1e7,
      slopes: [-20000, -30000],
    });
    const h = r.hydros!;
    expect(Array.from(h.hydroId)).toEqual([0, 1]);
    expect(h.turbinedM3s[0]).toBeCloseTo(0, 9);
    expect(h.turbinedM3s[1]).toBeCloseTo(20, 9);
    expect(Array.from(h.storageInitialHm3)).toEqual([100, 50]);
    // v_out = v_in + ζ · 730 · (inflow − turbined − spillage).
    expect(h.storageFinalHm3[0]).toBeCloseTo(100 + ZETA * 730 * 35, 9);
    expect(h.storageFinalHm3[1]).toBeCloseTo(50 + ZETA * 730 * (15 - 20), 9);
    for (let i = 0; i < 2; i++) {
      const balance = h.storageInitialHm3[i]! + ZETA * 730 * (h.inflowM3s[i]! - h.turbinedM3s[i]! - h.spillageM3s[i]!);
      expect(h.storageFinalHm3[i]).toBeCloseTo(balance, 9);
    }
    // The water balance duals are the cut's slopes.
    expect(h.waterValuePerHm3[0]).toBeCloseTo(-20000, 6);
    expect(h.waterValuePerHm3[1]).toBeCloseTo(-30000, 6);

    expect(r.thermals!.generationMw[0]).toBeCloseTo(45, 9);
    expect(r.thermals!.generationCost[0]).toBeCloseTo(45 * 50 * 730, 6);
    expect(r.exchanges!.directFlowMw[0]).toBeCloseTo(15, 9);
    expect(col(r.exchanges!.exchangeCost)[0]).toBeCloseTo(15 * 0.01 * 730, 9);

    const b = r.buses!;
    expect(Array.from(b.loadMw)).toEqual([30, 40]);
    expect(col(b.deficitMw)[0]).toBeCloseTo(0, 9);
    expect(col(b.deficitMw)[1]).toBeCloseTo(5, 9);
    for (const [i, s] of busSupply(c, r).entries()) expect(s).toBeCloseTo(b.loadMw[i]!, 9);
    // The marginal MW: the thermal's 50 $/MWh at B0, the deficit's 1000 $/MWh at B1.
    expect(b.spotPrice[0]).toBeCloseTo(50, 6);
    expect(b.spotPrice[1]).toBeCloseTo(1000, 6);

    const k = r.costs;
    const immediate = 45 * 50 * 730 + 5 * 1000 * 730 + 15 * 0.01 * 730;
    expect(col(k.deficitCost)[0]).toBeCloseTo(5 * 1000 * 730, 6);
    expect(col(k.thermalCost)[0]).toBeCloseTo(45 * 50 * 730, 6);
    expect(k.immediateCost[0]).toBeCloseTo(immediate, 6);
    expect(components(r, 0)).toBeCloseTo(immediate, 6);
    expect(lp.immediateCost).toBeCloseTo(immediate, 6);
    // θ at the cut: 1e7 − 20000 · 191.98 − 30000 · 36.86, on the stage's (only) block.
    const theta = 1e7 - 20000 * (100 + ZETA * 730 * 35) - 30000 * (50 + ZETA * 730 * -5);
    expect(k.futureCost[0]).toBeCloseTo(theta, 5);
    expect(lp.theta).toBeCloseTo(theta, 5);
    expect(k.discountFactor[0]).toBe(1);
    expect(k.totalCost[0]).toBeCloseTo(immediate, 6);
    // Not the last stage: the scenario's cost so far is the stage's own.
    expect(presentValueCost).toBeCloseTo(immediate, 6);
  });

  // d22: one hydro (min outflow 30 m³/s, penalty 5000 $ per m³/s·h below it, 5 hm³ stored,
  // 10 m³/s inflow) and a 100 $/MWh thermal serve 20 MW in three blocks of 200, 300 and
  // 230 h. Without cuts the water runs out, so the outflow violation is a stage cost the
  // extractor spreads over the blocks by their hours.
  it("d22 with three blocks: balances per block and the stage cost spread by hours", async () => {
    const { c, r, lp, presentValueCost } = await solveStage0("d22-per-block-min-outflow");
    const hours = [200, 300, 230];
    const h = r.hydros!;
    expect(Array.from(h.blockId)).toEqual([0, 1, 2]);
    // Parallel blocks: the stage's storage on every row, one balance over the blocks.
    expect(Array.from(h.storageInitialHm3)).toEqual([5, 5, 5]);
    let released = 0;
    for (let k = 0; k < 3; k++) released += hours[k]! * (h.turbinedM3s[k]! + h.spillageM3s[k]!);
    const storageOut = 5 + ZETA * (730 * 10 - released);
    for (let k = 0; k < 3; k++) expect(h.storageFinalHm3[k]).toBeCloseTo(storageOut, 9);
    expect(storageOut).toBeCloseTo(0, 9);
    expect(Array.from(h.storageBindingCode ?? [])).toEqual([1, 1, 1]);

    const th = r.thermals!;
    const b = r.buses!;
    for (const s of busSupply(c, r)) expect(s).toBeCloseTo(20, 9);
    for (let k = 0; k < 3; k++) {
      expect(h.generationMw[k]! + th.generationMw[k]!).toBeCloseTo(20, 9);
      expect(th.generationCost[k]).toBeCloseTo(th.generationMw[k]! * 100 * hours[k]!, 6);
      // The thermal is marginal in every block.
      expect(b.spotPrice[k]).toBeCloseTo(100, 6);
    }

    const costs = r.costs;
    let violation = 0;
    for (let k = 0; k < 3; k++) violation += 5000 * hours[k]! * Math.max(0, 30 - h.turbinedM3s[k]! - h.spillageM3s[k]!);
    expect(violation).toBeGreaterThan(1e7);
    let stageCost = 0;
    for (let k = 0; k < 3; k++) {
      // The remainder goes to the blocks by their hours: the same cost per hour in each.
      expect(col(costs.hydroViolationCost)[k]! / hours[k]!).toBeCloseTo(violation / 730, 6);
      expect(col(costs.thermalCost)[k]).toBeCloseTo(th.generationCost[k]!, 6);
      expect(costs.immediateCost[k]).toBeCloseTo(components(r, k), 6);
      expect(costs.futureCost[k]).toBe(0);
      stageCost += costs.immediateCost[k]!;
    }
    const thermal = th.generationCost.reduce((a, v) => a + v, 0);
    expect(stageCost).toBeCloseTo(thermal + violation, 4);
    expect(stageCost).toBeCloseTo(lp.immediateCost, 4);
    expect(presentValueCost).toBeCloseTo(lp.immediateCost, 4);
  });
});

describe("extractor columns", () => {
  it("keep every row when a family has more rows than the capacity it was sized for", () => {
    // Sized from the study, a column never grows in a simulation: this is the fallback.
    const c = cols(2, { stageId: "i32", value: "f64" });
    const values = [1.5, -2, 7.25, 0.5, 3];
    values.forEach((v, i) => {
      c.stageId.push(i - 1);
      c.value.push(v);
    });
    c.add("value", 3, 0.25);
    expect(c.rowCount).toBe(5);
    expect(Array.from(c.value.f64())).toEqual([1.5, -2, 7.25, 0.75, 3]);
    expect(Array.from(c.stageId.i32())).toEqual([-1, 0, 1, 2, 3]);
    expect(Array.from(c.value.i8())).toEqual([1, -2, 7, 0, 3]);
  });
});
