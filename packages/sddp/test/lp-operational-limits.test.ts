import { describe, expect, it } from "vitest";
import { build, column, constraints, hydro, row, stage, system } from "./lp-fixture";

/**
 * Per-block soft limits of one hydro (two blocks of 100 h and 200 h): each limit adds
 * one row per block with a slack costing `penalty · block hours`.
 */
describe("hydro operational limits", () => {
  const h = hydro({
    minOutflowM3s: 5,
    maxOutflowM3s: 40,
    generation: { ...hydro().generation, minTurbinedM3s: 3, minGenerationMw: 2, productivityMwPerM3s: 0.5 },
    diversion: { downstreamId: 0, maxFlowM3s: 7 },
  });
  const { lp, layout } = build(system({ stages: [stage([100, 200])], hydros: [h] }));
  const K = 2;

  const limitRow = (k: number, lower: number, upper: number): number => {
    const q = layout.turbinedCols[k]!;
    const rows = [...column(lp, q).keys()].filter((r) => lp.rowLower[r] === lower && lp.rowUpper[r] === upper);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };
  const slackOf = (r: number, except: number[]): [number, number] => {
    const entries = [...row(lp, r).entries()].filter(([c]) => !except.includes(c));
    expect(entries).toHaveLength(1);
    return entries[0]!;
  };

  for (let k = 0; k < K; k++) {
    const hours = [100, 200][k]!;
    it(`block ${k}: min outflow q + s + d + σ ≥ 5`, () => {
      const q = layout.turbinedCols[k]!;
      const s = layout.spillageCols[k]!;
      const d = layout.diversionCols[k]!;
      const r = limitRow(k, 5, Number.POSITIVE_INFINITY);
      const e = row(lp, r);
      expect([e.get(q), e.get(s), e.get(d)]).toEqual([1, 1, 1]);
      const [slack, v] = slackOf(r, [q, s, d]);
      expect(v).toBe(1);
      expect(lp.colCost[slack]).toBe(12 * hours);
    });
    it(`block ${k}: max outflow q + s + d − σ ≤ 40`, () => {
      const r = limitRow(k, Number.NEGATIVE_INFINITY, 40);
      const [slack, v] = slackOf(r, [layout.turbinedCols[k]!, layout.spillageCols[k]!, layout.diversionCols[k]!]);
      expect(v).toBe(-1);
      expect(lp.colCost[slack]).toBe(13 * hours);
    });
    it(`block ${k}: min turbined q + σ ≥ 3 and min generation ρ·q + σ ≥ 2`, () => {
      const q = layout.turbinedCols[k]!;
      const rt = limitRow(k, 3, Number.POSITIVE_INFINITY);
      expect(row(lp, rt).get(q)).toBe(1);
      expect(lp.colCost[slackOf(rt, [q])[0]]).toBe(11 * hours);
      const rg = limitRow(k, 2, Number.POSITIVE_INFINITY);
      expect(row(lp, rg).get(q)).toBe(0.5);
      expect(lp.colCost[slackOf(rg, [q])[0]]).toBe(14 * hours);
    });
  }

  it("adds no limit rows when the limits are inactive", () => {
    const plain = build(system({ hydros: [hydro()] }), constraints());
    const q = plain.layout.turbinedCols[0]!;
    // Only the water balance and the bus balance hold the turbined flow.
    expect([...column(plain.lp, q).keys()].sort()).toEqual(
      [plain.layout.loadRows[0]!, plain.layout.waterRows[0]!].sort(),
    );
  });

  it("routes diversion from its reservoir into the target's, capped by the channel", () => {
    const d = layout.diversionCols[0]!;
    expect(lp.colUpper[d]).toBe(7);
    expect(lp.colCost[d]).toBeCloseTo(0.02 * 100, 12);
  });
});
