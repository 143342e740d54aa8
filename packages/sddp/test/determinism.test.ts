/**
 * Same case + same seed → the same policy bytes and the same convergence table, whatever
 * the number of workers (1 in-thread, 2, 4 and 8 worker threads).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { Policy, type TrainingOutcome, train } from "@cobre/sddp";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const example = path.resolve(here, "../../../examples/hydro-tiny");

async function load(limit: number): Promise<Case> {
  const loaded = await loadCase(example);
  if (!loaded.ok) throw new Error(loaded.error.message);
  const c = loaded.value;
  return {
    ...c,
    config: { ...c.config, training: { ...c.config.training, stoppingRules: [{ type: "iteration_limit", limit }] } },
  };
}

/** The policy's FlatBuffers bytes per stage and the convergence table without timings. */
function fingerprint(o: TrainingOutcome): { policy: number[][]; convergence: number[][] } {
  const policy = Policy.fromPools(o.pools);
  return {
    policy: o.pools.map((_, t) => {
      const bytes = policy.rawBytes(t);
      if (!bytes.ok) throw new Error(bytes.error.message);
      return Array.from(bytes.value);
    }),
    convergence: o.history.map((r) => [
      r.iteration,
      r.lowerBound,
      r.upperBoundMean,
      r.upperBoundStd,
      r.gap,
      r.cutsAdded,
      r.cutsRemoved,
      r.cutsActive,
      r.lpSolves,
      // Same LPs from the same starting bases: the simplex takes the same path.
      r.simplexIterations,
    ]),
  };
}

describe("determinism across worker counts", () => {
  it("gives identical policy bytes and convergence tables with 1, 2, 4 and 8 workers", async () => {
    const c = await load(12);
    const runs = [];
    for (const numWorkers of [1, 2, 4, 8]) {
      const r = await train(c, { numWorkers });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.workers).toBe(numWorkers);
      runs.push(fingerprint(r.value));
    }
    expect(runs[0]!.policy.flat().length).toBeGreaterThan(1000);
    for (const r of runs.slice(1)) {
      expect(r.convergence).toEqual(runs[0]!.convergence);
      expect(r.policy).toEqual(runs[0]!.policy);
    }
  }, 240_000);

  it("with cut selection (lml1 and a budget), the binding activity, the selected cuts and the bounds do not depend on the number of workers", async () => {
    const plain = await load(16);
    const c: Case = {
      ...plain,
      config: {
        ...plain.config,
        training: {
          ...plain.config.training,
          cutSelection: {
            ...plain.config.training.cutSelection,
            enabled: true,
            method: "lml1",
            memoryWindow: 2,
            checkFrequency: 2,
            maxActivePerStage: 24,
          },
        },
      },
    };
    const runs = [];
    for (const numWorkers of [1, 2, 4]) {
      const r = await train(c, { numWorkers });
      if (!r.ok) throw new Error(r.error.message);
      const o = r.value;
      runs.push({
        ...fingerprint(o),
        activity: o.pools.map((p) => [
          Array.from(p.active.subarray(0, p.size)),
          Array.from(p.activityCount.subarray(0, p.size)),
          Array.from(p.lastActiveIteration.subarray(0, p.size)),
        ]),
        selection: o.history.flatMap((h) =>
          (h.cutSelection ?? []).map((x) => [
            x.iteration,
            x.stage,
            x.cutsActiveBefore,
            x.cutsDeactivated,
            x.budgetEvicted,
          ]),
        ),
      });
    }
    const first = runs[0]!;
    // Selection and the budget both acted, on counters that solves filled in.
    expect(first.selection.some((x) => (x[3] as number) > 0)).toBe(true);
    expect(first.selection.some((x) => (x[4] as number) > 0)).toBe(true);
    expect(first.activity.some(([, counts]) => counts!.some((n) => n > 0))).toBe(true);
    for (const r of runs.slice(1)) {
      expect(r.activity).toEqual(first.activity);
      expect(r.selection).toEqual(first.selection);
      expect(r.convergence).toEqual(first.convergence);
      expect(r.policy).toEqual(first.policy);
    }
  }, 240_000);

  it("the lower bound of hydro-tiny never decreases", async () => {
    const r = await train(await load(40));
    if (!r.ok) throw new Error(r.error.message);
    const lbs = r.value.history.map((h) => h.lowerBound);
    for (let i = 1; i < lbs.length; i++) expect(lbs[i]!).toBeGreaterThanOrEqual(lbs[i - 1]! - 1e-9 * Math.abs(lbs[i]!));
    expect(lbs[lbs.length - 1]!).toBeGreaterThan(lbs[0]!);
  });
});
