import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type TrainingProgressEvent,
  type TrainingResult,
  CaseLoader,
  type CaseView,
  simulateCase,
  trainCase,
  unwrap,
} from "@cobre/sddp";
import { beforeAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const tiny = path.resolve(here, "../../../examples/hydro-tiny");
const limit = (n: number) => ({ training: { stopping_rules: [{ type: "iteration_limit" as const, limit: n }] } });

let c: CaseView;
beforeAll(async () => {
  c = await CaseLoader.load(tiny);
});

describe("trainCase → TrainingResult", () => {
  let result: TrainingResult;
  const events: TrainingProgressEvent[] = [];
  beforeAll(async () => {
    result = unwrap(await trainCase(c, { configOverrides: limit(5), onProgress: (e) => void events.push(e) }));
  });

  it("stops at the overridden iteration limit", () => {
    expect(result.iterations).toBe(5);
    expect(result.terminationReason).toBe("iteration_limit");
    expect(result.case.config.training.stoppingRules).toEqual([{ type: "iteration_limit", limit: 5 }]);
    // The input case is untouched.
    expect(c.config.training.stoppingRules).toHaveLength(2);
  });

  it("has a convergence table with the exact columns, types and values of the records", () => {
    const t = result.convergenceHistory;
    expect(t.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "iteration:Int32",
      "lower_bound:Float64",
      "upper_bound:Float64",
      "upper_bound_std:Float64",
      "ci_95:Float64",
      "gap:Float64",
      "wall_time_ms:Float64",
      "iteration_time_ms:Float64",
    ]);
    expect(t.numRows).toBe(result.records.length);
    const col = (
      name:
        | "iteration"
        | "lower_bound"
        | "upper_bound"
        | "upper_bound_std"
        | "ci_95"
        | "gap"
        | "wall_time_ms"
        | "iteration_time_ms",
    ) => Array.from(t.getChild(name)!.toArray() as ArrayLike<number>);
    expect(col("iteration")).toEqual([1, 2, 3, 4, 5]);
    expect(col("lower_bound")).toEqual(result.records.map((r) => r.lowerBound));
    expect(col("upper_bound")).toEqual(result.records.map((r) => r.upperBoundMean));
    expect(col("upper_bound_std")).toEqual(result.records.map((r) => r.upperBoundStd));
    expect(col("ci_95")).toEqual(result.records.map((r) => r.ci95HalfWidth));
    expect(col("gap")).toEqual(result.records.map((r) => r.gap));
    expect(col("wall_time_ms")).toEqual(result.records.map((r) => r.wallTimeMs));
    expect(col("iteration_time_ms")).toEqual(result.records.map((r) => r.iterationTimeMs));
    expect(result.finalLowerBound).toBe(col("lower_bound")[4]);
    expect(result.finalUpperBound).toBe(col("upper_bound")[4]);
    expect(result.finalGap).toBe(col("gap")[4]);
  });

  it("counts one cut per forward pass, iteration and non-final stage; the policy holds them", () => {
    const T = c.numStages;
    const M = c.config.training.forwardPasses;
    expect(result.totalCuts).toBe(5 * M * (T - 1));
    const s = result.policy.summary();
    expect(s.totalCuts).toBe(result.totalCuts);
    expect(s.stages).toBe(T);
    // The lower bound is the first-stage value: non-decreasing over iterations.
    const lb = result.records.map((r) => r.lowerBound);
    for (let i = 1; i < lb.length; i++) expect(lb[i]!).toBeGreaterThanOrEqual(lb[i - 1]! - 1e-6 * Math.abs(lb[i - 1]!));
  });

  it("emits one progress event per iteration mirroring the records", () => {
    expect(events.map((e) => e.iteration)).toEqual([1, 2, 3, 4, 5]);
    events.forEach((e, i) => {
      const r = result.records[i]!;
      expect(e).toMatchObject({
        phase: "training",
        lowerBound: r.lowerBound,
        upperBound: r.upperBoundMean,
        gap: r.gap,
        workerId: null,
      });
    });
  });

  it("reports workers only for multi-worker runs, with identical results", async () => {
    expect(result.workers).toBeNull();
    const two = unwrap(await trainCase(c, { configOverrides: limit(5), numWorkers: 2 }));
    expect(two.convergenceHistory.getChild("lower_bound")!.toArray()).toEqual(
      result.convergenceHistory.getChild("lower_bound")!.toArray(),
    );
    const w = two.workers!;
    expect(w.map((x) => x.rank)).toEqual([0, 1]);
    expect(w.every((x) => x.backend === "worker_threads" && x.lpSolves > 0 && x.wallTimeMs > 0)).toBe(true);
    const M = c.config.training.forwardPasses;
    expect(w.reduce((a, x) => a + x.scenariosProcessed, 0)).toBe(5 * M);
  });

  it("simulates the trained policy: statistics and cost components add up", async () => {
    const sim = unwrap(await simulateCase(result, { numScenarios: 16 }));
    expect(sim.scenarios).toBe(16);
    expect(sim.scenarioCosts).toHaveLength(16);
    const costs = Array.from(sim.scenarioCosts);
    const mean = costs.reduce((a, b) => a + b, 0) / 16;
    expect(sim.meanCost).toBeCloseTo(mean, 6);
    expect(sim.costStats.min).toBe(Math.min(...costs));
    expect(sim.costStats.max).toBe(Math.max(...costs));
    expect(sim.componentStats.size).toBeGreaterThan(0);
    // Each scenario's component present values add up to its total cost.
    for (let m = 0; m < 16; m++) {
      let sum = 0;
      for (const col of sim.componentScenarioCosts.values()) sum += col[m]!;
      expect(sum).toBeCloseTo(costs[m]!, 4);
    }
    const two = unwrap(await simulateCase(result, { numScenarios: 16, numWorkers: 2 }));
    expect(Array.from(two.scenarioCosts)).toEqual(costs);
  });
});

describe("AbortSignal", () => {
  for (const numWorkers of [1, 2]) {
    it(`stops at the iteration boundary after the abort (numWorkers ${numWorkers})`, async () => {
      const abort = new AbortController();
      const r = unwrap(
        await trainCase(c, {
          numWorkers,
          signal: abort.signal,
          onProgress: (e) => {
            if (e.iteration === 2) abort.abort();
          },
        }),
      );
      expect(r.iterations).toBe(2);
      expect(r.terminationReason).toBe("shutdown");
      expect(r.convergenceHistory.numRows).toBe(2);
    });
  }
});

describe("event loop with workers", () => {
  /**
   * Ticks per second of a 5 ms timer while training (from the first iteration on, after
   * any worker threads have started), and the longest gap between two ticks.
   */
  async function timerDuringTraining(numWorkers: number): Promise<{ ticksPerSecond: number; maxGap: number }> {
    let last = 0;
    let maxGap = 0;
    let ticks = 0;
    let measuring = false;
    const timer = setInterval(() => {
      const now = performance.now();
      if (measuring) {
        maxGap = Math.max(maxGap, now - last);
        ticks++;
      }
      last = now;
    }, 5);
    let started = 0;
    try {
      unwrap(
        await trainCase(c, {
          numWorkers,
          // 16 forward passes: an iteration long enough (tens of ms) that a loop blocked
          // by it shows, where hydro-tiny's own single pass lets a blocked loop tick
          // about 60 times a second between iterations.
          configOverrides: { training: { ...limit(10).training, forward_passes: 16 } },
          onProgress: (e) => {
            if (e.iteration === 1) {
              measuring = true;
              started = performance.now();
              last = started;
            }
          },
        }),
      );
    } finally {
      clearInterval(timer);
    }
    return { ticksPerSecond: (1000 * ticks) / (performance.now() - started), maxGap };
  }

  // Relative, not absolute: the same training with the solves on the main thread
  // (numWorkers 1) is the reference for a blocked loop. A loaded shared machine slows
  // both alike; with the solves in worker threads the timer must fire several times as
  // often and never stall as long as a blocked forward pass does.
  it("keeps a 5 ms timer firing during training with numWorkers 2, unlike numWorkers 1", async () => {
    const blocked = await timerDuringTraining(1);
    const pooled = await timerDuringTraining(2);
    expect(pooled.ticksPerSecond, JSON.stringify({ blocked, pooled })).toBeGreaterThan(3 * blocked.ticksPerSecond);
    expect(pooled.maxGap, JSON.stringify({ blocked, pooled })).toBeLessThan(blocked.maxGap);
  });
});
