/**
 * `config.json`'s `training.solver` limits reach every stage LP of a run. To get LPs that
 * need the retry ladder, every model is created here with a first-attempt simplex
 * iteration limit of 0 (the mock of `loadSolver` below): a solve whose stored basis is not
 * already optimal then fails its first attempt and is recovered by retry level 0, which
 * lifts the limit. With that:
 * - `retry_max_attempts: 0` lets no level run: the run fails with the ladder's
 *   `max-attempts` ending and a hint naming the field; `1` (level 0 only) is enough;
 * - `retry_time_budget_seconds: 0` lets no level start: ending `budget`;
 * - the defaults (5 levels, 30 s) recover every such solve at level 0, and both
 *   `training/solver/retry_histogram.parquet` and `simulation/solver/retry_histogram.parquet`
 *   count them, matching `lp_retries` of the `iterations.parquet` beside them.
 *
 * The run uses the in-thread executor, so the mocked backend is the one that solves.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Case } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { runStudy } from "@cobre/sddp";
import { duckdbRows, examplePath } from "@cobre/test-support";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LocalExecutor } from "../src/parallel/local-executor";
import { WorkerCore } from "../src/parallel/worker-core";

vi.mock("@cobre/solver", async (importOriginal) => {
  const solver = await importOriginal<typeof import("@cobre/solver")>();
  return {
    ...solver,
    loadSolver: async () => {
      const backend = await solver.loadSolver();
      return {
        ...backend,
        createModel: (problem: Parameters<typeof backend.createModel>[0], options?: object) =>
          backend.createModel(problem, { ...options, iterationLimit: 0 }),
      };
    },
  };
});

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

let base: Case;
beforeAll(async () => {
  const loaded = await loadCase(examplePath("hydro-tiny"));
  if (!loaded.ok) throw new Error(loaded.error.message);
  base = loaded.value;
});

/** hydro-tiny, 2 iterations and 3 simulated scenarios, with these `training.solver` values. */
function withSolver(solver: Partial<Case["config"]["training"]["solver"]>): Case {
  return {
    ...base,
    config: {
      ...base.config,
      training: {
        ...base.config.training,
        stoppingRules: [{ type: "iteration_limit", limit: 2 }],
        solver: { ...base.config.training.solver, ...solver },
      },
      simulation: { ...base.config.simulation, enabled: true, numScenarios: 3 },
    },
  };
}

async function run(c: Case) {
  const out = await mkdtemp(path.join(tmpdir(), "cobre-retry-config-"));
  dirs.push(out);
  const r = await runStudy(c, {
    outputDir: out,
    executor: async (k, state) => new LocalExecutor(await WorkerCore.create(k, state)),
  });
  return { out, r };
}

describe("training.solver.retry_max_attempts", () => {
  it("0: no retry level runs, the first solve that needs one fails the run (ending max-attempts)", async () => {
    const { r } = await run(withSolver({ retryMaxAttempts: 0 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe("SolverFailure");
    // The first solve already needs level 0; the reference trajectory that would have
    // warm-started iteration 1 gave up on it, so the forward pass meets it in scenario 0.
    expect(r.error.context).toMatchObject({
      phase: "forward",
      iteration: 1,
      scenario: 0,
      ending: "max-attempts",
      attempts: 1,
      status: "IterationLimit",
    });
    expect(r.error.suggestion).toMatch(/retry_max_attempts is 0/);
  });

  it("1: level 0 runs and recovers every solve; the default 5 gives the same run", async () => {
    const one = await run(withSolver({ retryMaxAttempts: 1 }));
    const five = await run(withSolver({}));
    if (!one.r.ok || !five.r.ok) throw new Error("expected both runs to succeed");
    expect(one.r.value.training!.finalLowerBound).toBe(five.r.value.training!.finalLowerBound);
    // The run did lean on the ladder: one level per retried solve, none failed.
    const [t] = await duckdbRows(
      `SELECT sum(lp_retries) AS retries, sum(retry_attempts) AS attempts, sum(lp_failures) AS failures
         FROM '${one.out}/training/solver/iterations.parquet'`,
    );
    expect(t!.retries).toBeGreaterThan(0);
    expect(t).toEqual({ retries: t!.retries, attempts: t!.retries, failures: 0 });
  });
});

describe("training.solver.retry_time_budget_seconds", () => {
  it("0: no level may start, the run fails with the ladder's budget ending", async () => {
    const { r } = await run(withSolver({ retryTimeBudgetSeconds: 0 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.context).toMatchObject({ phase: "forward", iteration: 1, ending: "budget", attempts: 1 });
    expect(r.error.suggestion).toMatch(/retry_time_budget_seconds/);
  });
});

describe("solver/retry_histogram.parquet counts the recovered solves", () => {
  it("training and simulation: every retried solve recovered at level 0, as lp_retries says", async () => {
    const { out, r } = await run(withSolver({}));
    if (!r.ok) throw new Error(r.error.message);
    for (const dir of ["training", "simulation"]) {
      const solver = path.join(out, dir, "solver");
      const [stats] = await duckdbRows(
        `SELECT sum(lp_retries) AS retries, sum(retry_attempts) AS attempts, sum(lp_failures) AS failures,
                sum(lp_solves) AS solves FROM '${solver}/iterations.parquet'`,
      );
      const hist = await duckdbRows(
        `SELECT retry_level, sum(count) AS n, min(count) AS smallest FROM '${solver}/retry_histogram.parquet' GROUP BY 1`,
      );
      // Most solves start from a basis that is not optimal for their bounds: many retries.
      expect(stats!.retries, dir).toBeGreaterThan(0);
      expect(stats!.retries).toBeLessThanOrEqual(stats!.solves as number);
      expect(stats!.attempts).toBe(stats!.retries); // one level each
      expect(stats!.failures).toBe(0);
      expect(hist).toEqual([{ retry_level: 0, n: stats!.retries, smallest: 1 }]);
    }
    // Simulation rows are keyed by scenario (0-based) and stage, phase "simulation"; each
    // (scenario, stage) has one solve, so a count is 0 or 1 and only 1s are written.
    const sim = await duckdbRows(
      `SELECT h.iteration, h.stage, h.phase, h.count, s.lp_retries
         FROM '${out}/simulation/solver/retry_histogram.parquet' h
         JOIN '${out}/simulation/solver/iterations.parquet' s USING (iteration, stage)
        ORDER BY 1, 2`,
    );
    expect(sim.length).toBeGreaterThan(0);
    for (const row of sim) {
      expect(row.phase).toBe("simulation");
      expect(row.count).toBe(1);
      expect(row.lp_retries).toBe(1);
      expect(row.iteration as number).toBeLessThan(3);
    }
  });
});
