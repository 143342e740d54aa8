import type { EnergyContract, Line, NonControllableSource, PumpingStation } from "@cobre/core";
import { describe, expect, it } from "vitest";
import { build, bus, column, constraints, hydro, system } from "./lp-fixture";

const line: Line = {
  id: 0,
  name: "L",
  sourceBusId: 0,
  targetBusId: 1,
  entryStageId: null,
  exitStageId: null,
  directMw: 100,
  reverseMw: 80,
  exchangeCost: 0.5,
  lossesPercent: 2.5,
};

describe("lines", () => {
  it("charge the full flow at the sender and deliver (1 − losses) at the receiver", () => {
    const { lp, layout } = build(system({ buses: [bus(0), bus(1)], lines: [line] }));
    const fd = layout.lineDirectCols[0]!;
    const fr = layout.lineReverseCols[0]!;
    const [b0, b1] = [layout.loadRows[0]!, layout.loadRows[1]!];
    expect(Object.fromEntries(column(lp, fd))).toEqual({ [b0]: -1, [b1]: 0.975 });
    expect(Object.fromEntries(column(lp, fr))).toEqual({ [b0]: 0.975, [b1]: -1 });
    expect([lp.colUpper[fd], lp.colUpper[fr]]).toEqual([100, 80]);
    expect(lp.colCost[fd]).toBe(0.5 * 730);
  });
});

describe("non-controllable sources", () => {
  const ncs: NonControllableSource = {
    id: 3,
    name: "W",
    busId: 0,
    entryStageId: null,
    exitStageId: null,
    maxGenerationMw: 100,
    curtailmentCost: 0.2,
  };
  it("bound generation by available · block factor and reward it by the curtailment cost", () => {
    const cons = constraints({ ncsBounds: [{ ncsId: 3, stageId: 0, availableGenerationMw: 60 }] });
    const { lp, layout } = build(system({ nonControllableSources: [ncs] }), cons, {}, Float64Array.of(0.5));
    const g = layout.ncsCols[0]!;
    expect(lp.colUpper[g]).toBe(30);
    expect(lp.colCost[g]).toBeCloseTo(-0.2 * 730, 12);
    expect(column(lp, g).get(layout.loadRows[0]!)).toBe(1);
  });
});

describe("pumping stations", () => {
  const station: PumpingStation = {
    id: 0,
    name: "P",
    busId: 0,
    sourceHydroId: 1,
    destinationHydroId: 0,
    entryStageId: null,
    exitStageId: null,
    consumptionMwPerM3s: 0.4,
    minFlowM3s: 1,
    maxFlowM3s: 20,
  };
  it("move ζ·p from source to destination and draw 0.4·p MW from the bus", () => {
    const sys = system({ hydros: [hydro(), hydro({ id: 1, name: "H1" })], pumpingStations: [station] });
    const cons = constraints({ pumpingBounds: [{ stationId: 0, stageId: 0, minM3s: null, maxM3s: 15 }] });
    const { lp, layout } = build(sys, cons);
    const p = layout.pumpingCols[0]!;
    const zeta = 0.0036 * 730;
    const e = column(lp, p);
    expect(e.get(layout.waterRows[1]!)).toBeCloseTo(zeta, 12);
    expect(e.get(layout.waterRows[0]!)).toBeCloseTo(-zeta, 12);
    expect(e.get(layout.loadRows[0]!)).toBe(-0.4);
    expect([lp.colLower[p], lp.colUpper[p], lp.colCost[p]]).toEqual([1, 15, 0]);
  });
});

describe("energy contracts", () => {
  const contract = (type: "import" | "export", id: number): EnergyContract => ({
    id,
    name: type,
    busId: 0,
    type,
    entryStageId: null,
    exitStageId: null,
    pricePerMwh: type === "import" ? 80 : -30,
    minMw: 5,
    maxMw: 50,
  });
  it("inject imports, withdraw exports, and price both at price · hours", () => {
    const cons = constraints({
      contractBounds: [{ contractId: 1, stageId: 0, minMw: null, maxMw: 40, pricePerMwh: null }],
    });
    const { lp, layout } = build(system({ energyContracts: [contract("import", 0), contract("export", 1)] }), cons);
    const [imp, exp] = [layout.contractCols[0]!, layout.contractCols[1]!];
    expect(column(lp, imp).get(layout.loadRows[0]!)).toBe(1);
    expect(column(lp, exp).get(layout.loadRows[0]!)).toBe(-1);
    expect([lp.colLower[imp], lp.colUpper[imp], lp.colCost[imp]]).toEqual([5, 50, 80 * 730]);
    expect([lp.colLower[exp], lp.colUpper[exp], lp.colCost[exp]]).toEqual([5, 40, -30 * 730]);
  });
});
