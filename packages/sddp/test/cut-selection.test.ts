import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case, CutSelectionConfig } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { CutPool, train } from "@cobre/sddp";
import { describe, expect, it } from "vitest";
import { VisitedStates, selectCuts } from "../src/cuts/cut-selection";

const here = path.dirname(fileURLToPath(import.meta.url));

const config = (method: CutSelectionConfig["method"]): CutSelectionConfig => ({
  enabled: true,
  method,
  threshold: 0,
  checkFrequency: 1,
  cutActivityTolerance: 1e-9,
  memoryWindow: 2,
  basisActivityWindow: 5,
  maxActivePerStage: null,
  dominationEpsilon: 1e-9,
});

/** One stage, state dimension 1: cuts 10 − x (best at 0), x (best at 10), 1 (never best). */
function pool(): CutPool {
  const p = new CutPool(1);
  p.add(10, [-1], 1, 0);
  p.add(0, [1], 1, 1);
  p.add(1, [0], 1, 2);
  return p;
}

describe("cut selection on a hand-made pool", () => {
  it("level1 and domination drop the cut that is never the highest at a visited state", () => {
    for (const method of ["level1", "domination"] as const) {
      const p = pool();
      const removed = selectCuts([p], [Float64Array.of(0, 10)], [new VisitedStates(1)], config(method), 2);
      expect(removed).toBe(1);
      expect(Array.from(p.active.subarray(0, 3))).toEqual([1, 1, 0]);
    }
  });

  it("lml1 forgets cuts not highest within the memory window", () => {
    const p = pool();
    const visited = [new VisitedStates(1)];
    expect(selectCuts([p], [Float64Array.of(0, 10)], visited, config("lml1"), 2)).toBe(1);
    // Later only x = 10 is visited: the cut best at x = 0 (seen at iteration 2) survives
    // while iteration 2 is inside the 2-iteration window, and goes once it is not.
    expect(selectCuts([p], [Float64Array.of(10)], visited, config("lml1"), 4)).toBe(0);
    expect(selectCuts([p], [Float64Array.of(10)], visited, config("lml1"), 5)).toBe(1);
    expect(Array.from(p.active.subarray(0, 3))).toEqual([0, 1, 0]);
  });

  it("level1 judges old cuts against newer ones at every visited state", () => {
    const p = pool();
    const visited = [new VisitedStates(1)];
    expect(selectCuts([p], [Float64Array.of(0, 10)], visited, config("level1"), 2)).toBe(1);
    // A new cut 20 − x dominates 10 − x everywhere: the old one goes at the next check.
    p.add(20, [-1], 3, 0);
    expect(selectCuts([p], [Float64Array.of(10)], visited, config("level1"), 4)).toBe(1);
    expect(Array.from(p.active.subarray(0, 4))).toEqual([0, 1, 0, 1]);
  });

  it("never touches cuts generated in the current iteration, and does nothing when disabled", () => {
    const p = pool();
    expect(selectCuts([p], [Float64Array.of(0, 10)], [new VisitedStates(1)], config("level1"), 1)).toBe(0);
    expect(
      selectCuts([p], [Float64Array.of(0, 10)], [new VisitedStates(1)], { ...config("level1"), enabled: false }, 2),
    ).toBe(0);
  });
});

async function dtoy(selection: CutSelectionConfig | null): Promise<Case> {
  const loaded = await loadCase(path.resolve(here, "../../../../shared/cobre-reference/examples/1dtoy"));
  if (!loaded.ok) throw new Error(loaded.error.message);
  const c = loaded.value;
  return {
    ...c,
    config: {
      ...c.config,
      training: {
        ...c.config.training,
        forwardPasses: 4,
        stoppingRules: [{ type: "iteration_limit", limit: 30 }],
        ...(selection === null ? {} : { cutSelection: selection }),
      },
    },
  };
}

describe("cut selection during training (1dtoy)", () => {
  it.each(["level1", "lml1", "domination"] as const)(
    "%s deactivates cuts and keeps the lower bound",
    async (method) => {
      const plain = await train(await dtoy(null));
      const pruned = await train(await dtoy({ ...config(method), threshold: 5, checkFrequency: 5, memoryWindow: 10 }));
      if (!plain.ok || !pruned.ok) throw new Error("training failed");
      const removed = pruned.value.history.reduce((a, h) => a + h.cutsRemoved, 0);
      expect(removed).toBeGreaterThan(0);
      const total = pruned.value.pools.reduce((a, p) => a + p.size, 0);
      expect(pruned.value.history.at(-1)!.cutsActive).toBe(total - removed);
      expect(Math.abs(pruned.value.finalLowerBound - plain.value.finalLowerBound)).toBeLessThan(
        0.01 * plain.value.finalLowerBound,
      );
    },
  );
});
