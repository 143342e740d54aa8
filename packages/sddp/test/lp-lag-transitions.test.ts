/**
 * The LP rows a multi-resolution lag transition adds (lag-transitions.ts), on a one-hydro,
 * one-stage case: the week that closes a month writes lag 1 = (acc + w·a)/W through its own
 * column and row, carries the accumulator forward as a spill-over column, and a frozen
 * stage maps its outgoing lags to the incoming lag columns themselves.
 */
import { StageBounds } from "@cobre/core";
import { describe, expect, it } from "vitest";
import type { LagTransition } from "../src/lp/lag-transitions";
import { buildStageTemplate } from "../src/lp/stage-template";
import { constraints, hydro, inputs, row, rowsOf, system } from "./lp-fixture";

function template(transition: LagTransition | null, psi: number) {
  const sys = system({ hydros: [hydro()] });
  const base = inputs(sys);
  const lagInputs = {
    ...base,
    lagOrder: 2,
    inflowLagSlots: 1,
    lagTransitions: [transition],
    inflowLagCoefficient: Float64Array.from([psi, 0]),
    initialLags: new Float64Array(2),
  };
  return buildStageTemplate(sys, new StageBounds(sys, constraints()), lagInputs, sys.stages[0]!, {
    inflowNonNegativity: { method: "none", penaltyCost: 0 },
    isLast: true,
    discountFactor: 1,
    productionModels: [],
    fphaHyperplanes: [],
  });
}

describe("lag transition rows", () => {
  it("closing a month: lag 1 = 0.25·a + (31/28)·acc in its own row; the accumulator restarts at 1/31·a", () => {
    const closing: LagTransition = [
      { inflow: 0.25, terms: [[1, 31 / 28]] },
      { inflow: 1 / 31, terms: [] },
    ];
    const { lp, layout } = template(closing, 0.5);
    const H = 1;
    const a = layout.inflowCols[0]!;
    const lagIn = layout.stateInCols[1 * H]!;
    const accIn = layout.stateInCols[2 * H]!;
    // The PAR row reads only the true lag (ψ = 0.5), not the accumulator.
    const par = row(lp, layout.inflowRows[0]!);
    expect(par.get(lagIn)).toBeCloseTo(-0.5, 15);
    expect(par.has(accIn)).toBe(false);
    // Outgoing lag 1 is a new free column defined by x − 0.25·a − (31/28)·acc_in = 0.
    const lagOut = layout.stateOutCols[1 * H]!;
    expect(lagOut).not.toBe(a);
    const [definition] = rowsOf(lp, lagOut);
    const coefficients = row(lp, definition!);
    expect(coefficients.get(lagOut)).toBe(1);
    expect(coefficients.get(a)).toBeCloseTo(-0.25, 15);
    expect(coefficients.get(accIn)).toBeCloseTo(-31 / 28, 15);
    expect(lp.rowLower[definition!]).toBe(0);
    expect(lp.rowUpper[definition!]).toBe(0);
    expect(lp.colLower[lagOut]).toBe(Number.NEGATIVE_INFINITY);
    // The outgoing accumulator: x − a/31 = 0.
    const accOut = layout.stateOutCols[2 * H]!;
    const accRow = row(lp, rowsOf(lp, accOut)[0]!);
    expect(accRow.get(a)).toBeCloseTo(-1 / 31, 15);
    expect(accRow.size).toBe(2);
  });

  it("inside a month: the outgoing lag is the incoming lag column itself (frozen)", () => {
    const frozen: LagTransition = [
      { inflow: 0, terms: [[0, 1]] },
      { inflow: 7 / 31, terms: [[1, 1]] },
    ];
    const { layout } = template(frozen, 0.5);
    expect(layout.stateOutCols[1]).toBe(layout.stateInCols[1]);
  });

  it("without a transition: the classic shift, lag 1 is the inflow column", () => {
    const { layout } = template(null, 0.5);
    expect(layout.stateOutCols[1]).toBe(layout.inflowCols[0]);
    expect(layout.stateOutCols[2]).toBe(layout.stateInCols[1]);
  });
});
