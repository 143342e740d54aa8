import { loadSolver } from "@cobre/solver";
import { expect, it } from "vitest";

it("the README example gives the numbers it claims", async () => {
  const backend = await loadSolver();
  using model = backend.createModel({
    numCols: 2,
    numRows: 1,
    colCost: Float64Array.of(1, 2),
    colLower: Float64Array.of(0, 0),
    colUpper: Float64Array.of(1, Number.POSITIVE_INFINITY),
    rowLower: Float64Array.of(2),
    rowUpper: Float64Array.of(Number.POSITIVE_INFINITY),
    matrix: { format: "csr", start: Int32Array.of(0, 2), index: Int32Array.of(0, 1), value: Float64Array.of(1, 1) },
  });
  const outcome = model.solve();
  if (!outcome.ok) throw new Error(outcome.error.message);
  expect(outcome.value.objective).toBeCloseTo(3, 12);
  expect(model.rowDual[0]).toBeCloseTo(2, 12);
  expect(model.colDual[0]).toBeCloseTo(-1, 12);
  model.setColBound(0, 0, 1.5);
  expect(model.solve().ok).toBe(true);
  expect(model.objective).toBeCloseTo(2.5, 12);
  expect(model.iterations).toBeLessThanOrEqual(2);
});
