/**
 * `cobre compare`: the same case and seed is identical (also across --threads 1 and 2),
 * another seed is different (equivalent under a loose tolerance), another case is
 * refused with IncompatibleRuns unless --force.
 */
import path from "node:path";
import { type AnalysisError, type RunComparison, compareRuns } from "@cobre/io";
import { beforeAll, describe, expect, it } from "vitest";
import { cobreAsync as cobre, repoRoot } from "./support/cobre-bin";
import { outDir, smallCase } from "./support/small-case";

const [a, b, seed, other] = [outDir(), outDir(), outDir(), outDir()];

async function compareJson(...args: string[]) {
  const r = await cobre("compare", ...args, "--output-format", "json");
  return {
    ...r,
    env: JSON.parse(r.stdout) as {
      success: boolean;
      exit_code: number;
      data: RunComparison;
      errors: AnalysisError[];
      warnings: AnalysisError[];
    },
  };
}

beforeAll(async () => {
  const caseDir = smallCase({ iterations: 3, scenarios: 8 });
  const runs = await Promise.all([
    cobre("run", caseDir, "--output", a, "--threads", "1", "--quiet"),
    cobre("run", caseDir, "--output", b, "--threads", "2", "--quiet"),
    cobre("run", smallCase({ iterations: 3, scenarios: 8, seed: 7 }), "--output", seed, "--threads", "1", "--quiet"),
    cobre(
      "run",
      path.join(repoRoot, "../shared/cobre-reference/examples/deterministic/d02-single-hydro"),
      "--output",
      other,
      "--threads",
      "1",
      "--quiet",
    ),
  ]);
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
});

describe("cobre compare", () => {
  it("two runs of the same case and seed are identical, whatever the thread count", async () => {
    const [{ code, env }, human] = await Promise.all([compareJson(a, b), cobre("compare", a, b)]);
    expect(code).toBe(0);
    expect(env.data).toMatchObject({
      verdict: "identical",
      inputs: { compatible: true, input_hash: { equal: true }, config_hash: { equal: true } },
      hashes: { policy_hash: { equal: true } },
      convergence: { verdict: "identical", iterations: { a: 3, b: 3 } },
      simulation: { verdict: "identical", scenarios: { a: 8, b: 8 } },
    });
    expect(env.data.largest_differences).toEqual([]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("IDENTICAL");
  });

  it("another seed gives different results, equivalent only under a loose tolerance", async () => {
    const { code, env } = await compareJson(a, seed);
    expect(code).toBe(0);
    expect(env.data.verdict).toBe("different");
    expect(env.data.inputs.compatible).toBe(true);
    expect(env.data.inputs.configuration_differences).toEqual(["seed: 2026 → 7"]);
    expect(env.data.largest_differences.length).toBeGreaterThan(0);
    // The largest difference is a measured relative difference (sorted first), not a null.
    const largestRel = env.data.largest_differences[0]?.rel;
    expect(typeof largestRel).toBe("number");
    if (typeof largestRel !== "number") return;
    expect(largestRel).toBeGreaterThan(1e-6);
    // 1 when a count is 0 in one run and not in the other (e.g. cuts removed by selection).
    expect(largestRel).toBeLessThanOrEqual(1);
    // The tolerance is a sharp threshold on that largest difference: at it the runs are
    // equivalent, a hair below it they are different again.
    const [at, below] = await Promise.all([
      compareRuns(a, seed, { tolerance: largestRel }),
      compareRuns(a, seed, { tolerance: largestRel * (1 - 1e-9) }),
    ]);
    expect(at.ok && at.value.verdict).toBe("equivalent");
    expect(below.ok && below.value.verdict).toBe("different");
  });

  it("a different case is IncompatibleRuns (exit 1) unless --force", async () => {
    const [refused, human, forced] = await Promise.all([
      compareJson(a, other),
      cobre("compare", a, other),
      compareJson(a, other, "--force"),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.env.success).toBe(false);
    expect(refused.env.errors[0]).toMatchObject({ kind: "IncompatibleRuns" });
    expect(refused.env.errors[0]?.suggestion).toContain("--force");
    expect(human.code).toBe(1);
    expect(human.stderr).toContain("[IncompatibleRuns]");
    expect(forced.code).toBe(0);
    expect(forced.env.data).toMatchObject({ verdict: "different", inputs: { compatible: false, forced: true } });
    expect(forced.env.warnings[0]?.kind).toBe("IncompatibleRuns");
  });

  it("rejects bad arguments (exit 1) and a directory that is not a run (exit 2)", async () => {
    const [one, negative, missing] = await Promise.all([
      cobre("compare", a),
      cobre("compare", a, b, "--tolerance", "-1"),
      compareJson(a, path.join(a, "nope")),
    ]);
    expect(one.code).toBe(1);
    expect(negative.code).toBe(1);
    expect(missing.code).toBe(2);
    expect(missing.env.errors[0]?.kind).toBe("MissingFile");
  });
});
