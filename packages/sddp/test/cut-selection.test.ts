/**
 * Cut selection as the Cobre book defines it: a cut's activity is its row being binding
 * in the forward and backward solves of its stage; `level1`, `lml1` and `domination`
 * judge cuts on that basis, `max_active_per_stage` caps each stage. Hand-made pools check
 * each rule; training runs check that selection keeps the deterministic-equivalent
 * optimum (built independently in fixtures/deterministic-equivalent.ts).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Case, CutSelectionConfig } from "@cobre/core";
import { ALL_SCHEMAS, loadCase, verifyOutputs } from "@cobre/io";
import { CutPool, runStudy, train } from "@cobre/sddp";
import { type Table, tableFromIPC } from "apache-arrow";
import { readParquet } from "parquet-wasm";
import { describe, expect, it } from "vitest";
import { loadSolver } from "@cobre/solver";
import { VisitedStates, selectCuts } from "../src/cuts/cut-selection";
import { StageSolvers } from "../src/lp/stage-solvers";
import { prepareStudy } from "../src/study/prepare-study";
import { solveEquivalent } from "./fixtures/deterministic-equivalent";
import { THREE_STAGE_TREE, type SmallHydroCase, writeSmallHydroCase } from "./fixtures/write-case";

const config = (method: CutSelectionConfig["method"], patch: Partial<CutSelectionConfig> = {}): CutSelectionConfig => ({
  enabled: true,
  method,
  threshold: 0,
  checkFrequency: 1,
  cutActivityTolerance: 1e-6,
  memoryWindow: 2,
  basisActivityWindow: 5,
  maxActivePerStage: null,
  dominationEpsilon: 1e-9,
  ...patch,
});

/**
 * Stage 1's pool (state dimension 1), generated at iteration 1: cuts 10 − x, x and 1,
 * binding in 3, 0 and 1 solves, last binding at iterations 4, 1 (never) and 2.
 */
function pool(): CutPool {
  const p = new CutPool(1);
  p.add(10, [-1], 1, 0);
  p.add(0, [1], 1, 1);
  p.add(1, [0], 1, 2);
  p.activityCount.set([3, 0, 1]);
  p.lastActiveIteration.set([4, 1, 2]);
  return p;
}

/** Stage 0's pool: exempt from the strategies, so the same cuts stay active. */
const stage0 = () => pool();
const active = (p: CutPool) => Array.from(p.active.subarray(0, p.size));

describe("cut selection on hand-made pools", () => {
  it("level1 deactivates cuts binding in at most `threshold` solves; stage 0 is exempt", () => {
    const [p0, p1] = [stage0(), pool()];
    const out = selectCuts([p0, p1], [], config("level1"), 5);
    expect(active(p1)).toEqual([1, 0, 1]);
    expect(active(p0)).toEqual([1, 1, 1]);
    expect(out.removed).toBe(1);
    const q = pool();
    expect(selectCuts([stage0(), q], [], config("level1", { threshold: 1 }), 5).removed).toBe(2);
    expect(active(q)).toEqual([1, 0, 0]);
  });

  it("lml1 deactivates cuts not binding within the memory window", () => {
    const p = pool();
    // Iteration 5, window 2: last binding at 4 stays; at 1 and 2 go.
    selectCuts([stage0(), p], [], config("lml1", { memoryWindow: 2 }), 5);
    expect(active(p)).toEqual([1, 0, 0]);
    const q = pool();
    // Window 3: only iteration 1 is more than 3 iterations back.
    selectCuts([stage0(), q], [], config("lml1", { memoryWindow: 3 }), 5);
    expect(active(q)).toEqual([1, 0, 1]);
  });

  it("domination drops a cut dominated at every trial state unless a solve bound it since the last check", () => {
    const visited = [new VisitedStates(1), new VisitedStates(1)];
    visited[1]!.add(Float64Array.of(0, 10), 1);
    // At x = 0 and 10 the highest values are 10 and 10: the constant 1 is dominated at both.
    const p = pool();
    selectCuts([stage0(), p], visited, config("domination"), 5);
    expect(active(p)).toEqual([1, 1, 0]);
    // The same cut, bound by a solve at iteration 5 (this check's window), stays.
    const q = pool();
    q.lastActiveIteration[2] = 5;
    selectCuts([stage0(), q], visited, config("domination"), 5);
    expect(active(q)).toEqual([1, 1, 1]);
  });

  it("never judges cuts of the current iteration, runs only at multiples of check_frequency, and not when disabled", () => {
    const p = pool();
    expect(selectCuts([stage0(), p], [], config("level1"), 1).removed).toBe(0);
    expect(selectCuts([stage0(), p], [], config("level1", { checkFrequency: 3 }), 5)).toEqual({
      removed: 0,
      records: [],
    });
    expect(selectCuts([stage0(), p], [], config("level1", { enabled: false }), 6).records).toEqual([]);
    expect(active(p)).toEqual([1, 1, 1]);
  });

  it("the budget evicts the least recently binding cuts first, then the least often, then by index", () => {
    const p = new CutPool(1);
    for (let i = 0; i < 6; i++) p.add(i, [0], 1, i);
    p.lastActiveIteration.set([3, 2, 2, 5, 2, 4]);
    p.activityCount.set([1, 4, 1, 1, 1, 9]);
    p.add(99, [0], 6, 0); // this iteration's cut: protected
    const out = selectCuts([p], [], config("level1", { maxActivePerStage: 3 }), 6);
    // Last binding at 2: cuts 2 and 4 (1 solve each, index order), then 1 (4 solves); then 0.
    expect(active(p)).toEqual([0, 0, 0, 1, 0, 1, 1]);
    expect(out.records).toEqual([
      {
        iteration: 6,
        stage: 0,
        cutsPopulated: 7,
        cutsActiveBefore: 7,
        cutsDeactivated: 0,
        cutsActiveAfter: 7,
        selectionTimeMs: out.records[0]!.selectionTimeMs,
        budgetEvicted: 4,
        activeAfterBudget: 3,
      },
    ]);
  });

  it("bumps the pool epoch only when cuts leave, so workers rebuild their LPs exactly then", () => {
    const p = pool();
    const e0 = p.epoch[0]!;
    selectCuts([stage0(), p], [], config("level1", { threshold: -1 }), 5);
    expect(p.epoch[0]).toBe(e0);
    selectCuts([stage0(), p], [], config("level1"), 5);
    expect(p.epoch[0]).toBe(e0 + 1);
  });
});

/**
 * Three stages, three openings, one forward pass: cuts generated along one path must
 * serve the branches of the other openings, which only backward solves visit.
 */
const tree: SmallHydroCase = {
  ...THREE_STAGE_TREE,
  iterations: 150,
  forwardPasses: 1,
};

/** Five stages, two openings: 16 scenarios, PAR-free, storage carried across the horizon. */
const longer: SmallHydroCase = {
  ...tree,
  stages: 5,
  openings: 2,
  inflowMean: [30, 20, 25, 15, 28],
  inflowStd: [10, 8, 12, 5, 9],
  noise: [
    [-1, 1],
    [-0.5, 1.3],
    [-1.4, 0.6],
    [0.2, -0.9],
    [1.1, -0.7],
  ],
  initialStorage: 60,
  iterations: 200,
};

async function withSelection(spec: SmallHydroCase, selection: CutSelectionConfig): Promise<Case> {
  const loaded = await loadCase(writeSmallHydroCase(spec));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
  const c = loaded.value;
  return { ...c, config: { ...c.config, training: { ...c.config.training, cutSelection: selection } } };
}

describe("training with cut selection reaches the deterministic-equivalent optimum", () => {
  it.each([
    ["level1", tree, config("level1")],
    ["lml1, memory window 10", tree, config("lml1", { memoryWindow: 10 })],
    ["level1, 5 stages", longer, config("level1")],
    ["lml1, memory window 10, 5 stages", longer, config("lml1", { memoryWindow: 10 })],
  ] as const)("%s, one forward pass", async (_label, spec, selection) => {
    const expected = await solveEquivalent(spec);
    const trained = await train(await withSelection(spec, selection));
    if (!trained.ok) throw new Error(trained.error.message);
    const h = trained.value.history;
    // Selection did work: cuts left the LPs.
    expect(h.reduce((a, r) => a + r.cutsRemoved, 0)).toBeGreaterThan(0);
    expect(Math.abs(trained.value.finalLowerBound - expected) / Math.abs(expected)).toBeLessThan(1e-6);
    // The bound never falls back once selection has removed cuts.
    for (let i = 1; i < h.length; i++) {
      expect(h[i]!.lowerBound).toBeGreaterThanOrEqual(h[i - 1]!.lowerBound - 1e-6 * Math.abs(expected));
    }
  });

  it("max_active_per_stage caps every stage at every iteration, and the bound still reaches the optimum", async () => {
    const cap = 6;
    const expected = await solveEquivalent(longer);
    const trained = await train(
      await withSelection(longer, config("lml1", { memoryWindow: 10, maxActivePerStage: cap })),
    );
    if (!trained.ok) throw new Error(trained.error.message);
    const { history, pools } = trained.value;
    const T = pools.length;
    let evicted = 0;
    for (const r of history) {
      const records = r.cutSelection ?? [];
      expect(records.map((x) => x.stage)).toEqual(Array.from({ length: T - 1 }, (_, t) => t));
      for (const x of records) {
        expect(x.activeAfterBudget).not.toBeNull();
        expect(x.activeAfterBudget!).toBeLessThanOrEqual(cap);
        evicted += x.budgetEvicted ?? 0;
      }
    }
    expect(evicted).toBeGreaterThan(0);
    for (const p of pools.slice(0, T - 1)) expect(p.activeCount).toBeLessThanOrEqual(cap);
    expect(Math.abs(trained.value.finalLowerBound - expected) / Math.abs(expected)).toBeLessThan(1e-6);
  });
});

function readTable(file: string): Table {
  return tableFromIPC(readParquet(new Uint8Array(readFileSync(file))).intoIPCStream());
}

describe("training/cut_selection/iterations.parquet", () => {
  it("holds one row per judged stage and iteration, with the book's columns and Arrow types and the run's numbers", async () => {
    const c = await withSelection(
      { ...longer, iterations: 12 },
      config("lml1", { memoryWindow: 2, checkFrequency: 3, maxActivePerStage: 8 }),
    );
    const out = mkdtempSync(path.join(tmpdir(), "cobre-cutsel-"));
    const run = await runStudy(
      { ...c, config: { ...c.config, simulation: { ...c.config.simulation, enabled: false } } },
      {
        outputDir: out,
      },
    );
    if (!run.ok) throw new Error(run.error.message);
    const history = run.value.training!.history;
    const expected = history.flatMap((h) => h.cutSelection ?? []);
    // The budget runs every iteration: stages 0..3 (the last stage holds no selectable cuts).
    expect(expected).toHaveLength(12 * 4);
    expect(expected.some((r) => r.cutsDeactivated > 0)).toBe(true);
    expect(expected.some((r) => (r.budgetEvicted ?? 0) > 0)).toBe(true);

    const table = readTable(path.join(out, "training/cut_selection/iterations.parquet"));
    const schema = ALL_SCHEMAS.find((s) => s.path === "training/cut_selection/iterations.parquet")!;
    expect(table.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([
      ["iteration", "Int32", false],
      ["stage", "Int32", false],
      ["cuts_populated", "Int32", false],
      ["cuts_active_before", "Int32", false],
      ["cuts_deactivated", "Int32", false],
      ["cuts_active_after", "Int32", false],
      ["selection_time_ms", "Float64", false],
      ["budget_evicted", "Int32", true],
      ["active_after_budget", "Int32", true],
    ]);
    expect(schema.columns.map((col) => col.name)).toEqual(table.schema.fields.map((f) => f.name));
    const column = (name: string) => Array.from(table.getChild(name)!.toArray() as ArrayLike<number>, Number);
    expect(column("iteration")).toEqual(expected.map((r) => r.iteration));
    expect(column("stage")).toEqual(expected.map((r) => r.stage));
    expect(column("cuts_populated")).toEqual(expected.map((r) => r.cutsPopulated));
    expect(column("cuts_active_before")).toEqual(expected.map((r) => r.cutsActiveBefore));
    expect(column("cuts_deactivated")).toEqual(expected.map((r) => r.cutsDeactivated));
    expect(column("cuts_active_after")).toEqual(expected.map((r) => r.cutsActiveAfter));
    expect(column("budget_evicted")).toEqual(expected.map((r) => r.budgetEvicted));
    expect(column("active_after_budget")).toEqual(expected.map((r) => r.activeAfterBudget));
    expect(column("selection_time_ms")).toEqual(expected.map((r) => r.selectionTimeMs));
    // Each iteration's rows add up to the convergence log's removals.
    for (const h of history) {
      const rows = expected.filter((r) => r.iteration === h.iteration);
      expect(rows.reduce((a, r) => a + r.cutsDeactivated + (r.budgetEvicted ?? 0), 0)).toBe(h.cutsRemoved);
    }
    // The step's time is the timing file's cut_selection_ms (whole milliseconds).
    const timing = readTable(path.join(out, "training/timing/iterations.parquet"));
    expect(Array.from(timing.getChild("cut_selection_ms")!.toArray() as BigInt64Array, Number)).toEqual(
      history.map((h) => Math.round(h.selectionTimeMs)),
    );
    const report = await verifyOutputs(out);
    expect(report.issues).toEqual([]);
  });

  it("is not written when cut selection is off", async () => {
    const loaded = await loadCase(writeSmallHydroCase({ ...longer, iterations: 3 }));
    if (!loaded.ok) throw new Error("load");
    const c = loaded.value;
    const out = mkdtempSync(path.join(tmpdir(), "cobre-cutsel-"));
    const run = await runStudy(
      { ...c, config: { ...c.config, simulation: { ...c.config.simulation, enabled: false } } },
      {
        outputDir: out,
      },
    );
    if (!run.ok) throw new Error(run.error.message);
    expect(() => readFileSync(path.join(out, "training/cut_selection/iterations.parquet"))).toThrow();
  });
});

describe("stage LPs hold exactly the active cuts", () => {
  it("after a deactivation, a worker's rebuilt LP solves bit for bit like a fresh LP built from the active cuts", async () => {
    const c = await withSelection({ ...longer, iterations: 8, forwardPasses: 2 }, config("level1", { enabled: false }));
    const trained = await train(c);
    if (!trained.ok) throw new Error(trained.error.message);
    const study = prepareStudy(c);
    if (!study.ok) throw new Error(study.error.message);
    const { templates, inputs, initialState } = study.value;
    const backend = await loadSolver();
    const copy = (keep: (t: number, i: number) => boolean, onlyKept: boolean) =>
      trained.value.pools.map((p, t) => {
        const q = new CutPool(p.stateDim, Math.max(1, p.size));
        for (let i = 0; i < p.size; i++) {
          if (onlyKept && !keep(t, i)) continue;
          q.add(p.intercepts[i]!, p.coefficients.subarray(i * p.stateDim, (i + 1) * p.stateDim), p.iterations[i]!, 0);
        }
        return q;
      });
    const odd = (_t: number, i: number) => i % 2 === 1;
    const method = c.config.modeling.inflowNonNegativity.method;
    // Every stage under every opening from storages across the reservoir's range.
    const solveAll = (solvers: StageSolvers): number[] => {
      const out: number[] = [];
      for (let t = 0; t < templates.length; t++) {
        const x = Float64Array.from(initialState.subarray(0, templates[t]!.layout.stateDim));
        for (const storage of [0, 15, 30, 60, 90, 120, 150]) {
          x[0] = storage;
          for (let j = 0; j < inputs.numOpenings[t]!; j++) {
            solvers.resetBasis(t);
            const noise = inputs.openings[t]!.subarray(j * inputs.noiseDim, (j + 1) * inputs.noiseDim);
            solvers.solve(t, x, noise, { phase: "backward", iteration: 0, scenario: 0, opening: j });
            out.push(solvers.result.objective);
          }
        }
      }
      return out;
    };
    // A worker that solved with every cut, then saw the even cuts deactivated.
    const pools = copy(() => true, false);
    const grown = new StageSolvers(backend, templates, inputs, pools, method);
    const before = solveAll(grown);
    for (const p of pools) {
      const even = Array.from({ length: Math.ceil(p.size / 2) }, (_, k) => 2 * k);
      p.deactivate(even);
    }
    const after = solveAll(grown);
    // A fresh LP that only ever had the odd cuts.
    const fresh = new StageSolvers(backend, templates, inputs, copy(odd, true), method);
    expect(after).toEqual(solveAll(fresh));
    // Removing cuts can only lower an outer approximation, and here it does somewhere.
    after.forEach((v, k) => {
      expect(v).toBeLessThanOrEqual(before[k]! * (1 + 1e-9));
    });
    expect(after.some((v, k) => v < before[k]! * (1 - 1e-6))).toBe(true);
    grown.dispose();
    fresh.dispose();
  });
});
