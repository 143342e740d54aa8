import { describe, expect, it } from "vitest";
import { build, constraints, hydro, stage, system } from "./lp-fixture";

describe("stage penalty overrides (penalty_overrides_*.parquet)", () => {
  it("replace the entity's spillage and excess costs at their stage; a symmetric withdrawal cost sets both directions", () => {
    const cons = constraints({
      hydroBounds: [
        {
          hydroId: 0,
          stageId: 0,
          minTurbinedM3s: null,
          maxTurbinedM3s: null,
          minStorageHm3: null,
          maxStorageHm3: null,
          minOutflowM3s: null,
          maxOutflowM3s: null,
          minGenerationMw: null,
          maxGenerationMw: null,
          maxDiversionM3s: null,
          fillingInflowM3s: null,
          waterWithdrawalM3s: 1,
        },
      ],
      penaltyOverrides: {
        bus: [{ busId: 0, stageId: 0, excessCost: 3 }],
        line: [],
        hydro: [{ hydroId: 0, stageId: 0, spillageCost: 0.5, waterWithdrawalViolationCost: 99 }],
        ncs: [],
      },
    });
    const { lp, layout } = build(system({ stages: [stage([10])], hydros: [hydro()] }), cons);
    expect(lp.colCost[layout.spillageCols[0]!]).toBeCloseTo(5, 12);
    expect(lp.colCost[layout.excessCols[0]!]).toBeCloseTo(30, 12);
    expect(lp.colCost[layout.withdrawalUnderCols[0]!]).toBeCloseTo(990, 9);
    expect(lp.colCost[layout.withdrawalOverCols[0]!]).toBeCloseTo(990, 9);
  });

  it("leave other stages alone", () => {
    const cons = constraints({
      penaltyOverrides: {
        bus: [{ busId: 0, stageId: 5, excessCost: 3 }],
        line: [],
        hydro: [{ hydroId: 0, stageId: 5, spillageCost: 0.5 }],
        ncs: [],
      },
    });
    const { lp, layout } = build(system({ stages: [stage([10])], hydros: [hydro()] }), cons);
    expect(lp.colCost[layout.spillageCols[0]!]).toBeCloseTo(0.1, 12);
    expect(lp.colCost[layout.excessCols[0]!]).toBeCloseTo(0.1, 12);
  });
});
