/**
 * `pnpm bench [section …]`: training throughput on 4ree and on a larger synthetic case
 * (the share of time inside HiGHS versus our own code, worker scaling), warm versus cold
 * re-solves, simulation with and without its outputs, the output writer against DuckDB,
 * and peak memory. Prints a Markdown report (copied into docs/performance.md).
 *
 * Sections (all when none is given): `training`, `warm`, `simulation` (or one case of it:
 * `simulation:4ree` — 40 iterations, 400 scenarios; `simulation:synthetic` — 2,000
 * scenarios; `simulation:national` — 150 hydros, 60 stages, 5 iterations, 200 scenarios),
 * `writer`. Example: `pnpm bench simulation:4ree writer`.
 *
 * Environment: BENCH_ITERATIONS (default 40), BENCH_WORKERS (comma list, default "1,2,4"),
 * BENCH_SCENARIOS (simulated scenarios for the writer comparison, default 200),
 * BENCH_SIM_WORKERS (simulation section, default "1,2").
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
import { SIMULATION_HEADER, simulationRows, trainingMsPerLp } from "./simulation-bench";
import { writerBench } from "./writer-bench";

const here = path.dirname(fileURLToPath(import.meta.url));
const iterations = Number(process.env.BENCH_ITERATIONS ?? 40);
const workerCounts = (process.env.BENCH_WORKERS ?? "1,2,4").split(",").map(Number);
const simWorkers = (process.env.BENCH_SIM_WORKERS ?? "1,2").split(",").map(Number);
const SECTIONS = ["training", "warm", "simulation", "writer"] as const;
const SIM_CASES = ["4ree", "synthetic", "national"] as const;
const args = process.argv.slice(2).filter((a) => a !== "--");
for (const a of args) {
  const [section, sub] = a.split(":");
  if (
    !(SECTIONS as readonly string[]).includes(section!) ||
    (sub !== undefined && section !== "simulation") ||
    (sub !== undefined && !(SIM_CASES as readonly string[]).includes(sub))
  ) {
    throw new Error(`unknown bench section '${a}': use ${SECTIONS.join(", ")} or simulation:${SIM_CASES.join("|")}`);
  }
}
const wants = (section: (typeof SECTIONS)[number]) =>
  args.length === 0 || args.some((a) => a.split(":")[0] === section);
const wantsSim = (name: (typeof SIM_CASES)[number]) =>
  args.length === 0 || args.includes("simulation") || args.includes(`simulation:${name}`);

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

const SYNTHETIC = { hydros: 24, thermals: 32, buses: 4, stages: 12, openings: 20, forwardPasses: 8 } as const;
const NATIONAL = { hydros: 150, thermals: 120, buses: 5, stages: 60, openings: 20, forwardPasses: 20, iterations: 5 };

/** Trains `c` once on the largest simulation worker count; returns it with its ms per LP. */
async function trainOnce(label: string, c: Case): Promise<{ row: Row; lpMs: number }> {
  const row = await trainRow(label, c, Math.max(...simWorkers));
  return { row, lpMs: trainingMsPerLp(row.outcome, row.wallMs) };
}

async function main(): Promise<void> {
  const out: string[] = [
    `# Cobre-TS benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${availableParallelism()} cores)\n`,
  ];
  const fourRee = withIterations(
    await load(path.resolve(here, "../../../../shared/cobre-reference/examples/4ree")),
    iterations,
  );
  const size = { ...SYNTHETIC, iterations: Math.max(5, Math.floor(iterations / 4)) };
  const syntheticLabel = `synthetic ${size.hydros}H/${size.thermals}T/${size.stages} stages/${size.openings} openings`;
  const synthetic =
    wants("training") || wants("writer") || wantsSim("synthetic") ? await load(writeSyntheticCase(size)) : null;
  const rows: Row[] = [];
  if (wants("training")) {
    for (const w of workerCounts) rows.push(await trainRow("4ree", fourRee, w));
    for (const w of workerCounts) rows.push(await trainRow(syntheticLabel, synthetic!, w));
    out.push("## Training\n", report(rows));
    out.push(
      "\nShares are HiGHS run() time (summed over workers) over wall time × workers; the rest is our code: LP patching, cut rows, noise, coordination.\n",
    );
  }
  const trained4ree = async () =>
    rows.find((r) => r.label === "4ree")?.outcome ?? (await trainRow("4ree", fourRee, 1)).outcome;
  if (wants("warm")) out.push("## Warm versus cold re-solves\n", await warmVersusCold(fourRee, await trained4ree()));
  if (wants("simulation")) {
    const sim: string[] = [...SIMULATION_HEADER];
    if (wantsSim("4ree")) {
      const t = await trainOnce("4ree", fourRee);
      sim.push(
        ...(await simulationRows(`4ree (${iterations} iterations)`, fourRee, t.row.outcome, t.lpMs, 400, simWorkers)),
      );
    }
    if (wantsSim("synthetic")) {
      const t = await trainOnce(syntheticLabel, synthetic!);
      sim.push(...(await simulationRows(syntheticLabel, synthetic!, t.row.outcome, t.lpMs, 2000, simWorkers)));
    }
    if (wantsSim("national")) {
      const national = await load(writeSyntheticCase(NATIONAL));
      const label = `national ${NATIONAL.hydros}H/${NATIONAL.thermals}T/${NATIONAL.stages} stages (${NATIONAL.iterations} iterations)`;
      const t = await trainOnce(label, national);
      sim.push(...(await simulationRows(label, national, t.row.outcome, t.lpMs, 200, simWorkers)));
    }
    out.push(
      "## Simulation with and without outputs\n",
      sim.join("\n"),
      "\nTraining ms/LP: the same case trained on the largest worker count above. MB/s: bytes on disk over the simulation's wall time with outputs.\n",
    );
  }
  if (wants("writer")) {
    const syntheticRow =
      rows.find((r) => r.label === syntheticLabel) ?? (await trainRow(syntheticLabel, synthetic!, 1));
    out.push(
      "## Simulation output writing\n",
      await writerBench(synthetic!, syntheticRow.outcome, Number(process.env.BENCH_SCENARIOS ?? 200)),
    );
  }
  const rssMb = process.resourceUsage().maxRSS / 1024;
  out.push(
    `\n## Memory\n\nPeak resident set size of the whole run (all worker threads included): ${rssMb.toFixed(0)} MB.`,
  );
  console.log(out.join("\n"));
}

await main();
