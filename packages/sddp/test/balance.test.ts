/**
 * Simulation outputs obey physics: per (hydro, stage) the storage change equals inflows
 * minus outflows (turbined, spilled, diverted, evaporated, withdrawn, pumped), and per
 * (bus, block) generation + imports + deficit − excess − pumping ± contracts = load.
 * Checked on the cases of the modelling features (issue 7) and on the bundled example.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Case, isInService } from "@cobre/core";
import { loadCase, type SimulationScenarioResult } from "@cobre/io";
import { simulate, train } from "@cobre/sddp";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const det = (name: string) => path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic", name);

const cases: [string, string][] = [
  ["d04 transmission", det("d04-transmission")],
  ["d07 computed FPHA", det("d07-fpha-computed")],
  ["d08 evaporation", det("d08-evaporation")],
  ["d11 withdrawal", det("d11-water-withdrawal")],
  ["d15 non-controllable source", det("d15-non-controllable-source")],
  ["d23 bidirectional withdrawal", det("d23-bidirectional-withdrawal")],
  ["d28 weekly → monthly", det("d28-decomp-weekly-monthly")],
  ["d29 weekly PAR noise sharing", det("d29-weekly-par-noise-sharing")],
  ["d30 monthly → quarterly", det("d30-multi-resolution-monthly-quarterly")],
  ["hydro-tiny example", path.resolve(here, "../../../examples/hydro-tiny")],
];

function close(a: number, b: number, scale: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, scale));
}

function checkWater(c: Case, r: SimulationScenarioResult): number {
  const h = r.hydros;
  if (h === undefined) {
    // Only a system without hydros may skip the water balance.
    expect(c.system.hydros, `scenario ${r.scenarioId} has no hydro rows`).toHaveLength(0);
    return 0;
  }
  const stages = new Map(c.system.stages.map((s) => [s.id, s]));
  const withdrawal = (hydroId: number, stageId: number) =>
    c.constraints.hydroBounds.find((b) => b.hydroId === hydroId && b.stageId === stageId)?.waterWithdrawalM3s ?? 0;
  const pumped = new Map<string, number>();
  const p = r.pumpingStations;
  if (p !== undefined) {
    for (let i = 0; i < p.stageId.length; i++) {
      const ps = c.system.pumpingStations.find((x) => x.id === p.pumpingStationId[i])!;
      const zeta = 0.0036 * stages.get(p.stageId[i]!)!.blocks.find((b) => b.id === p.blockId[i])!.hours;
      const key = (hid: number) => `${hid}:${p.stageId[i]}`;
      pumped.set(
        key(ps.destinationHydroId),
        (pumped.get(key(ps.destinationHydroId)) ?? 0) + zeta * p.pumpedFlowM3s[i]!,
      );
      pumped.set(key(ps.sourceHydroId), (pumped.get(key(ps.sourceHydroId)) ?? 0) - zeta * p.pumpedFlowM3s[i]!);
    }
  }
  // Accumulate per (hydro, stage) over blocks.
  const acc = new Map<
    string,
    {
      v0: number;
      v1: number;
      net: number;
      stage: number;
      hydro: number;
      evap: number;
      wPos: number;
      wNeg: number;
      slack: number;
    }
  >();
  for (let i = 0; i < h.stageId.length; i++) {
    const stage = stages.get(h.stageId[i]!)!;
    const zeta = 0.0036 * stage.blocks.find((b) => b.id === h.blockId[i])!.hours;
    const key = `${h.hydroId[i]}:${h.stageId[i]}`;
    const a = acc.get(key) ?? {
      v0: h.storageInitialHm3[i]!,
      v1: h.storageFinalHm3[i]!,
      net: 0,
      stage: h.stageId[i]!,
      hydro: h.hydroId[i]!,
      evap: h.evaporationM3s?.[i] ?? Number.NaN,
      wPos: h.waterWithdrawalViolationPosM3s?.[i] ?? 0,
      wNeg: h.waterWithdrawalViolationNegM3s?.[i] ?? 0,
      slack: h.inflowNonnegativitySlackM3s?.[i] ?? 0,
    };
    const dIn = h.divertedInflowM3s?.[i] ?? Number.NaN;
    const dOut = h.divertedOutflowM3s?.[i] ?? Number.NaN;
    a.net +=
      zeta *
      (h.inflowM3s[i]! +
        (Number.isNaN(dIn) ? 0 : dIn) -
        h.turbinedM3s[i]! -
        h.spillageM3s[i]! -
        (Number.isNaN(dOut) ? 0 : dOut));
    acc.set(key, a);
  }
  for (const a of acc.values()) {
    const stage = stages.get(a.stage)!;
    const zetaT = 0.0036 * stage.blocks.reduce((s, b) => s + b.hours, 0);
    const w = withdrawal(a.hydro, a.stage);
    const evap = Number.isNaN(a.evap) ? 0 : a.evap;
    const expected =
      a.v0 + a.net + zetaT * (a.slack - evap - (w - a.wNeg + a.wPos)) + (pumped.get(`${a.hydro}:${a.stage}`) ?? 0);
    close(a.v1, expected, Math.abs(a.v0) + Math.abs(a.net));
  }
  return acc.size;
}

function checkBuses(c: Case, r: SimulationScenarioResult): number {
  const b = r.buses!;
  const inject = new Map<string, number>();
  const add = (bus: number, stage: number, block: number, v: number) => {
    const k = `${bus}:${stage}:${block}`;
    inject.set(k, (inject.get(k) ?? 0) + v);
  };
  const busOf = <T extends { id: number; busId: number }>(list: readonly T[], id: number) =>
    list.find((x) => x.id === id)!.busId;
  const h = r.hydros;
  if (h !== undefined)
    for (let i = 0; i < h.stageId.length; i++)
      add(busOf(c.system.hydros, h.hydroId[i]!), h.stageId[i]!, h.blockId[i]!, h.generationMw[i]!);
  const t = r.thermals;
  if (t !== undefined)
    for (let i = 0; i < t.stageId.length; i++)
      add(busOf(c.system.thermals, t.thermalId[i]!), t.stageId[i]!, t.blockId[i]!, t.generationMw[i]!);
  const n = r.nonControllables;
  if (n !== undefined)
    for (let i = 0; i < n.stageId.length; i++)
      add(
        busOf(c.system.nonControllableSources, n.nonControllableId[i]!),
        n.stageId[i]!,
        n.blockId[i]!,
        n.generationMw[i]!,
      );
  const p = r.pumpingStations;
  if (p !== undefined)
    for (let i = 0; i < p.stageId.length; i++)
      add(
        busOf(c.system.pumpingStations, p.pumpingStationId[i]!),
        p.stageId[i]!,
        p.blockId[i]!,
        -p.powerConsumptionMw[i]!,
      );
  const ct = r.contracts;
  if (ct !== undefined)
    for (let i = 0; i < ct.stageId.length; i++) {
      const contract = c.system.energyContracts.find((x) => x.id === ct.contractId[i])!;
      add(contract.busId, ct.stageId[i]!, ct.blockId[i]!, (contract.type === "import" ? 1 : -1) * ct.powerMw[i]!);
    }
  const e = r.exchanges;
  if (e !== undefined)
    for (let i = 0; i < e.stageId.length; i++) {
      const line = c.system.lines.find((l) => l.id === e.lineId[i])!;
      const keep = 1 - line.lossesPercent / 100;
      add(line.sourceBusId, e.stageId[i]!, e.blockId[i]!, -e.directFlowMw[i]! + keep * e.reverseFlowMw[i]!);
      add(line.targetBusId, e.stageId[i]!, e.blockId[i]!, keep * e.directFlowMw[i]! - e.reverseFlowMw[i]!);
    }
  for (let i = 0; i < b.stageId.length; i++) {
    const supply =
      (inject.get(`${b.busId[i]}:${b.stageId[i]}:${b.blockId[i]}`) ?? 0) + b.deficitMw![i]! - b.excessMw![i]!;
    close(supply, b.loadMw[i]!, b.loadMw[i]!);
  }
  return b.stageId.length;
}

describe("water and power balance of simulation outputs", () => {
  it.each(cases)("%s", async (_name, dir) => {
    const loaded = await loadCase(dir);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
    const trained = await train(loaded.value);
    if (!trained.ok) throw new Error(trained.error.message);
    expect(Number.isFinite(trained.value.finalLowerBound)).toBe(true);
    const results: SimulationScenarioResult[] = [];
    const sim = await simulate(loaded.value, trained.value, {
      numScenarios: 3,
      onScenario: (r) => void results.push(r),
    });
    if (!sim.ok) throw new Error(sim.error.message);
    let water = 0;
    let buses = 0;
    for (const r of results) {
      water += checkWater(loaded.value, r);
      buses += checkBuses(loaded.value, r);
    }
    // Every (hydro in service, stage) of every scenario had its water balance checked.
    const { system } = loaded.value;
    const hydroStages = system.stages.reduce((n, s) => n + system.hydros.filter((h) => isInService(h, s.id)).length, 0);
    expect(results).toHaveLength(3);
    expect(water).toBe(3 * hydroStages);
    expect(buses).toBeGreaterThan(0);
  });
});
