import { type GenericConstraint, parseConstraintExpression } from "@cobre/core";
import { describe, expect, it } from "vitest";
import { build, constraints, hydro, row, stage, system, thermal } from "./lp-fixture";

/** A constraint as loading resolves it: the expression parsed by @cobre/core. */
function gc(expression: string, sense: GenericConstraint["sense"], penalty: number | null): GenericConstraint {
  const lhs = parseConstraintExpression(expression);
  if (!lhs.ok) throw new Error(lhs.error.message);
  return {
    id: 7,
    name: "g",
    description: null,
    expression,
    lhs: lhs.value,
    sense,
    slack: { enabled: penalty !== null, penalty },
  };
}

describe("generic constraint rows", () => {
  // Two blocks (100 h and 200 h), a thermal and a hydro with productivity 0.8.
  const base = {
    stages: [stage([100, 200])],
    thermals: [thermal()],
    hydros: [hydro({ generation: { ...hydro().generation, productivityMwPerM3s: 0.8 } })],
  };

  it("adds one row per block for an all-blocks bound, with ρ·q for hydro generation and a `<=` slack", () => {
    const sys = system({
      ...base,
      genericConstraints: [gc("2 * thermal_generation(0) - hydro_generation(0)", "<=", 5000)],
    });
    const { lp, layout } = build(
      sys,
      constraints({ genericConstraintBounds: [{ constraintId: 7, stageId: 0, blockId: null, bound: 10 }] }),
    );
    expect(layout.genericConstraintRows).toHaveLength(2);
    layout.genericConstraintRows.forEach((g, k) => {
      expect(g.block).toBe(k);
      expect(lp.rowLower[g.row]).toBe(Number.NEGATIVE_INFINITY);
      expect(lp.rowUpper[g.row]).toBe(10);
      const e = row(lp, g.row);
      expect(e.get(layout.thermalCols[k]!)).toBe(2);
      expect(e.get(layout.turbinedCols[k]!)).toBeCloseTo(-0.8, 12);
      expect(e.get(g.slackPlus)).toBe(-1);
      expect(lp.colCost[g.slackPlus]).toBe(5000 * [100, 200][k]!);
      expect(g.slackMinus).toBe(-1);
    });
  });

  it("moves a constant term of the parsed expression to the right-hand side", () => {
    const sys = system({ ...base, genericConstraints: [gc("thermal_generation(0) - 3", ">=", null)] });
    const { lp, layout } = build(
      sys,
      constraints({ genericConstraintBounds: [{ constraintId: 7, stageId: 0, blockId: 0, bound: 10 }] }),
    );
    const g = layout.genericConstraintRows[0]!;
    // thermal − 3 ≥ 10  ⇔  thermal ≥ 13
    expect([lp.rowLower[g.row], lp.rowUpper[g.row]]).toEqual([13, Number.POSITIVE_INFINITY]);
    expect(row(lp, g.row).get(layout.thermalCols[0]!)).toBe(1);
  });

  it("adds one row for a block bound; `==` gets a slack each way; storage is stage level", () => {
    const sys = system({ ...base, genericConstraints: [gc("hydro_storage(0) + thermal_generation(0, 0)", "==", 3)] });
    const { lp, layout } = build(
      sys,
      constraints({ genericConstraintBounds: [{ constraintId: 7, stageId: 0, blockId: 1, bound: 42 }] }),
    );
    expect(layout.genericConstraintRows).toHaveLength(1);
    const g = layout.genericConstraintRows[0]!;
    expect(g.block).toBe(1);
    expect([lp.rowLower[g.row], lp.rowUpper[g.row]]).toEqual([42, 42]);
    const e = row(lp, g.row);
    expect(e.get(layout.stateOutCols[0]!)).toBe(1);
    expect(e.get(layout.thermalCols[0]!)).toBe(1); // explicit block 0 in a block-1 row
    expect(e.get(g.slackPlus)).toBe(1);
    expect(e.get(g.slackMinus)).toBe(-1);
    expect(lp.colCost[g.slackMinus]).toBe(3 * 200);
  });

  it("is inactive at stages without bounds and hard without slack", () => {
    const sys = system({ ...base, genericConstraints: [gc("thermal_generation(0)", ">=", null)] });
    expect(build(sys).layout.genericConstraintRows).toHaveLength(0);
    const { lp, layout } = build(
      sys,
      constraints({ genericConstraintBounds: [{ constraintId: 7, stageId: 0, blockId: 0, bound: 1 }] }),
    );
    const g = layout.genericConstraintRows[0]!;
    expect([lp.rowLower[g.row], lp.rowUpper[g.row]]).toEqual([1, Number.POSITIVE_INFINITY]);
    expect(g.slackPlus).toBe(-1);
  });
});
