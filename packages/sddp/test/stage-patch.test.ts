/**
 * The patch step of a stage solve on a hand-made stage (one hydro with one inflow lag,
 * one bus, two NCS, two blocks): the bounds it sets on the model for a given state and
 * noise — fixed state columns, inflow and load right-hand sides, NCS availability — and
 * what an external scenario or the truncation of negative inflows changes.
 */
import type { LpModel } from "@cobre/solver";
import { describe, expect, it } from "vitest";
import { StagePatch } from "../src/lp/stage-patch";
import type { StageTemplate } from "../src/lp/stage-template";
import type { ScenarioInputs } from "../src/scenario/scenario-inputs";

/**
 * Stage 1 of two: state (storage, inflow lag 1) in columns 0 and 1; inflow row 0; load
 * rows 1 and 2 (blocks 0, 1); NCS 0 in columns 5 and 6, NCS 1 (deterministic) in 7 and 8.
 */
const layout = {
  numHydros: 1,
  lagOrder: 1,
  stateDim: 2,
  stateInCols: Int32Array.of(0, 1),
  inflowRows: Int32Array.of(0),
  numBuses: 1,
  numBlocks: 2,
  loadRows: Int32Array.of(1, 2),
  ncsCols: Int32Array.of(5, 6, 7, 8),
  numTemplateRows: 3,
} as unknown as StageTemplate["layout"];
const templates = [{ layout }, { layout }] as unknown as StageTemplate[];

/**
 * Stage 1: inflow 20 + 5ε₀ m³/s with lag coefficient 0.5; load 100 + 10ε₁ MW with block
 * factors 1.1 and 0.9; NCS 0 of 50 MW at availability 0.6 + 0.2ε₂, block factors 1 and 0.5.
 */
const inputs = {
  numBuses: 1,
  noiseDim: 3,
  inflowBase: Float64Array.of(0, 20),
  inflowNoiseScale: Float64Array.of(0, 5),
  inflowLagCoefficient: Float64Array.of(0, 0.5),
  loadMeanMw: Float64Array.of(0, 100),
  loadStdMw: Float64Array.of(0, 10),
  loadFactors: [Float64Array.of(1, 1), Float64Array.of(1.1, 0.9)],
  loadNoiseSlot: Int32Array.of(1),
  numNcs: 2,
  ncsMaxGenMw: Float64Array.of(50, 80),
  ncsMean: Float64Array.of(0, 0, 0.6, 1),
  ncsStd: Float64Array.of(0, 0, 0.2, 0),
  ncsFactors: [Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 0.5, 1, 1)],
  ncsNoiseSlot: Int32Array.of(2, -1),
} as unknown as ScenarioInputs;

interface Bounds {
  readonly index: number[];
  readonly lower: number[];
  readonly upper: number[];
}

/** A model that records the bounds it is given (copies: the patch reuses its buffers). */
function recorder(): { model: LpModel; cols: Bounds[]; rows: Bounds[] } {
  const cols: Bounds[] = [];
  const rows: Bounds[] = [];
  // LpModel's contract: entries k < count (default: all) are the patch.
  const take =
    (to: Bounds[]) =>
    (index: Int32Array, lower: Float64Array, upper: Float64Array, count: number = index.length) =>
      void to.push({
        index: Array.from(index.subarray(0, count)),
        lower: Array.from(lower.subarray(0, count)),
        upper: Array.from(upper.subarray(0, count)),
      });
  const model = { setColBounds: take(cols), setRowBounds: take(rows) } as unknown as LpModel;
  return { model, cols, rows };
}

/** Storage 80 hm³, last stage's inflow 12 m³/s: the lag term is 0.5 · 12 = 6. */
const stateIn = [80, 12];

describe("StagePatch", () => {
  it("fixes the state and sets inflow, load and NCS bounds from the noise", () => {
    const patch = new StagePatch(templates, inputs, "none");
    const { model, cols, rows } = recorder();
    patch.apply(model, 1, layout, stateIn, [1.5, 2, 3]);
    expect(cols[0]).toEqual({ index: [0, 1], lower: [80, 12], upper: [80, 12] });
    // Inflow row: 20 + 5 · 1.5; load rows: (100 + 10 · 2) · 1.1 and · 0.9.
    expect(rows).toHaveLength(1);
    expect(rows[0]!.index).toEqual([0, 1, 2]);
    expect(rows[0]!.lower).toEqual(rows[0]!.upper);
    expect(rows[0]!.lower[0]).toBeCloseTo(27.5, 12);
    expect(rows[0]!.lower[1]).toBeCloseTo(132, 12);
    expect(rows[0]!.lower[2]).toBeCloseTo(108, 12);
    expect(patch.lastLoadMw[0]).toBeCloseTo(120, 12);
    // NCS 0: 0.6 + 0.2 · 3 = 1.2, clamped to 1: 50 MW, then 25 MW in the half block.
    // NCS 1 has no noise: its template bounds stay and it reads NaN.
    expect(cols[1]).toEqual({ index: [5, 6], lower: [0, 0], upper: [50, 25] });
    expect(Array.from(patch.lastNcsAvailableMw)).toEqual([50, 25, Number.NaN, Number.NaN]);
  });

  it("clamps the load at zero and the NCS availability at zero", () => {
    const patch = new StagePatch(templates, inputs, "none");
    const { model, cols, rows } = recorder();
    patch.apply(model, 1, layout, stateIn, [0, -20, -4]);
    expect(rows[0]!.lower.slice(1)).toEqual([0, 0]);
    expect(patch.lastLoadMw[0]).toBe(0);
    expect(cols[1]!.upper).toEqual([0, 0]);
  });

  it("truncates a negative inflow to zero only under the truncation methods", () => {
    // 20 + 5 · (−10) = −30, plus the lag's 6: an inflow of −24 m³/s.
    const noise = [-10, 0, 0];
    for (const [method, rhs] of [
      ["none", -30],
      ["penalty", -30],
      ["truncation", -6],
      ["truncation_with_penalty", -6],
    ] as const) {
      const { model, rows } = recorder();
      new StagePatch(templates, inputs, method).apply(model, 1, layout, stateIn, noise);
      expect(rows[0]!.lower[0], method).toBeCloseTo(rhs, 12);
    }
  });

  it("imposes an external scenario's inflow, load and NCS availability where given", () => {
    const patch = new StagePatch(templates, inputs, "none");
    const { model, cols, rows } = recorder();
    patch.apply(model, 1, layout, stateIn, [1.5, 2, 3], {
      // The inflow itself is 40 m³/s, whatever the lags: the row's right-hand side is 40 − 6.
      inflowM3s: Float64Array.of(40),
      loadMw: Float64Array.of(75),
      ncsAvailability: Float64Array.of(0.4, Number.NaN),
    });
    expect(rows[0]!.lower[0]).toBeCloseTo(34, 12);
    expect(rows[0]!.lower[1]).toBeCloseTo(82.5, 12);
    expect(rows[0]!.lower[2]).toBeCloseTo(67.5, 12);
    expect(patch.lastLoadMw[0]).toBe(75);
    expect(cols[1]!.upper).toEqual([20, 10]);
    // NaN entries are not imposed: the noise decides.
    const again = recorder();
    patch.apply(again.model, 1, layout, stateIn, [1.5, 2, 3], { inflowM3s: Float64Array.of(Number.NaN) });
    expect(again.rows[0]!.lower[0]).toBeCloseTo(27.5, 12);
  });
});
