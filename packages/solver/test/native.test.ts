/**
 * The direct C-API path of `LpModel` (src/native.ts, src/scratch.ts): the highs-js
 * internals it relies on, Wasm memory growth while models are alive, and agreement with
 * highs-js' own accessors bit for bit.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type LpModel, createLpModel } from "../src/lp-model";
import { applyOptions, resolveOptions } from "../src/lp-options";
import { toHighsModel } from "../src/lp-problem";
import { type NativeHighs, exportedMemory, highsPointer, loadNativeHighs } from "../src/native";
import { reservoirProblem, transportProblem, twoRowProblem } from "./fixtures/problems";

// A runtime of its own (not the backend's), so these tests can watch its memory grow.
let native: NativeHighs;
beforeAll(async () => {
  native = await loadNativeHighs();
});

function solve(model: LpModel): number {
  const outcome = model.solve();
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value.objective;
}

// The same LP with the same options, held by highs-js alone, to compare with.
function highsJsModel(problem = reservoirProblem()) {
  const model = native.highs.createModel(toHighsModel(problem));
  applyOptions(model.raw, resolveOptions(undefined));
  return model;
}

describe("highs-js internals the solver relies on (highs 1.15.3)", () => {
  it("RawModel._require() returns the address of the HiGHS instance", () => {
    const p = transportProblem(3, 4);
    const model = native.highs.createModel(toHighsModel(p));
    const pointer = highsPointer(model.raw);
    const module = native.highs as unknown as Record<string, (h: number) => number>;
    // The C API answers for that address with this model's dimensions.
    expect(module._Highs_getNumCol!(pointer)).toBe(12);
    expect(module._Highs_getNumRow!(pointer)).toBe(7);
    model.dispose();
    expect(() => highsPointer(model.raw)).toThrow();
  });

  it("fails loudly, naming the pinned version, if _require disappears", () => {
    const model = highsJsModel();
    const stripped = Object.create(model.raw, { _require: { value: undefined } });
    expect(() => highsPointer(stripped)).toThrow(/_require\(\).*1\.15\.3/);
    model.dispose();
  });

  it("finds the instance's memory by type, and refuses an instance without exactly one", () => {
    const Memory = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => object } })
      .WebAssembly.Memory;
    const one = new Memory({ initial: 1 });
    const fn = () => 0;
    expect(exportedMemory({ exports: { a: fn, z: one, b: fn } })).toBe(one);
    expect(() => exportedMemory({ exports: { a: fn } })).toThrow(/exports 0 memories/);
    expect(() => exportedMemory({ exports: { m: one, n: new Memory({ initial: 1 }) } })).toThrow(/exports 2 memories/);
  });

  it("keeps the one exported Wasm memory and the info names in it", () => {
    expect(native.memoryBytes).toBeGreaterThan(0);
    expect(native.memoryBytes % 65536).toBe(0);
    const name = new TextDecoder().decode(
      new Uint8Array(native.f64.buffer, native.simplexIterationCount, "simplex_iteration_count".length + 1),
    );
    expect(name).toBe("simplex_iteration_count\0");
  });
});

describe("direct calls agree with highs-js", () => {
  it("solution values equal highs-js' getSolution bit for bit, after the same patches", () => {
    const ours = createLpModel(native, reservoirProblem());
    const theirs = highsJsModel();
    try {
      for (const stored of [10, 4, 18.5, 0]) {
        ours.setColBounds([0, 5], [stored, 0], [stored, 1e30]);
        theirs.raw.changeColsBounds({ kind: "set", indices: [0, 5] }, [stored, 0], [stored, 1e30]);
        solve(ours);
        expect(theirs.raw.run().status).not.toBe(-1);
        expect(ours.objective).toBe(theirs.raw.getObjectiveValue());
        const solution = theirs.getSolution();
        expect(Array.from(ours.colValue)).toEqual(Array.from(solution.colValue));
        expect(Array.from(ours.colDual)).toEqual(Array.from(solution.colDual));
        expect(Array.from(ours.rowValue)).toEqual(Array.from(solution.rowValue));
        expect(Array.from(ours.rowDual)).toEqual(Array.from(solution.rowDual));
        expect(ours.iterations).toBe(theirs.info.get("simplex_iteration_count"));
      }
    } finally {
      ours.dispose();
      theirs.dispose();
    }
  });

  it("a basis round-trips: read, cleared, installed again, re-solved with 0 pivots", () => {
    const model = createLpModel(native, transportProblem(6, 9));
    try {
      const objective = solve(model);
      expect(model.iterations).toBeGreaterThan(0);
      const basis = model.getBasis();
      expect(basis.colStatus).toHaveLength(54);
      expect(basis.rowStatus).toHaveLength(15);
      // A simplex basis has exactly numRows basic variables.
      const basic = [...basis.colStatus, ...basis.rowStatus].filter((s) => s === 1).length;
      expect(basic).toBe(15);
      model.resetBasis();
      expect(model.setBasis(basis)).toBe(true);
      expect(solve(model)).toBe(objective);
      expect(model.iterations).toBe(0);
      expect(Array.from(model.getBasis().colStatus)).toEqual(Array.from(basis.colStatus));
      expect(() => model.setBasis({ colStatus: basis.colStatus.map(() => 7), rowStatus: basis.rowStatus })).toThrow(
        /colStatus/,
      );
    } finally {
      model.dispose();
    }
  });
});

describe("Wasm memory growth while models are alive", () => {
  it("a small model solved before a big one grew the memory still reads and re-solves right", () => {
    const small = createLpModel(native, twoRowProblem());
    const expected = createLpModel(native, twoRowProblem());
    let big: LpModel | undefined;
    try {
      solve(small); // its solution is left unread: fetched only after the growth
      const before = native.memoryBytes;
      const oldView = native.f64;
      big = createLpModel(native, transportProblem(400, 400));
      solve(big);
      expect(native.memoryBytes).toBeGreaterThan(before); // else this test tests nothing
      expect(oldView.length).toBe(0); // the old view was detached by the growth
      expect(native.f64.length).toBe(native.memoryBytes / 8);

      expect(small.objective).toBeCloseTo(2.5, 12);
      expect(Array.from(small.colValue)).toEqual([1.5, 0.5, 3].map((v) => expect.closeTo(v, 12)));
      // Patches and the re-solve go through scratch buffers allocated before the growth.
      for (const model of [small, expected]) {
        model.setRowBounds([0, 1], [6, Number.NEGATIVE_INFINITY], [Number.POSITIVE_INFINITY, 1]);
        model.setColBound(2, 2, 2);
        solve(model);
      }
      expect(small.objective).toBe(expected.objective);
      expect(Array.from(small.colValue)).toEqual(Array.from(expected.colValue));
      expect(Array.from(small.rowDual)).toEqual(Array.from(expected.rowDual));
    } finally {
      small.dispose();
      expected.dispose();
      big?.dispose();
    }
  });

  it("appended rows grow the solution arrays and scratch buffers", () => {
    const model = createLpModel(native, twoRowProblem());
    try {
      solve(model);
      const colValue = model.colValue;
      expect(model.rowDual).toHaveLength(2);
      // 300 rows x0 + x1 ≥ 2 + k/1000 (only the last one binds), added 100 at a time.
      for (let batch = 0; batch < 3; batch++) {
        const lower = Float64Array.from({ length: 100 }, (_, k) => 2 + (100 * batch + k) / 1000);
        const start = Int32Array.from({ length: 101 }, (_, k) => 2 * k);
        const index = Int32Array.from({ length: 200 }, (_, k) => k % 2);
        model.addRows(
          100,
          lower,
          new Float64Array(100).fill(Number.POSITIVE_INFINITY),
          start,
          index,
          new Float64Array(200).fill(1),
        );
      }
      expect(model.numRows).toBe(302);
      solve(model);
      expect(model.rowDual).toHaveLength(302);
      expect(model.rowValue).toHaveLength(302);
      expect(model.colValue).toBe(colValue); // the model's array, overwritten in place
      expect(model.rowValue[301]).toBeCloseTo(model.colValue[0]! + model.colValue[1]!, 12);
      model.deleteRowsFrom(2);
      model.resetBasis();
      expect(solve(model)).toBeCloseTo(2.5, 12);
      expect(model.rowDual).toHaveLength(2);
    } finally {
      model.dispose();
    }
  });
});
