/**
 * `cobre summary` on a real run: the bounds and cost statistics agree with what the run
 * itself reported, timings add up, and a missing output directory exits 2.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { summaryCommand } from "../src/commands/summary";
import { buildSummary } from "../src/run-data/summary-data";
import { distribution } from "../src/stats";
import { captureJson } from "./support/capture";
import { cobre } from "./support/cobre-bin";
import { type RunFixture, makeRunFixture } from "./support/run-fixture";

let fx: RunFixture;
beforeAll(async () => {
  fx = await makeRunFixture();
});

describe("statistics", () => {
  it("uses the sample std and linearly interpolated percentiles", () => {
    const d = distribution([4, 1, 3, 2]);
    expect(d).toMatchObject({ mean: 2.5, min: 1, max: 4, p50: 2.5 });
    expect(d.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(d.p5).toBeCloseTo(1.15, 12);
    expect(d.p95).toBeCloseTo(3.85, 12);
    expect(distribution([7])).toMatchObject({ mean: 7, std: 0, p5: 7, p95: 7 });
  });
});

describe("cobre summary", () => {
  it("JSON: bounds, termination and cost statistics match the run's own figures", async () => {
    const r = await captureJson(() => summaryCommand(fx.outputDir, "json"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.envelope).toMatchObject({ command: "summary", success: true, exit_code: 0 });
    const { training, simulation, timings } = r.envelope.data;
    expect(training).toMatchObject({
      status: "complete",
      iterations: 8,
      max_iterations: 8,
      termination_reason: "iteration_limit",
    });
    expect(training.lower_bound).toBeCloseTo(fx.run.finalLowerBound, 6);
    expect(training.upper_bound_mean).toBeCloseTo(fx.run.finalUpperBound, 6);
    expect(training.gap_percent).toBeCloseTo(100 * fx.run.finalGap, 6);
    expect(training.cuts_generated).toBe(fx.run.totalCuts);
    expect(simulation.scenarios).toEqual({ total: 20, completed: 20, failed: 0 });
    expect(simulation.scenarios_read).toBe(20);
    const total = simulation.cost_statistics.find((c: { component: string }) => c.component === "total_cost");
    // The scenario cost is the discounted total over stages and blocks: same mean and std as the run's.
    expect(total.mean).toBeCloseTo(fx.run.meanCost, 2);
    expect(total.std).toBeCloseTo(fx.run.stdCost, 2);
    expect(total.p5).toBeLessThanOrEqual(total.p50);
    expect(total.p50).toBeLessThanOrEqual(total.p95);
    const names = simulation.cost_statistics.map((c: { component: string }) => c.component);
    expect(names).toContain("thermal_cost");
    expect(names).not.toContain("future_cost");
    expect(names).not.toContain("discount_factor");
    expect(timings.training_seconds).toBeGreaterThan(0);
    expect(timings.simulation_seconds).toBeGreaterThan(0);
    expect(timings.forward_seconds + timings.backward_seconds + timings.other_seconds).toBeCloseTo(
      timings.iterations_seconds,
      6,
    );
  });

  it("components sum to the undiscounted immediate cost in every scenario", async () => {
    const r = await buildSummary(fx.outputDir);
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.data.simulation === null) return;
    const stats = r.value.data.simulation.cost_statistics;
    const immediate = stats.find((c) => c.component === "immediate_cost")!;
    const parts = stats.filter((c) => !["total_cost", "immediate_cost"].includes(c.component));
    const sum = parts.reduce((a, c) => a + c.mean, 0);
    expect(Math.abs(sum - immediate.mean) / immediate.mean).toBeLessThan(1e-6);
  });

  it("human (the bin, spawned): training block, a cost table and timings", () => {
    const r = cobre("summary", fx.outputDir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Training  complete · 8 iterations (limit 8) · stopped by iteration_limit");
    expect(r.stdout).toMatch(/^\s+total_cost(\s+[-\d.]+[kMG]?){5}$/m);
    expect(r.stdout).toMatch(/^\s+thermal_cost\s/m);
    expect(r.stdout).toContain("Timings");
  });

  it("without a simulation the simulation block is null", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cobre-summary-"));
    cpSync(fx.outputDir, dir, { recursive: true });
    rmSync(path.join(dir, "simulation"), { recursive: true });
    const r = await buildSummary(dir);
    expect(r.ok && r.value.data.simulation).toBeNull();
    expect(r.ok && r.value.data.timings.simulation_seconds).toBeNull();
  });

  it("a missing output directory exits 2 with IoError", async () => {
    const r = await captureJson(() => summaryCommand(path.join(tmpdir(), "no-such-cobre-output"), "json"));
    expect(r.code).toBe(2);
    expect(r.envelope.errors[0]).toMatchObject({ kind: "IoError", context: { code: "ENOENT" } });
  });
});
