import { describe, expect, it } from "vitest";
import { GEOMETRY, build, column, hydro, row, system } from "./lp-fixture";

/**
 * d08-like reservoir: 100 mm in January, area 0.5/1/1.5 km² at 0/100/200 hm³, 730 h.
 * Reference volume = middle of [0, 200] = 100 hm³: A = 1 km², A' = 0.005 km²/hm³ (the
 * segment to the right of the breakpoint). Scale 100/(3.6·730):
 *   kv = 100·0.005/2628 = 1.9026e-4,  k0 = 100·1/2628 − kv·100 = 0.0190259 m³/s.
 */
describe("evaporation rows", () => {
  const sys = system({
    hydros: [hydro({ evaporation: { coefficientsMm: Array(12).fill(100), referenceVolumesHm3: null } })],
  });
  const { lp, layout } = build(sys, undefined, { hydroGeometry: GEOMETRY });
  const qEv = layout.evaporationCols[0]!;
  const kv = (100 * 0.005) / 2628;
  const k0 = 100 / 2628 - kv * 100;

  it("adds Q_ev to the water balance as an outflow of ζ·T", () => {
    expect(qEv).toBeGreaterThanOrEqual(0);
    expect(column(lp, qEv).get(layout.waterRows[0]!)).toBeCloseTo(0.0036 * 730, 12);
    expect(lp.colCost[qEv]).toBe(0);
    expect(lp.colUpper[qEv]).toBeCloseTo(2 * (k0 + kv * 200), 12);
  });

  it("links Q_ev to the average storage with under/over slacks", () => {
    const r = [...column(lp, qEv).keys()].find((x) => x !== layout.waterRows[0]!)!;
    expect(lp.rowLower[r]).toBeCloseTo(k0, 12);
    expect(lp.rowUpper[r]).toBeCloseTo(k0, 12);
    const entries = row(lp, r);
    expect(entries.get(qEv)).toBe(1);
    expect(entries.get(layout.stateOutCols[0]!)).toBeCloseTo(-kv / 2, 14);
    expect(entries.get(layout.stateInCols[0]!)).toBeCloseTo(-kv / 2, 14);
    const slacks = [...entries.entries()].filter(
      ([c]) => c !== qEv && c !== layout.stateOutCols[0] && c !== layout.stateInCols[0],
    );
    expect(slacks.map(([, v]) => v).sort()).toEqual([-1, 1]);
    // under-evaporation (+1) costs the neg penalty, over-evaporation (−1) the pos one, per stage hour.
    for (const [c, v] of slacks) expect(lp.colCost[c]).toBeCloseTo((v > 0 ? 16 : 15) * 730, 9);
  });

  it("adds nothing without an evaporation block", () => {
    const plain = build(system({ hydros: [hydro()] }), undefined, { hydroGeometry: GEOMETRY });
    expect(plain.layout.evaporationCols[0]).toBe(-1);
  });
});
