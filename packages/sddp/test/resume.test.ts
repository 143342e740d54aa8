/**
 * Policy modes: a run interrupted at an iteration boundary and resumed from its
 * checkpoint ends with the same cuts and bounds as an uninterrupted run with the same
 * seed; warm start keeps the loaded cuts; periodic checkpoints are written on schedule.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case, Config } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { runStudy } from "@cobre/sddp";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const example = path.resolve(here, "../../../examples/hydro-tiny");

function withConfig(c: Case, patch: (config: Config) => Config): Case {
  return { ...c, config: patch(c.config) };
}

async function base(limit: number): Promise<Case> {
  const loaded = await loadCase(example);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return withConfig(loaded.value, (cfg) => ({
    ...cfg,
    training: { ...cfg.training, stoppingRules: [{ type: "iteration_limit", limit }] },
    simulation: { ...cfg.simulation, enabled: false },
    policy: {
      ...cfg.policy,
      checkpointing: { ...cfg.policy.checkpointing, enabled: true, initialIteration: 3, intervalIterations: 3 },
    },
  }));
}

const tmp = () => mkdtempSync(path.join(tmpdir(), "cobre-resume-"));

describe("policy modes", () => {
  it.each([
    ["without cut selection", null],
    ["with level-1 cut selection", { method: "level1", threshold: 2, checkFrequency: 2 }],
    [
      "with lml1 cut selection and a budget",
      { method: "lml1", memoryWindow: 2, checkFrequency: 2, maxActivePerStage: 20 },
    ],
  ] as const)(
    "resume after an interruption reproduces the uninterrupted run bit for bit (%s)",
    async (_label, selection) => {
      const plain = await base(10);
      const c =
        selection !== null
          ? withConfig(plain, (cfg) => ({
              ...cfg,
              training: {
                ...cfg.training,
                cutSelection: { ...cfg.training.cutSelection, enabled: true, ...selection },
              },
            }))
          : plain;
      const full = await runStudy(c, { outputDir: tmp() });
      if (!full.ok) throw new Error(full.error.message);

      const out = tmp();
      const abort = new AbortController();
      const cut = await runStudy(c, {
        outputDir: out,
        signal: abort.signal,
        onProgress: (e) => {
          if (e.phase === "training" && e.iteration === 4) abort.abort();
        },
      });
      if (!cut.ok) throw new Error(cut.error.message);
      expect(cut.value.interrupted).toBe(true);
      expect(cut.value.training!.history).toHaveLength(4);

      const resumed = await runStudy(
        withConfig(c, (cfg) => ({ ...cfg, policy: { ...cfg.policy, mode: "resume" } })),
        { outputDir: out },
      );
      if (!resumed.ok) throw new Error(resumed.error.message);
      const a = full.value.training!;
      const b = resumed.value.training!;
      expect(b.history.map((h) => h.iteration)).toEqual(a.history.map((h) => h.iteration));
      expect(b.history.map((h) => h.lowerBound)).toEqual(a.history.map((h) => h.lowerBound));
      expect(b.history.map((h) => h.upperBoundMean)).toEqual(a.history.map((h) => h.upperBoundMean));
      expect(b.history.map((h) => h.cutsActive)).toEqual(a.history.map((h) => h.cutsActive));
      // The resumed run starts warm from the checkpoint's bases: the simplex takes the same path.
      expect(b.history.map((h) => h.simplexIterations)).toEqual(a.history.map((h) => h.simplexIterations));
      if (selection !== null) {
        expect(a.history.some((h) => h.cutsRemoved > 0)).toBe(true);
        const rows = (h: (typeof a.history)[number]) =>
          (h.cutSelection ?? []).map((r) => [r.stage, r.cutsActiveBefore, r.cutsDeactivated, r.budgetEvicted]);
        expect(b.history.map(rows)).toEqual(a.history.map(rows));
      }
      a.pools.forEach((pool, t) => {
        const other = b.pools[t]!;
        expect(other.size).toBe(pool.size);
        expect(Array.from(other.active.subarray(0, other.size))).toEqual(
          Array.from(pool.active.subarray(0, pool.size)),
        );
        expect(Array.from(other.activityCount.subarray(0, other.size))).toEqual(
          Array.from(pool.activityCount.subarray(0, pool.size)),
        );
        expect(Array.from(other.lastActiveIteration.subarray(0, other.size))).toEqual(
          Array.from(pool.lastActiveIteration.subarray(0, pool.size)),
        );
        expect(Array.from(other.intercepts.subarray(0, other.size))).toEqual(
          Array.from(pool.intercepts.subarray(0, pool.size)),
        );
        expect(Array.from(other.coefficients.subarray(0, other.size * other.stateDim))).toEqual(
          Array.from(pool.coefficients.subarray(0, pool.size * pool.stateDim)),
        );
      });
    },
  );

  it("writes periodic checkpoints with the iteration count in the policy metadata", async () => {
    const c = await base(7);
    const out = tmp();
    const seen: string[] = [];
    const r = await runStudy(c, { outputDir: out, onProgress: (e) => e.phase === "writing" && seen.push(e.what) });
    if (!r.ok) throw new Error(r.error.message);
    expect(seen.filter((w) => w.startsWith("checkpoint"))).toEqual([
      "checkpoint at iteration 3",
      "checkpoint at iteration 6",
    ]);
    const meta = JSON.parse(readFileSync(path.join(out, "policy/metadata.json"), "utf8"));
    expect(meta.completed_iterations).toBe(7);
    expect(existsSync(path.join(out, "policy/training_state.json"))).toBe(true);
  });

  it("warm start keeps the loaded cuts: its first lower bound is at least the previous final one", async () => {
    const c = await base(5);
    const out = tmp();
    const first = await runStudy(c, { outputDir: out });
    if (!first.ok) throw new Error(first.error.message);
    const warm = withConfig(c, (cfg) => ({
      ...cfg,
      policy: { ...cfg.policy, mode: "warm_start", path: path.join(out, "policy") },
    }));
    const second = await runStudy(warm, { outputDir: tmp() });
    if (!second.ok) throw new Error(second.error.message);
    const before = first.value.training!.finalLowerBound;
    const after = second.value.training!.history[0]!.lowerBound;
    expect(after).toBeGreaterThanOrEqual(before - 1e-9 * Math.abs(before));
    expect(second.value.training!.pools[0]!.size).toBeGreaterThan(first.value.training!.pools[0]!.size);
  });

  it("resume from a policy without training_state.json (as the Rust tool writes it) continues the numbering and ends with the uninterrupted run's cuts", async () => {
    // exports.states: the visited states come back from policy/states/ instead; store_basis:
    // policy/basis/ gives the resumed forward pass the warm start the full run had.
    const c = withConfig(await base(8), (cfg) => ({
      ...cfg,
      exports: { ...cfg.exports, states: true },
      policy: { ...cfg.policy, checkpointing: { ...cfg.policy.checkpointing, store_basis: true } },
    }));
    const full = await runStudy(c, { outputDir: tmp() });
    if (!full.ok) throw new Error(full.error.message);
    const out = tmp();
    const abort = new AbortController();
    const cut = await runStudy(c, {
      outputDir: out,
      signal: abort.signal,
      onProgress: (e) => {
        if (e.phase === "training" && e.iteration === 5) abort.abort();
      },
    });
    if (!cut.ok) throw new Error(cut.error.message);
    rmSync(path.join(out, "policy", "training_state.json"));
    const resumed = await runStudy(
      withConfig(c, (cfg) => ({ ...cfg, policy: { ...cfg.policy, mode: "resume" } })),
      { outputDir: out },
    );
    if (!resumed.ok) throw new Error(resumed.error.message);
    const warning = resumed.value.warnings.find((w) => w.kind === "ResumeWithoutTrainingState");
    expect(warning?.message).toMatch(
      /cuts and visited states restored, iterations continue after 5; starting afresh: the convergence history/,
    );
    const a = full.value.training!;
    const b = resumed.value.training!;
    // Only the new iterations are known; they are numbered, sampled and bounded as in the full
    // run. Without training_state.json only the policy's bases come back (policy/basis/), not
    // the raw warm-start slots, so HiGHS may take another simplex path to the same optimum:
    // equal to 1e-9 relative, not bit for bit (the exact resume above is bit for bit).
    const close = (x: number, y: number): void => {
      expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y)));
    };
    expect(b.history.map((h) => h.iteration)).toEqual([6, 7, 8]);
    b.history.forEach((h, i) => {
      close(h.lowerBound, a.history[5 + i]!.lowerBound);
    });
    a.pools.forEach((pool, t) => {
      const other = b.pools[t]!;
      expect(other.size).toBe(pool.size);
      for (let i = 0; i < pool.size; i++) close(other.intercepts[i]!, pool.intercepts[i]!);
      for (let i = 0; i < pool.size * pool.stateDim; i++) close(other.coefficients[i]!, pool.coefficients[i]!);
    });
    // Every visited state, tagged with the iteration that visited it, as in the full run.
    const numbers = (x: unknown) => (JSON.stringify(x).match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi) ?? []).map(Number);
    const va = numbers(a.visited.map((v) => v.toJSON()));
    const vb = numbers(b.visited.map((v) => v.toJSON()));
    expect(vb).toHaveLength(va.length);
    vb.forEach((x, i) => {
      close(x, va[i]!);
    });
    const meta = JSON.parse(readFileSync(path.join(out, "policy/metadata.json"), "utf8"));
    expect(meta.completed_iterations).toBe(8);
  });

  it("resuming a checkpoint that already reached the iteration limit trains no further", async () => {
    const c = await base(3);
    const out = tmp();
    const first = await runStudy(c, { outputDir: out });
    if (!first.ok) throw new Error(first.error.message);
    const before = readFileSync(path.join(out, "policy/cuts/stage_000.bin"));
    for (const drop of [false, true]) {
      if (drop) rmSync(path.join(out, "policy", "training_state.json"));
      const again = await runStudy(
        withConfig(c, (cfg) => ({ ...cfg, policy: { ...cfg.policy, mode: "resume" } })),
        { outputDir: out },
      );
      if (!again.ok) throw new Error(again.error.message);
      expect(again.value.training!.terminationReason).toBe("iteration_limit");
      expect(again.value.training!.history.map((h) => h.iteration)).toEqual(drop ? [] : [1, 2, 3]);
      expect(readFileSync(path.join(out, "policy/cuts/stage_000.bin")).equals(before)).toBe(true);
      expect(JSON.parse(readFileSync(path.join(out, "policy/metadata.json"), "utf8")).completed_iterations).toBe(3);
    }
  });

  it("warm start reads policy.path from the output directory, with or without training_state.json", async () => {
    const c = await base(3);
    const out = tmp();
    const first = await runStudy(c, { outputDir: out });
    if (!first.ok) throw new Error(first.error.message);
    rmSync(path.join(out, "policy", "training_state.json"));
    // The default policy.path "./policy" is <output>/policy: the next run starts from it.
    const warm = await runStudy(
      withConfig(c, (cfg) => ({ ...cfg, policy: { ...cfg.policy, mode: "warm_start" } })),
      { outputDir: out },
    );
    if (!warm.ok) throw new Error(warm.error.message);
    expect(warm.value.training!.history[0]!.iteration).toBe(1);
    expect(warm.value.training!.pools[0]!.size).toBe(2 * first.value.training!.pools[0]!.size);
  });

  it("resume without a checkpoint fails with a structured error", async () => {
    const c = await base(3);
    const r = await runStudy(
      withConfig(c, (cfg) => ({ ...cfg, policy: { ...cfg.policy, mode: "resume" } })),
      { outputDir: tmp() },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("CheckpointFailed");
  });
});
