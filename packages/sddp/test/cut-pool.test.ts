/**
 * The cut pool of one stage: cuts appended row-major with their generation record,
 * growth (or a hard capacity over shared memory), activity merged by the coordinator,
 * deactivation that never deletes and bumps the epoch, and the outer approximation.
 */
import { describe, expect, it } from "vitest";
import { CutPool } from "../src/cuts/cut-pool";

/** Two-dimensional cuts θ ≥ 10 + x₀ − 2x₁ (iteration 1, pass 0) and θ ≥ 3x₀ + x₁ (iteration 2, pass 1). */
function twoCuts(options: { shared?: boolean } = {}): CutPool {
  const p = new CutPool(2, 4, options);
  p.add(10, [1, -2], 1, 0);
  p.add(0, [3, 1], 2, 1);
  return p;
}

describe("CutPool", () => {
  it("appends cuts row-major with their generation record and returns their indices", () => {
    const p = new CutPool(2, 4);
    expect(p.size).toBe(0);
    expect(p.add(10, [1, -2], 1, 0)).toBe(0);
    expect(p.add(0, Float64Array.of(3, 1), 2, 1)).toBe(1);
    expect(p.add(-5, [0.5, 0.25], 2, 3, false)).toBe(2);
    expect(p.size).toBe(3);
    expect(Array.from(p.intercepts.subarray(0, 3))).toEqual([10, 0, -5]);
    expect(Array.from(p.coefficients.subarray(0, 6))).toEqual([1, -2, 3, 1, 0.5, 0.25]);
    expect(Array.from(p.active.subarray(0, 3))).toEqual([1, 1, 0]);
    expect(Array.from(p.iterations.subarray(0, 3))).toEqual([1, 2, 2]);
    expect(Array.from(p.forwardPasses.subarray(0, 3))).toEqual([0, 1, 3]);
    // A new cut counts as last active in the iteration that generated it, with no binding solves yet.
    expect(Array.from(p.lastActiveIteration.subarray(0, 3))).toEqual([1, 2, 2]);
    expect(Array.from(p.activityCount.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(p.activeCount).toBe(2);
  });

  it("grows a private pool by doubling, keeping every cut and its record", () => {
    const p = new CutPool(3, 1);
    expect(p.capacity).toBe(1);
    for (let i = 0; i < 5; i++) p.add(100 + i, [i, 2 * i, 3 * i], i + 1, i);
    p.recordActivity(0, 7, 4);
    expect(p.capacity).toBe(8);
    expect(p.size).toBe(5);
    expect(Array.from(p.intercepts.subarray(0, 5))).toEqual([100, 101, 102, 103, 104]);
    expect(Array.from(p.coefficients.subarray(12, 15))).toEqual([4, 8, 12]);
    expect(Array.from(p.iterations.subarray(0, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(p.forwardPasses.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect([p.activityCount[0], p.lastActiveIteration[0]]).toEqual([7, 4]);
    // A zero capacity is raised to one cut.
    expect(new CutPool(1, 0).capacity).toBe(1);
  });

  it("over shared memory has a fixed capacity: the cut past it throws", () => {
    const p = new CutPool(2, 2, { shared: true });
    expect(p.intercepts.buffer).toBeInstanceOf(SharedArrayBuffer);
    p.add(1, [0, 0], 1, 0);
    p.add(2, [0, 0], 1, 1);
    expect(() => p.add(3, [0, 0], 1, 2)).toThrow("cut pool over shared memory is full (capacity 2)");
    expect(p.size).toBe(2);
  });

  it("shares its buffers: a pool over them sees the cuts once told their count", () => {
    const p = twoCuts({ shared: true });
    const view = new CutPool(2, 0, { buffers: p.buffers() });
    expect(view.capacity).toBe(4);
    expect(view.size).toBe(0);
    view.setSize(p.size);
    expect(view.valueAt(1, [1, 1])).toBe(4);
    // Deactivation by the coordinator is visible through the shared epoch and flags.
    p.deactivate([0]);
    expect([view.epoch[0], view.active[0]]).toEqual([1, 0]);
    expect(() => view.setSize(5)).toThrow("cut count 5 exceeds pool capacity 4");
  });

  it("merges activity: counts add up and the last active iteration only moves forward", () => {
    const p = twoCuts();
    p.recordActivity(0, 3, 5);
    p.recordActivity(0, 2, 4);
    p.recordActivity(1, 1, 2);
    expect(Array.from(p.activityCount.subarray(0, 2))).toEqual([5, 1]);
    expect(Array.from(p.lastActiveIteration.subarray(0, 2))).toEqual([5, 2]);
  });

  it("deactivates without deleting, bumping the epoch once per non-empty round", () => {
    const p = twoCuts();
    p.add(1, [0, 0], 3, 0);
    p.deactivate([]);
    expect(p.epoch[0]).toBe(0);
    // Only the first `count` indices are taken.
    p.deactivate(Int32Array.of(2, 0), 1);
    expect(Array.from(p.active.subarray(0, 3))).toEqual([1, 1, 0]);
    expect(p.epoch[0]).toBe(1);
    p.deactivate([0]);
    expect(p.epoch[0]).toBe(2);
    expect(p.size).toBe(3);
    expect(p.activeCount).toBe(1);
    expect(p.intercepts[2]).toBe(1);
  });

  it("evaluates the outer approximation: the max over active cuts, −∞ without any", () => {
    const p = twoCuts();
    // At x = (2, 1): 10 + 2 − 2 = 10 and 6 + 1 = 7.
    expect(p.valueAt(0, [2, 1])).toBe(10);
    expect(p.valueAt(1, [2, 1])).toBe(7);
    expect(p.evaluate([2, 1])).toBe(10);
    // At x = (4, 0): 14 and 12.
    expect(p.evaluate([4, 0])).toBe(14);
    p.deactivate([0]);
    expect(p.evaluate([2, 1])).toBe(7);
    p.deactivate([1]);
    expect(p.evaluate([2, 1])).toBe(Number.NEGATIVE_INFINITY);
    expect(new CutPool(2).evaluate([0, 0])).toBe(Number.NEGATIVE_INFINITY);
  });
});
