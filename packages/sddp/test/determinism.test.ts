/**
 * Same case + same seed → identical bounds and cuts, bit for bit, whatever the number
 * of workers (1 in-thread, 2 and 3 worker threads).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCase } from "@cobre/io";
import { train, type TrainingOutcome } from "@cobre/sddp";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const example = path.resolve(here, "../../../examples/hydro-tiny");

function fingerprint(o: TrainingOutcome): { bounds: number[]; cuts: number[] } {
  const bounds = o.history.flatMap((r) => [r.lowerBound, r.upperBoundMean, r.upperBoundStd]);
  const cuts: number[] = [];
  for (const pool of o.pools) {
    for (let i = 0; i < pool.size; i++) {
      cuts.push(pool.intercepts[i]!, ...pool.coefficients.subarray(i * pool.stateDim, (i + 1) * pool.stateDim));
    }
  }
  return { bounds, cuts };
}

describe("determinism across worker counts", () => {
  it("gives identical bounds and cuts with 1, 2 and 3 workers", async () => {
    const loaded = await loadCase(example);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const runs = [];
    for (const numWorkers of [1, 2, 3]) {
      const r = await train(loaded.value, { numWorkers });
      if (!r.ok) throw new Error(r.error.message);
      runs.push(fingerprint(r.value));
    }
    expect(runs[0]!.cuts.length).toBeGreaterThan(0);
    for (const r of runs.slice(1)) {
      expect(r.bounds).toEqual(runs[0]!.bounds);
      expect(r.cuts).toEqual(runs[0]!.cuts);
    }
  });

  it("the lower bound of hydro-tiny never decreases", async () => {
    const loaded = await loadCase(example);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const r = await train(loaded.value);
    if (!r.ok) throw new Error(r.error.message);
    const lbs = r.value.history.map((h) => h.lowerBound);
    for (let i = 1; i < lbs.length; i++) expect(lbs[i]!).toBeGreaterThanOrEqual(lbs[i - 1]! - 1e-9 * Math.abs(lbs[i]!));
    expect(lbs[lbs.length - 1]!).toBeGreaterThan(lbs[0]!);
  });
});
