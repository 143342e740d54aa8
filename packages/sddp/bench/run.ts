/**
 * `pnpm bench`: training throughput on 4ree and on a larger synthetic case, the share
 * of time inside HiGHS versus our own code, warm versus cold re-solves, worker scaling
 * and peak memory. Prints a Markdown report (copied into docs/performance.md).
 *
 * Environment: BENCH_ITERATIONS (default 40), BENCH_WORKERS (comma list, default "1,2,4"),
 * BENCH_SCENARIOS (simulated scenarios for the writer comparison, default 200).
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { loadSolver } from "@cobre/solver";
import { prepareStudy } from "../src/study/prepare-study";
import { StageSolvers } from "../src/lp/stage-solvers";
import { train, type TrainingOutcome } from "../src/training/train";
import { writeSyntheticCase } from "./synthetic-case";
import { writerBench } from "./writer-bench";

const here = path.dirname(fileURLToPath(import.meta.url));
const iterations = Number(process.env.BENCH_ITERATIONS ?? 40);
const workerCounts = (process.env.BENCH_WORKERS ?? "1,2,4").split(",").map(Number);

function withIterations(c: Case, limit: number): Case {
  return {
    ...c,
    config: { ...c.config, training: { ...c.config.training, stoppingRules: [{ type: "iteration_limit", limit }] } },
  };
}

async function load(dir: string): Promise<Case> {
  const r = await loadCase(dir);
  if (!r.ok) throw new Error(`${dir}: ${r.error.message}`);
  return r.value;
}

interface Row {
  label: string;
  workers: number;
  wallMs: number;
  outcome: TrainingOutcome;
}

async function trainRow(label: string, c: Case, workers: number): Promise<Row> {
  const t0 = performance.now();
  const r = await train(c, { numWorkers: workers });
  if (!r.ok) throw new Error(`${label}: ${r.error.message}`);
  return { label, workers, wallMs: performance.now() - t0, outcome: r.value };
}

function report(rows: Row[]): string {
  const lines = [
    "| case | workers | iterations | time/iteration (ms) | steady ms/iteration (2nd on) | speed-up vs 1 worker (steady) | LP solves | LP solves/s | in HiGHS (share of worker time) | our code | final LB |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const { label, workers, wallMs, outcome } of rows) {
    const h = outcome.history;
    // Steady state leaves out the first iteration, which also pays for starting the
    // worker threads (thread spawn, Wasm compilation, stage LP construction).
    const steady = (o: TrainingOutcome) =>
      o.history.slice(1).reduce((a, x) => a + x.iterationTimeMs, 0) / Math.max(1, o.history.length - 1);
    const single = rows.find((r) => r.label === label && r.workers === 1);
    const speedup = single === undefined ? "—" : `${(steady(single.outcome) / steady(outcome)).toFixed(2)}×`;
    const solves = h.reduce((a, x) => a + x.lpSolves, 0);
    const inHighs = h.reduce((a, x) => a + x.solveTimeMs, 0);
    const share = inHighs / (wallMs * workers);
    lines.push(
      `| ${label} | ${workers} | ${h.length} | ${(wallMs / h.length).toFixed(1)} | ${steady(outcome).toFixed(1)} | ${speedup} | ${solves} | ${(solves / (wallMs / 1000)).toFixed(0)} | ${(100 * share).toFixed(1)}% | ${(100 * (1 - share)).toFixed(1)}% | ${outcome.finalLowerBound.toExponential(6)} |`,
    );
  }
  return lines.join("\n");
}

/** Re-solves one stage under every opening, keeping the basis (warm) or dropping it (cold). */
async function warmVersusCold(c: Case, outcome: TrainingOutcome): Promise<string> {
  const study = prepareStudy(c);
  if (!study.ok) throw new Error(study.error.message);
  const { templates, inputs, initialState } = study.value;
  const backend = await loadSolver();
  const solvers = new StageSolvers(
    backend,
    templates,
    inputs,
    outcome.pools,
    c.config.modeling.inflowNonNegativity.method,
  );
  const stage = Math.floor(templates.length / 2);
  const dim = templates[stage]!.layout.stateDim;
  const state = initialState.subarray(0, dim);
  const n = inputs.numOpenings[stage]!;
  const repeats = 20;
  const run = (cold: boolean) => {
    solvers.solve(stage, state, inputs.openings[stage]!.subarray(0, inputs.noiseDim), {
      phase: "backward",
      iteration: 0,
      scenario: 0,
    });
    const s0 = solvers.solves;
    const i0 = solvers.simplexIterations;
    const t0 = solvers.solveTimeMs;
    for (let r = 0; r < repeats; r++) {
      for (let j = 0; j < n; j++) {
        if (cold) solvers.resetBasis(stage);
        solvers.solve(stage, state, inputs.openings[stage]!.subarray(j * inputs.noiseDim, (j + 1) * inputs.noiseDim), {
          phase: "backward",
          iteration: 0,
          scenario: r,
          opening: j,
        });
      }
    }
    const k = solvers.solves - s0;
    return { ms: (solvers.solveTimeMs - t0) / k, iters: (solvers.simplexIterations - i0) / k };
  };
  const warm = run(false);
  const cold = run(true);
  solvers.dispose();
  const cuts = outcome.pools[stage]!.size;
  return [
    `Stage ${stage} of 4ree with ${cuts} cuts, ${n} openings × ${repeats} repeats:`,
    "",
    "| start | ms per solve | simplex iterations per solve |",
    "|---|---|---|",
    `| warm (basis kept) | ${warm.ms.toFixed(3)} | ${warm.iters.toFixed(1)} |`,
    `| cold (basis reset) | ${cold.ms.toFixed(3)} | ${cold.iters.toFixed(1)} |`,
    "",
    `Warm solves are ${(cold.ms / warm.ms).toFixed(1)}× faster than cold ones.`,
  ].join("\n");
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const fourRee = withIterations(
    await load(path.resolve(here, "../../../../shared/cobre-reference/examples/4ree")),
    iterations,
  );
  for (const w of workerCounts) rows.push(await trainRow("4ree", fourRee, w));
  const size = {
    hydros: 24,
    thermals: 32,
    buses: 4,
    stages: 12,
    openings: 20,
    forwardPasses: 8,
    iterations: Math.max(5, Math.floor(iterations / 4)),
  };
  const synthetic = await load(writeSyntheticCase(size));
  for (const w of workerCounts)
    rows.push(
      await trainRow(
        `synthetic ${size.hydros}H/${size.thermals}T/${size.stages} stages/${size.openings} openings`,
        synthetic,
        w,
      ),
    );
  const warmCold = await warmVersusCold(fourRee, rows[0]!.outcome);
  const syntheticRow = rows.find((r) => r.label.startsWith("synthetic"))!;
  const writing = await writerBench(synthetic, syntheticRow.outcome, Number(process.env.BENCH_SCENARIOS ?? 200));
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `# Cobre-TS benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${availableParallelism()} cores)\n`,
  );
  console.log("## Training\n");
  console.log(report(rows));
  console.log(
    "\nShares are HiGHS run() time (summed over workers) over wall time × workers; the rest is our code: LP patching, cut rows, noise, coordination.\n",
  );
  console.log("## Warm versus cold re-solves\n");
  console.log(warmCold);
  console.log("\n## Simulation output writing\n");
  console.log(writing);
  console.log(
    `\n## Memory\n\nPeak resident set size of the whole run (all worker threads included): ${rssMb.toFixed(0)} MB.`,
  );
}

await main();
