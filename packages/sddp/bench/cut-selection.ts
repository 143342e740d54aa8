/**
 * Cut selection on 4ree with its own configuration (12 stages, 4 forward passes, 256
 * iterations; its config.json enables no selection): the run as configured against the
 * same run with `level1` and with `lml1` (memory window 10), one worker. Prints, at
 * iterations 10, 50, 100, 200 and the last: active cuts, simplex iterations per LP solve
 * (deterministic), CPU and wall milliseconds per iteration (noisy on a shared machine),
 * the selection step's milliseconds, and the lower bound.
 *
 * `node --conditions=@cobre/source --import tsx bench/cut-selection.ts`
 * (BENCH_ITERATIONS overrides the limit; BENCH_METHODS, default "none,level1,lml1").
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case, CutSelectionConfig } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { train } from "../src/training/train";

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = process.env.BENCH_CASE ?? path.resolve(here, "../../../../shared/cobre-reference/examples/4ree");
const methods = (process.env.BENCH_METHODS ?? "none,level1,lml1").split(",");

const loaded = await loadCase(dir);
if (!loaded.ok) throw new Error(loaded.error.message);
const base = loaded.value;
const limit = process.env.BENCH_ITERATIONS;

function variant(method: string): Case {
  const selection: CutSelectionConfig =
    method === "none"
      ? base.config.training.cutSelection
      : {
          ...base.config.training.cutSelection,
          enabled: true,
          method: method as CutSelectionConfig["method"],
          memoryWindow: method === "lml1" ? 10 : null,
          checkFrequency: 1,
        };
  return {
    ...base,
    config: {
      ...base.config,
      training: {
        ...base.config.training,
        cutSelection: selection,
        ...(limit === undefined ? {} : { stoppingRules: [{ type: "iteration_limit" as const, limit: Number(limit) }] }),
      },
    },
  };
}

interface Sample {
  iteration: number;
  cpuMs: number;
  wallMs: number;
  selectionMs: number;
  active: number;
  solves: number;
  simplex: number;
  lb: number;
}

console.log(`cut selection on ${path.basename(dir)}: ${base.config.training.forwardPasses} forward passes, 1 worker`);
console.log(
  `config.json cut_selection: ${JSON.stringify({ enabled: base.config.training.cutSelection.enabled, method: base.config.training.cutSelection.method })}`,
);
console.log("");
console.log(
  "| run | iteration | active cuts (all stages) | simplex iterations per LP | CPU ms/iteration | wall ms/iteration | selection ms | lower bound |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const method of methods) {
  const samples: Sample[] = [];
  let cpu = process.cpuUsage();
  const r = await train(variant(method), {
    onIteration: (h) => {
      const c = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      samples.push({
        iteration: h.iteration,
        cpuMs: (c.user + c.system) / 1000,
        wallMs: h.iterationTimeMs,
        selectionMs: h.selectionTimeMs,
        active: h.cutsActive,
        solves: h.lpSolves,
        simplex: h.simplexIterations,
        lb: h.lowerBound,
      });
    },
  });
  // A failed solve ends the run; the iterations before it are still reported.
  if (!r.ok)
    console.log(
      `| ${method} | stopped at iteration ${samples.length + 1}: ${r.error.message.slice(0, 120)} | | | | | | |`,
    );
  const last = samples.length;
  for (const k of new Set([10, 50, 100, 200, last])) {
    const s = samples[k - 1];
    if (s === undefined) continue;
    // Five-iteration means around the mark smooth single-iteration noise.
    const win = samples.slice(Math.max(0, k - 5), k);
    const mean = (f: (x: Sample) => number) => win.reduce((a, x) => a + f(x), 0) / win.length;
    console.log(
      `| ${method} | ${k} | ${s.active} | ${(mean((x) => x.simplex) / mean((x) => x.solves)).toFixed(2)} | ${mean((x) => x.cpuMs).toFixed(1)} | ${mean((x) => x.wallMs).toFixed(1)} | ${mean((x) => x.selectionMs).toFixed(2)} | ${s.lb.toExponential(7)} |`,
    );
  }
  const total = samples.reduce((a, x) => a + x.cpuMs, 0);
  console.log(`| ${method} | total CPU s | | | ${(total / 1000).toFixed(1)} | | | |`);
}
