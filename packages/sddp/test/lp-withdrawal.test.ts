import { describe, expect, it } from "vitest";
import { build, column, constraints, hydro, system } from "./lp-fixture";

const override = (w: number) =>
  constraints({
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
        waterWithdrawalM3s: w,
      },
    ],
  });

describe("water withdrawal", () => {
  const zeta = 0.0036 * 730;

  it("moves a positive withdrawal to the balance's right-hand side with two penalised slacks", () => {
    const { lp, layout } = build(system({ hydros: [hydro()] }), override(10));
    const w = layout.waterRows[0]!;
    expect(lp.rowLower[w]).toBeCloseTo(-zeta * 10, 12);
    expect(lp.rowUpper[w]).toBeCloseTo(-zeta * 10, 12);
    const under = layout.withdrawalUnderCols[0]!;
    const over = layout.withdrawalOverCols[0]!;
    expect(column(lp, under).get(w)).toBeCloseTo(-zeta, 12);
    expect(column(lp, over).get(w)).toBeCloseTo(zeta, 12);
    expect(lp.colCost[under]).toBeCloseTo(18 * 730, 9);
    expect(lp.colCost[over]).toBeCloseTo(17 * 730, 9);
    expect(layout.withdrawalScheduledM3s[0]).toBe(10);
  });

  it("adds a returned flow (negative withdrawal) as fixed water with no slack", () => {
    const { lp, layout } = build(system({ hydros: [hydro()] }), override(-5));
    const w = layout.waterRows[0]!;
    expect(lp.rowLower[w]).toBeCloseTo(zeta * 5, 12);
    expect(lp.rowUpper[w]).toBeCloseTo(zeta * 5, 12);
    expect(layout.withdrawalUnderCols[0]).toBe(-1);
    expect(layout.withdrawalOverCols[0]).toBe(-1);
  });

  it("leaves the balance at zero without a withdrawal", () => {
    const { lp, layout } = build(system({ hydros: [hydro()] }));
    expect(lp.rowLower[layout.waterRows[0]!]).toBe(0);
    expect(lp.rowUpper[layout.waterRows[0]!]).toBe(0);
  });
});
