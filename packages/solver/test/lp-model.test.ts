import type { LpModel } from "@cobre/solver";
import { describe, expect, it } from "vitest";
import { trackedModels } from "./fixtures/tracked-models";
import { RES, denseProblem, reservoirProblem, transportProblem, twoRowProblem } from "./fixtures/problems";

const models = trackedModels();
const { track } = models;

function solved(model: LpModel): number {
  const outcome = model.solve();
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value.objective;
}

describe("solving a small LP", () => {
  it("finds the known optimum and primal values", () => {
    const model = track(models.backend.createModel(twoRowProblem()));
    const outcome = model.solve();
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.objective).toBeCloseTo(2.5, 9);
    expect(outcome.value.attempts).toBe(1);
    expect(model.objective).toBeCloseTo(2.5, 9);
    expect(model.status).toBe("Optimal");
    expect(Array.from(model.colValue)).toEqual([1.5, 0.5, 3].map((v) => expect.closeTo(v, 9)));
    expect(Array.from(model.rowValue)).toEqual([5, 1].map((v) => expect.closeTo(v, 9)));
  });

  it("row duals are ∂objective/∂rhs: positive on a binding ≥ row, negative on a binding ≤ row", () => {
    const model = track(models.backend.createModel(twoRowProblem()));
    solved(model);
    const [geDual, leDual] = model.rowDual;
    expect(geDual).toBeCloseTo(1.5, 9);
    expect(leDual).toBeCloseTo(-0.5, 9);

    // Check the meaning, not just the sign: move each rhs and compare with the dual.
    const delta = 0.25;
    model.setRowBound(0, 5 + delta, Number.POSITIVE_INFINITY);
    expect(solved(model) - 2.5).toBeCloseTo(1.5 * delta, 9);
    model.setRowBound(0, 5, Number.POSITIVE_INFINITY);
    model.setRowBound(1, Number.NEGATIVE_INFINITY, 1 + delta);
    expect(solved(model) - 2.5).toBeCloseTo(-0.5 * delta, 9);
  });

  it("the reduced cost of a column fixed by its bounds is ∂objective/∂(fixed value)", () => {
    const model = track(models.backend.createModel(twoRowProblem()));
    solved(model);
    const reduced = model.colDual[2] as number;
    expect(reduced).toBeCloseTo(-1.5, 9);
    model.setColBound(2, 3.5, 3.5);
    expect(solved(model)).toBeCloseTo(2.5 + reduced * 0.5, 9);
  });

  it("adds the objective offset", () => {
    const p = twoRowProblem();
    const model = track(models.backend.createModel({ ...p, objectiveOffset: 100 }));
    expect(solved(model)).toBeCloseTo(102.5, 9);
  });

  it("handles a model without rows and one without columns", () => {
    const boxOnly = track(
      models.backend.createModel(
        denseProblem({
          cost: [1, -1],
          colLower: [2, 0],
          colUpper: [5, 4],
          rows: [],
          rowLower: [],
          rowUpper: [],
          offset: 1,
        }),
      ),
    );
    expect(solved(boxOnly)).toBeCloseTo(2 - 4 + 1, 9);
    expect(Array.from(boxOnly.colDual)).toEqual([1, -1]);

    const empty = track(
      models.backend.createModel(
        denseProblem({ cost: [], colLower: [], colUpper: [], rows: [], rowLower: [], rowUpper: [], offset: 3 }),
      ),
    );
    expect(solved(empty)).toBe(3);
    expect(empty.colValue.length).toBe(0);
  });
});

describe("patching and re-solving", () => {
  it("re-solves a changed rhs warm with fewer iterations than cold, to the same optimum", () => {
    const problem = transportProblem(20, 30);
    const warm = track(models.backend.createModel(problem));
    const cold = track(models.backend.createModel(problem, { warmStart: false }));
    solved(warm);
    const coldFirst = cold.solve();
    expect(coldFirst.ok).toBe(true);
    const firstIterations = warm.iterations;
    expect(firstIterations).toBeGreaterThan(20);

    const demandRow = 20 + 4;
    const before = warm.objective;
    const dual = warm.rowDual[demandRow] as number;
    expect(dual).toBeGreaterThan(0); // a binding demand (≥) row in a min problem

    const newDemand = (problem.rowLower[demandRow] as number) + 3;
    for (const m of [warm, cold]) m.setRowBound(demandRow, newDemand, Number.POSITIVE_INFINITY);
    const w = warm.solve();
    const c = cold.solve();
    expect(w.ok && c.ok).toBe(true);
    expect(warm.objective).toBeCloseTo(cold.objective, 6);
    expect(warm.iterations).toBeLessThan(cold.iterations);
    expect(warm.iterations).toBeLessThanOrEqual(5);
    // Small rhs move stays in the optimal basis: objective moves by dual × Δrhs.
    expect(warm.objective - before).toBeCloseTo(3 * dual, 6);

    // A fresh model of the changed problem agrees.
    const changed = { ...problem, rowLower: Float64Array.from(problem.rowLower) };
    changed.rowLower[demandRow] = newDemand;
    const fresh = track(models.backend.createModel(changed));
    expect(solved(fresh)).toBeCloseTo(warm.objective, 6);
  });

  it("resetBasis makes the next solve cold", () => {
    const model = track(models.backend.createModel(transportProblem(15, 15)));
    solved(model);
    const coldIterations = model.iterations;
    solved(model);
    expect(model.iterations).toBe(0); // warm, nothing changed
    model.resetBasis();
    solved(model);
    expect(model.iterations).toBe(coldIterations);
  });

  it("bulk setters accept unsorted indices and buffers longer than the patch", () => {
    const a = track(models.backend.createModel(transportProblem(6, 8)));
    const b = track(models.backend.createModel(transportProblem(6, 8)));
    // Upper-bound three routes: sorted through one model, unsorted through the other.
    a.setColBounds(Int32Array.of(1, 5, 9), Float64Array.of(0, 0, 0), Float64Array.of(2, 3, 4));
    b.setColBounds(Int32Array.of(9, 1, 5, 99), Float64Array.of(0, 0, 0, 0), Float64Array.of(4, 2, 3, 0), 3);
    a.setColCosts([0, 2], [50, 60]);
    b.setColCosts([2, 0], [60, 50]);
    a.setRowBounds([6, 7], [20, 21], [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    b.setRowBounds([7, 6], [21, 20], [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(solved(a)).toBeCloseTo(solved(b), 9);
    expect(a.colValue[5]).toBeLessThanOrEqual(3 + 1e-9);
  });

  it("an appended row bounding the future value changes the optimum and its duals as expected", () => {
    const model = track(models.backend.createModel(reservoirProblem()));
    expect(solved(model)).toBeCloseTo(0, 9); // all demand met by water
    expect(model.colValue[RES.thermal]).toBeCloseTo(0, 9);

    // future + 15·storedOut ≥ 150: each stored unit up to 10 is worth 15 > thermal's 10.
    const first = model.addRows(
      1,
      Float64Array.of(150),
      Float64Array.of(Number.POSITIVE_INFINITY),
      Int32Array.of(0, 2),
      Int32Array.of(RES.storedOut, RES.future),
      Float64Array.of(15, 1),
    );
    expect(first).toBe(2);
    expect(model.numRows).toBe(3);
    const outcome = model.solve();
    expect(outcome.ok).toBe(true);
    expect(model.objective).toBeCloseTo(70, 9); // thermal 7 × 10, future 0
    expect(model.colValue[RES.storedOut]).toBeCloseTo(10, 9);
    expect(model.colValue[RES.turbined]).toBeCloseTo(5, 9);
    expect(model.iterations).toBeLessThanOrEqual(3); // the basis survived addRows
    expect(model.rowDual[2]).toBeCloseTo(10 / 15, 9);
    // One more unit of incoming water saves one unit of thermal: −10.
    expect(model.colDual[RES.storedIn]).toBeCloseTo(-10, 9);
    model.setColBound(RES.storedIn, 11, 11);
    expect(solved(model)).toBeCloseTo(60, 9);
  });

  it("keeps the last solution readable after the model is changed", () => {
    const model = track(models.backend.createModel(twoRowProblem()));
    solved(model);
    model.setColBound(2, 4, 4); // HiGHS drops its solution here; ours was copied first
    expect(model.colValue[0]).toBeCloseTo(1.5, 9);
    expect(model.objective).toBeCloseTo(2.5, 9);
  });

  it("getBasis / setBasis restore a warm start on a fresh model", () => {
    const problem = transportProblem(12, 12);
    const first = track(models.backend.createModel(problem));
    solved(first);
    const basis = first.getBasis();
    expect(basis.colStatus.length).toBe(problem.numCols);
    expect(basis.rowStatus.length).toBe(problem.numRows);
    const second = track(models.backend.createModel(problem));
    expect(second.setBasis(basis)).toBe(true);
    expect(solved(second)).toBeCloseTo(first.objective, 9);
    expect(second.iterations).toBe(0);
  });

  it("resetBasis + setBasis: the same basis on the same LP gives the same bits whatever the model solved before", () => {
    const problem = transportProblem(20, 30);
    const demandRow = 20 + 4;
    const source = track(models.backend.createModel(problem));
    solved(source);
    const captured = source.getBasis();
    // A model with a history: other demands solved warm in between.
    const used = track(models.backend.createModel(problem));
    for (const extra of [5, -2, 9, 1]) {
      used.setRowBound(demandRow, (problem.rowLower[demandRow] as number) + extra, Number.POSITIVE_INFINITY);
      solved(used);
    }
    const fresh = track(models.backend.createModel(problem));
    // The same LP for both (a changed demand and one appended row), then the stored basis
    // with the new row basic, installed after clearing the solver state.
    const row = { start: Int32Array.of(0, 2), index: Int32Array.of(0, 1), value: Float64Array.of(1, 1) };
    const runs = [used, fresh].map((model) => {
      model.setRowBound(demandRow, (problem.rowLower[demandRow] as number) + 7, Number.POSITIVE_INFINITY);
      model.addRows(1, Float64Array.of(1), Float64Array.of(Number.POSITIVE_INFINITY), row.start, row.index, row.value);
      model.resetBasis();
      const rowStatus = new Int32Array(problem.numRows + 1).fill(1);
      rowStatus.set(captured.rowStatus);
      expect(model.setBasis({ colStatus: captured.colStatus, rowStatus })).toBe(true);
      solved(model);
      return {
        iterations: model.iterations,
        objective: model.objective,
        colValue: Array.from(model.colValue),
        colDual: Array.from(model.colDual),
        rowDual: Array.from(model.rowDual),
      };
    });
    expect(runs[0]!.iterations).toBeGreaterThan(0);
    expect(runs[1]).toEqual(runs[0]);
  });
});

describe("lifecycle", () => {
  it("reuses one success outcome per model, overwritten by each solve", () => {
    const model = track(models.backend.createModel(twoRowProblem()));
    const first = model.solve();
    model.setColBound(2, 4, 4);
    const second = model.solve();
    expect(second).toBe(first);
    if (second.ok) expect(second.value.objective).toBeCloseTo(1, 9); // x + y ≥ 1, x − y ≤ 1 → x = 1, y = 0
  });

  it("disposing models releases their native memory for reuse", () => {
    const problem = transportProblem(30, 30);
    const cycle = (times: number, keep: LpModel[] | null) => {
      for (let k = 0; k < times; k++) {
        const model = models.backend.createModel(problem);
        model.solve();
        void model.rowDual;
        if (keep === null) model.dispose();
        else keep.push(model);
      }
    };
    const growth = (run: () => void) => {
      const before = process.memoryUsage().rss;
      run();
      return process.memoryUsage().rss - before;
    };
    cycle(300, null); // lets the Wasm memory grow to its working size once
    // Relative, not absolute (RSS on a shared machine is noisy): 300 disposed models must
    // grow memory by far less than 300 kept ones (~140 MB here).
    const disposed = growth(() => cycle(300, null));
    const kept: LpModel[] = [];
    const leaked = growth(() => cycle(300, kept));
    for (const m of kept) m.dispose();
    expect(leaked).toBeGreaterThan(50 * 1024 * 1024);
    expect(disposed).toBeLessThan(leaked / 4);
  });

  it("dispose is idempotent and later use throws a clear error", () => {
    const model = models.backend.createModel(twoRowProblem());
    solved(model);
    model.dispose();
    model.dispose();
    expect(model.disposed).toBe(true);
    expect(() => model.solve()).toThrow(/after dispose/);
    expect(() => model.setColBound(0, 0, 1)).toThrow(/after dispose/);
    expect(() => model.colValue).toThrow(/after dispose/);
  });

  it("supports `using` through Symbol.dispose", () => {
    let escaped: LpModel | undefined;
    {
      using model = models.backend.createModel(twoRowProblem());
      escaped = model;
      solved(model);
    }
    expect(escaped.disposed).toBe(true);
  });

  it("rejects arrays of the wrong length and reading a solution that does not exist", () => {
    const p = twoRowProblem();
    expect(() => models.backend.createModel({ ...p, colCost: new Float64Array(2) })).toThrow(/colCost/);
    expect(() => models.backend.createModel(p, { threads: 2 as 1 })).toThrow(/threads/);
    const model = track(models.backend.createModel(p));
    expect(() => model.rowDual).toThrow(/has not been called/);
  });
});
