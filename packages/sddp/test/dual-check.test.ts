/**
 * The dual check of src/lp/dual-check.ts: the reduced costs HiGHS reports must be c − Aᵀy
 * for its row duals. Checked on 4ree's stage LPs with every cut a row (10 iterations, 40
 * cuts per stage): sound solves pass with a residual near rounding, and duals moved on a
 * single row fail it by far. (The wrong warm solve that led to it, and the check catching
 * it there, are in docs/performance.md, seventh session.)
 */
import { loadSolver } from "@cobre/solver";
import { describe, expect, it } from "vitest";
import { scaledCosts } from "../src/lp/cost-scale";
import { DUAL_RESIDUAL_TOLERANCE, dualResidual } from "../src/lp/dual-check";
import { StageSolvers } from "../src/lp/stage-solvers";
import { trainedStudy } from "./fixtures/trained-study";

describe("the dual check", () => {
  it("passes the solves of 4ree's stage LPs and fails duals moved on one row", async () => {
    const { c, study, pools } = await trainedStudy("4ree", 10);
    const { templates, inputs, initialState } = study;
    const method = c.config.modeling.inflowNonNegativity.method;
    // Every active cut a row, in pool order (no selection here: every cut is active).
    const solvers = new StageSolvers(await loadSolver(), templates, inputs, pools, method, { lazyCuts: false });
    const maxCols = Math.max(...templates.map((tpl) => tpl.lp.numCols));
    const acc = new Float64Array(maxCols);
    const mag = new Float64Array(maxCols);
    let worstSound = 0;
    let checked = 0;
    let state = Float64Array.from(initialState);
    for (let t = 0; t < templates.length; t++) {
      const template = templates[t]!;
      const costs = scaledCosts(template.lp.colCost, template.layout.thetaCol);
      const noise = inputs.openings[t]!.subarray(0, inputs.noiseDim);
      solvers.resetBasis(t);
      solvers.solve(t, state.subarray(0, template.layout.stateDim), noise, {
        phase: "backward",
        iteration: 0,
        scenario: 0,
        opening: 0,
      });
      const cuts = { pool: pools[t], count: solvers.cutRowCount(t), rowCut: null };
      if (t < templates.length - 1) expect(cuts.count).toBe(40);
      const y = Float64Array.from(solvers.rowDuals(t));
      const d = Float64Array.from(solvers.reducedCosts(t));
      worstSound = Math.max(worstSound, dualResidual(template, costs, cuts, y, d, acc, mag));
      // A dual moved on one binding template row, or on a cut row: no longer the LP's duals.
      let row = 0;
      while (y[row] === 0) row++;
      const moved = y.slice();
      moved[row] = moved[row]! * 1.5 + 1;
      expect(dualResidual(template, costs, cuts, moved, d, acc, mag)).toBeGreaterThan(1e-3);
      if (cuts.count > 0) {
        const onCut = y.slice();
        onCut[template.layout.numTemplateRows] = onCut[template.layout.numTemplateRows]! + 0.5;
        expect(dualResidual(template, costs, cuts, onCut, d, acc, mag)).toBeGreaterThan(1e-3);
      }
      checked++;
      const next = new Float64Array(template.layout.stateDim);
      solvers.readOutgoingState(t, next);
      state = next;
    }
    expect(checked).toBe(12);
    expect(worstSound).toBeLessThan(1e-9);
    expect(worstSound).toBeLessThan(DUAL_RESIDUAL_TOLERANCE / 1000);
    // None of the training's or these solves was repaired.
    expect(solvers.dualRepairs).toBe(0);
    solvers.dispose();
  }, 120_000);
});
