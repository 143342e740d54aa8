/**
 * Deterministic warm starts: every unit of LP work starts from a basis kept in a store
 * that every worker reads (the policy's basis per stage, the forward basis per trial
 * point), so solves are warm and results still do not depend on the number of workers.
 * Measured on the reference case 4ree, whose stage LPs are large enough for the basis to
 * matter; the cold engine is the same build with `COBRE_BENCH_COLD_STARTS=1`.
 */
import { readdirSync, readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Case } from "@cobre/core";
import { readPolicy } from "@cobre/io";
import { Policy, runStudy, simulate, train } from "@cobre/sddp";
import { examplePath, referencePath } from "@cobre/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { loadTrimmed } from "./fixtures/load-trimmed";
import type { Executor } from "../src/parallel/executor";
import { simulateOnTrainingWorkers } from "../src/simulation/simulate";
import { trainKeepingWorkers } from "../src/training/train";

const fourRee = referencePath("examples", "4ree");
const hydroTiny = examplePath("hydro-tiny");

const load = (dir: string, iterations: number, scenarios = 8): Promise<Case> => loadTrimmed(dir, iterations, scenarios);

const tmp = () => mkdtempSync(path.join(tmpdir(), "cobre-warm-"));

/** Every `data.parquet` under `dir/simulation`, keyed by its relative path. */
function partitions(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "data.parquet") out.set(path.relative(dir, p), readFileSync(p));
    }
  };
  walk(path.join(dir, "simulation"));
  return out;
}

afterEach(() => {
  delete process.env.COBRE_BENCH_COLD_STARTS;
  delete process.env.COBRE_BENCH_SIMULATION_BLOCK;
});

describe("deterministic warm starts", () => {
  it("a forward pass warm-started from the policy's basis takes far fewer simplex iterations than a cold one (4ree)", async () => {
    const c = await load(fourRee, 6);
    const warm = await train(c);
    process.env.COBRE_BENCH_COLD_STARTS = "1";
    const cold = await train(c);
    if (!warm.ok || !cold.ok) throw new Error("training failed");
    // Iteration 1 starts from the bases of one reference trajectory (one LP per stage,
    // solved before the first forward pass): measured 54 against 732 simplex iterations.
    const first = (o: typeof warm.value) => o.history[0]!.phases.forward;
    expect(first(warm.value).solves).toBe(first(cold.value).solves);
    expect(first(warm.value).simplexIterations).toBeLessThan(0.2 * first(cold.value).simplexIterations);
    const perSolve = (o: typeof warm.value, phase: "forward" | "backward") => {
      const later = o.history.slice(1);
      const iters = later.reduce((a, h) => a + h.phases[phase].simplexIterations, 0);
      return iters / later.reduce((a, h) => a + h.phases[phase].solves, 0);
    };
    const warmForward = perSolve(warm.value, "forward");
    const coldForward = perSolve(cold.value, "forward");
    // Measured: 4.8 against 22.8 simplex iterations per forward solve (iterations 2–6).
    expect(warmForward).toBeLessThan(10);
    expect(coldForward).toBeGreaterThan(18);
    expect(warmForward).toBeLessThan(0.5 * coldForward);
    // The backward pass's first opening now starts from the trial point's forward basis.
    expect(perSolve(warm.value, "backward")).toBeLessThan(0.8 * perSolve(cold.value, "backward"));
    // Both are valid SDDP runs of the same case: bounds agree to a fraction of a percent.
    expect(Math.abs(warm.value.finalLowerBound / cold.value.finalLowerBound - 1)).toBeLessThan(0.02);
  }, 120_000);

  it("the same basis store gives bit-identical training with 1 and 2 workers on 4ree (simplex paths included)", async () => {
    const c = await load(fourRee, 5);
    const runs = [];
    for (const numWorkers of [1, 2]) {
      const r = await train(c, { numWorkers });
      if (!r.ok) throw new Error(r.error.message);
      runs.push(r.value);
    }
    const [one, two] = runs as [(typeof runs)[0], (typeof runs)[0]];
    const trace = (o: typeof one) =>
      o.history.map((h) => [h.lowerBound, h.upperBoundMean, h.simplexIterations, h.phases.forward.simplexIterations]);
    expect(trace(two)).toEqual(trace(one));
    one.pools.forEach((p, t) => {
      expect(Array.from(two.pools[t]!.intercepts.subarray(0, p.size))).toEqual(
        Array.from(p.intercepts.subarray(0, p.size)),
      );
    });
    expect(two.bases.map((b) => Array.from(b.rowStatus))).toEqual(one.bases.map((b) => Array.from(b.rowStatus)));
  }, 120_000);

  it("simulation starts each stage from the policy's basis (or one derived from the cuts): fewer simplex iterations, and the same costs and partition bytes with 1 and 2 workers (4ree)", async () => {
    const c = await load(fourRee, 6, 8);
    const outs: string[] = [];
    for (const numWorkers of [1, 2]) {
      const out = tmp();
      const r = await runStudy(c, { outputDir: out, numWorkers });
      if (!r.ok) throw new Error(r.error.message);
      outs.push(out);
    }
    const [a, b] = outs.map(partitions) as [Map<string, Buffer>, Map<string, Buffer>];
    expect(a.size).toBeGreaterThanOrEqual(8 * 4);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [key, bytes] of a) expect(b.get(key)!.equals(bytes), key).toBe(true);

    const trained = await train(c);
    if (!trained.ok) throw new Error(trained.error.message);
    expect(trained.value.bases).toHaveLength(12);
    // From the training's bases, and from bases derived from the cuts alone (a saved policy
    // without policy/basis/), on 1 and 2 workers; then the cold engine.
    const fromTraining = await simulate(c, trained.value, { numScenarios: 8 });
    const fromTraining2 = await simulate(c, trained.value, { numScenarios: 8, numWorkers: 2 });
    const derived = await simulate(c, { pools: trained.value.pools }, { numScenarios: 8 });
    const derived2 = await simulate(c, { pools: trained.value.pools }, { numScenarios: 8, numWorkers: 2 });
    // Every solve from the policy's basis (blocks of one scenario), then every solve cold.
    process.env.COBRE_BENCH_SIMULATION_BLOCK = "1";
    const unchained = await simulate(c, trained.value, { numScenarios: 8 });
    process.env.COBRE_BENCH_COLD_STARTS = "1";
    const cold = await simulate(c, trained.value, { numScenarios: 8 });
    if (!fromTraining.ok || !fromTraining2.ok || !derived.ok || !derived2.ok || !unchained.ok || !cold.ok) {
      throw new Error("simulation failed");
    }
    expect(unchained.value.simplexIterations).toBeLessThan(0.5 * cold.value.simplexIterations);
    expect(Array.from(fromTraining2.value.costs)).toEqual(Array.from(fromTraining.value.costs));
    expect(fromTraining2.value.simplexIterations).toBe(fromTraining.value.simplexIterations);
    expect(Array.from(derived2.value.costs)).toEqual(Array.from(derived.value.costs));
    expect(derived2.value.simplexIterations).toBe(derived.value.simplexIterations);
    expect(fromTraining.value.lpSolves).toBe(8 * 12);
    expect(fromTraining.value.simplexIterations).toBeLessThan(0.5 * cold.value.simplexIterations);
    expect(derived.value.simplexIterations).toBeLessThan(0.5 * cold.value.simplexIterations);
    // Warm or cold, each LP reaches an optimum of the same problem, but 4ree's stage LPs
    // have several optimal vertices, so trajectories (and scenario costs) may differ a little.
    expect(Math.abs(fromTraining.value.meanCost / cold.value.meanCost - 1)).toBeLessThan(0.02);
  }, 240_000);

  it("simulated scenarios depend on their fixed block only: a run that skips some (a resumed run) gives the others bit for bit, on 1 or 2 workers (4ree)", async () => {
    const c = await load(fourRee, 6, 20);
    const trained = await train(c);
    if (!trained.ok) throw new Error(trained.error.message);
    const collect = async (numWorkers: number, skip?: ReadonlySet<number>) => {
      const results = new Map<number, number[]>();
      const r = await simulate(c, trained.value, {
        numScenarios: 20,
        numWorkers,
        ...(skip !== undefined ? { skip } : {}),
        onScenario: (x) => void results.set(x.scenarioId, [...x.hydros!.storageFinalHm3, ...x.costs.totalCost]),
      });
      if (!r.ok) throw new Error(r.error.message);
      return { costs: Array.from(r.value.costs), results };
    };
    const full = await collect(1);
    // Scenarios 0–3 and 9–10 written before the interruption: blocks 0 and 1 are partly done.
    const skip = new Set([0, 1, 2, 3, 9, 10]);
    const resumed = await collect(2, skip);
    expect([...resumed.results.keys()].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, m) => m).filter((m) => !skip.has(m)),
    );
    for (const [m, values] of resumed.results) {
      expect(values, `scenario ${m}`).toEqual(full.results.get(m));
      expect(resumed.costs[m]).toBe(full.costs[m]);
    }
    for (const m of skip) expect(resumed.costs[m]).toBeNaN();
    // Chained within a block, a solve may end at another optimal vertex than the unchained
    // engine's where an LP has several (4ree's do), and the trajectories then part: the
    // scenario costs differ by up to 4.4% here (6 iterations trained), their mean by 0.25%.
    process.env.COBRE_BENCH_SIMULATION_BLOCK = "1";
    const unchained = await collect(1);
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    expect(Math.abs(mean(unchained.costs) / mean(full.costs) - 1)).toBeLessThan(0.01);
  }, 240_000);

  it("a simulation on the training's own workers (runStudy) gives the bits of one on fresh workers, with the training's bases or bases derived from the cuts (4ree, 2 workers)", async () => {
    const c = await load(fourRee, 6, 20);
    const trained = await trainKeepingWorkers(c, { numWorkers: 2 });
    if (!trained.ok) throw new Error(trained.error.message);
    const { outcome, workers } = trained.value;
    expect(workers.kind).toBe("threads");
    // Every block goes through the training's executor: no other workers are started.
    let blocks = 0;
    const real = workers.executor;
    const counting: Executor = {
      workers: real.workers,
      forward: (...a) => real.forward(...a),
      backward: (...a) => real.backward(...a),
      lowerBound: (...a) => real.lowerBound(...a),
      policyCosts: (...a) => real.policyCosts(...a),
      simulate: (...a) => {
        blocks++;
        return real.simulate(...a);
      },
      close: () => real.close(),
    };
    const reused = { ...workers, executor: counting };
    const results = new Map<string, number[]>();
    const collect =
      (key: string) => (x: { scenarioId: number; hydros?: { storageFinalHm3: ArrayLike<number> } | null }) =>
        void results.set(`${key}/${x.scenarioId}`, Array.from(x.hydros!.storageFinalHm3));
    try {
      const onTraining = await simulateOnTrainingWorkers(c, reused, outcome, {
        numScenarios: 20,
        onScenario: collect("a"),
      });
      const derivedOnTraining = await simulateOnTrainingWorkers(
        c,
        reused,
        { pools: outcome.pools },
        { numScenarios: 20 },
      );
      if (!onTraining.ok || !derivedOnTraining.ok) throw new Error("simulation failed");
      expect(blocks).toBe(2 * 3); // 20 scenarios in blocks of 8, twice
      const fresh = await simulate(c, outcome, { numScenarios: 20, numWorkers: 2, onScenario: collect("b") });
      const derivedFresh = await simulate(c, { pools: outcome.pools }, { numScenarios: 20 });
      if (!fresh.ok || !derivedFresh.ok) throw new Error("simulation failed");
      expect(Array.from(onTraining.value.costs)).toEqual(Array.from(fresh.value.costs));
      expect(onTraining.value.simplexIterations).toBe(fresh.value.simplexIterations);
      expect(Array.from(derivedOnTraining.value.costs)).toEqual(Array.from(derivedFresh.value.costs));
      expect(derivedOnTraining.value.simplexIterations).toBe(derivedFresh.value.simplexIterations);
      // The two bases give different simplex paths: the policy slots really were replaced.
      expect(derivedOnTraining.value.simplexIterations).not.toBe(onTraining.value.simplexIterations);
      for (let m = 0; m < 20; m++) expect(results.get(`a/${m}`), `scenario ${m}`).toEqual(results.get(`b/${m}`));
    } finally {
      await real.close();
    }
  }, 240_000);

  it("writes policy/basis/ when store_basis asks; it reads back byte for byte and warm-starts the next run", async () => {
    const base = await load(hydroTiny, 4);
    const withBasis: Case = {
      ...base,
      config: {
        ...base.config,
        simulation: { ...base.config.simulation, enabled: false },
        policy: { ...base.config.policy, checkpointing: { ...base.config.policy.checkpointing, storeBasis: true } },
      },
    };
    const out = tmp();
    const first = await runStudy(withBasis, { outputDir: out });
    if (!first.ok) throw new Error(first.error.message);
    const stages = first.value.training!.pools.length;
    expect(readdirSync(path.join(out, "policy", "basis")).sort()).toEqual(
      Array.from({ length: stages }, (_, t) => `stage_${String(t).padStart(3, "0")}.bin`),
    );
    const read = await readPolicy(out);
    if (!read.ok) throw new Error(read.error.message);
    const trainedBases = first.value.training!.bases;
    expect(read.value.bases.map((b) => [b.stageIndex, b.iteration, b.numCutRows])).toEqual(
      trainedBases.map((b) => [b.stageIndex, 4, b.numCutRows]),
    );
    read.value.bases.forEach((b, t) => {
      expect(Array.from(b.columnStatus)).toEqual(Array.from(trainedBases[t]!.columnStatus));
      expect(Array.from(b.rowStatus)).toEqual(Array.from(trainedBases[t]!.rowStatus));
      // One row per cut of the final pool (4 iterations × forward passes, all active), and
      // one basic entry per row.
      const perIteration = base.config.training.forwardPasses;
      expect(b.numCutRows).toBe(t === stages - 1 ? 0 : 4 * perIteration);
      const basic = [...b.columnStatus, ...b.rowStatus].filter((s) => s === 1).length;
      expect(basic).toBe(b.rowStatus.length);
    });
    // Stage 0's basis is its last forward solve's, from before the last iteration's cuts
    // (basic); the later stages' are their last backward solve's, which had those cuts
    // (some binding).
    const lastCuts = (t: number) => {
      const rows = read.value.bases[t]!.rowStatus;
      return Array.from(rows.subarray(rows.length - base.config.training.forwardPasses));
    };
    expect(lastCuts(0).every((s) => s === 1)).toBe(true);
    expect(Array.from({ length: stages - 2 }, (_, k) => lastCuts(k + 1)).some((c) => c.some((s) => s !== 1))).toBe(
      true,
    );
    const loaded = await Policy.load(out);
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.bases).toHaveLength(stages);

    // Without store_basis there is no basis/ directory (the book's default) …
    const plainOut = tmp();
    const plain = await runStudy(
      { ...withBasis, config: { ...withBasis.config, policy: base.config.policy } },
      {
        outputDir: plainOut,
      },
    );
    if (!plain.ok) throw new Error(plain.error.message);
    expect(readdirSync(path.join(plainOut, "policy"))).not.toContain("basis");

    // … and a warm start from it begins from the bases of a reference trajectory, where one
    // from the stored bases begins from those (were they ignored, both runs would be the same
    // run, simplex path included).
    const warmStart = (from: string): Case => ({
      ...withBasis,
      config: {
        ...withBasis.config,
        training: { ...withBasis.config.training, stoppingRules: [{ type: "iteration_limit", limit: 1 }] },
        policy: { ...withBasis.config.policy, mode: "warm_start", path: path.join(from, "policy") },
      },
    });
    const fromBases = await runStudy(warmStart(out), { outputDir: tmp() });
    const fromCuts = await runStudy(warmStart(plainOut), { outputDir: tmp() });
    if (!fromBases.ok || !fromCuts.ok) throw new Error("warm start failed");
    const forward = (r: typeof fromBases) => r.value.training!.history[0]!.phases.forward.simplexIterations;
    expect(forward(fromBases)).not.toBe(forward(fromCuts));
    expect(fromBases.value.training!.history[0]!.lowerBound).toBeCloseTo(
      fromCuts.value.training!.history[0]!.lowerBound,
      6,
    );
  }, 120_000);
});
