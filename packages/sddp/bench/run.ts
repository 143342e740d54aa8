/**
 * `pnpm bench [section …]`: training throughput on 4ree and on a larger synthetic case
 * (the share of time inside HiGHS versus our own code, worker scaling), warm versus cold
 * re-solves, simulation with and without its outputs, the output writer against DuckDB,
 * and peak memory. Prints a Markdown report (copied into docs/performance.md).
 *
 * Sections (all when none is given): `training`, `warm`, `simulation` (or one case of it:
 * `simulation:4ree` — 40 iterations, 400 scenarios; `simulation:synthetic` — 2,000
 * scenarios; `simulation:national` — 150 hydros, 60 stages, 5 iterations, 200 scenarios),
 * `writer`, and the long training runs `4ree` (4ree with its own config, 256 iterations, on
 * BENCH_LONG_WORKERS, default "1,2": ms per iteration at iterations 10, 50, 100, 200, 256,
 * LP solves/s, simplex iterations and ms per LP by phase, share of time in HiGHS; with 1 and
 * 2 workers, between the two, the 1-worker training twice at once in two processes: the
 * capacity of the cores for this work and the share of it the 2 workers get) and
 * `national` (150 hydros, 120 thermals, 60 monthly stages, 20 openings, 20 forward passes,
 * BENCH_NATIONAL_ITERATIONS default 5, BENCH_NATIONAL_STAGES to shorten: forward and
 * backward ms per LP), and `ceiling` (the same fixed CPU work on one thread and on two
 * at once: what two threads can give on this machine). Example: `pnpm bench simulation:4ree writer`, `pnpm bench 4ree`.
 *
 * Environment: BENCH_ITERATIONS (default 40), BENCH_WORKERS (comma list, default "1,2,4"),
 * BENCH_SCENARIOS (simulated scenarios for the writer comparison, default 200),
 * BENCH_SIM_WORKERS (simulation section, default "1,2"), BENCH_COLD=1 (every unit of LP
 * work starts cold: the engine before warm starts, for comparison), BENCH_ALL_CUT_ROWS=1
 * (every active cut a row of every stage LP: the engine before lazy cuts, for comparison),
 * BENCH_SIMULATION_BLOCK (scenarios per simulation block, default 8; 1 starts every
 * simulated solve from the policy's basis: the engine before blocks, for comparison),
 * BENCH_STAGEWISE_BACKWARD=1 (one round trip through the coordinator per phase and per
 * backward stage, the engine before the iteration pass, for comparison), BENCH_CAPACITY=0
 * (the 4ree section without the two trainings at once).
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { loadSolver } from "@cobre/solver";
import { prepareStudy } from "../src/study/prepare-study";
import { StageSolvers } from "../src/lp/stage-solvers";
import { train, type TrainingOutcome } from "../src/training/train";
import type { IterationRecord } from "../src/training/training-loop";
import { withIterations } from "./iteration-limit";
import { writeSyntheticCase } from "./synthetic-case";
import { SAME_RUN_HEADER, SIMULATION_HEADER, sameRunRows, simulationRows, trainingMsPerLp } from "./simulation-bench";
import { writerBench } from "./writer-bench";
import { parallelCeiling } from "./parallel-ceiling";

const here = path.dirname(fileURLToPath(import.meta.url));
const iterations = Number(process.env.BENCH_ITERATIONS ?? 40);
const workerCounts = (process.env.BENCH_WORKERS ?? "1,2,4").split(",").map(Number);
const simWorkers = (process.env.BENCH_SIM_WORKERS ?? "1,2").split(",").map(Number);
const longWorkers = (process.env.BENCH_LONG_WORKERS ?? "1,2").split(",").map(Number);
// Read by every worker core when it is created (worker threads inherit the environment).
if (process.env.BENCH_COLD === "1") process.env.COBRE_BENCH_COLD_STARTS = "1";
if (process.env.BENCH_ALL_CUT_ROWS === "1") process.env.COBRE_BENCH_ALL_CUT_ROWS = "1";
if (process.env.BENCH_STAGEWISE_BACKWARD === "1") process.env.COBRE_BENCH_STAGEWISE_BACKWARD = "1";
if (process.env.BENCH_SIMULATION_BLOCK !== undefined) {
  process.env.COBRE_BENCH_SIMULATION_BLOCK = process.env.BENCH_SIMULATION_BLOCK;
}
const SECTIONS = ["training", "warm", "simulation", "writer", "4ree", "national", "ceiling"] as const;
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

/** Simplex iterations and ms inside HiGHS per LP of one phase over some iterations. */
function perLp(history: readonly IterationRecord[], phase: "forward" | "backward" | "lowerBound") {
  let solves = 0;
  let iters = 0;
  let ms = 0;
  for (const h of history) {
    solves += h.phases[phase].solves;
    iters += h.phases[phase].simplexIterations;
    ms += h.phases[phase].solveTimeMs;
  }
  return { solves, iters: iters / Math.max(1, solves), ms: ms / Math.max(1, solves) };
}

/** Trains a case with its own stopping rules, printing progress every `every` iterations to stderr. */
async function trainLong(label: string, c: Case, workers: number, every: number) {
  const t0 = performance.now();
  const r = await train(c, {
    numWorkers: workers,
    onIteration: (h) => {
      if (h.iteration % every === 0)
        process.stderr.write(
          `${label} w=${workers} it=${h.iteration} ${h.iterationTimeMs.toFixed(0)} ms LB=${h.lowerBound.toExponential(6)}\n`,
        );
    },
  });
  return { wallMs: performance.now() - t0, result: r };
}

/**
 * Two 1-worker trainings of `dir` at once, each in a process of its own (module loading
 * not timed): their wall times. With the cores busy, what they give this very work, the
 * ceiling of any parallel engine on this machine at this moment.
 */
async function twoAtOnce(dir: string, limit: number | undefined): Promise<number[]> {
  const script = path.join(here, "train-alone.ts");
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const args = [...process.execArgv, script, dir, ...(limit === undefined ? [] : [String(limit)])];
      const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
      });
      child.on("error", reject);
      child.on("close", (code) => {
        if (code !== 0) reject(new Error(`train-alone exited with ${code}`));
        else resolve((JSON.parse(out) as { wallMs: number }).wallMs);
      });
    });
  return Promise.all([one(), one()]);
}

/** 4ree with its own config (256 iterations), per worker count. */
async function fourReeSection(): Promise<string> {
  const dir = path.resolve(here, "../../../../shared/cobre-reference/examples/4ree");
  const loaded = await load(dir);
  const c = process.env.BENCH_ITERATIONS === undefined ? loaded : withIterations(loaded, iterations);
  const at = [10, 50, 100, 200, 256];
  const lines = [
    `| workers | iterations | total (s) | ${at.map((k) => `ms/it @${k}`).join(" | ")} | @256 / @10 | LP solves/s | simplex it./solve fwd | bwd | ms/LP fwd | bwd | in HiGHS | final LB |`,
    `|---|---|---|${at.map(() => "---").join("|")}|---|---|---|---|---|---|---|---|`,
  ];
  const notes: string[] = [];
  const growth = [
    "| workers | simplex it./fwd LP @10 | @256 | simplex it./bwd LP @10 | @256 | LPs in iteration 10 | 256 |",
    "|---|---|---|---|---|---|---|",
  ];
  // With 1 and 2 workers: between them, two 1-worker trainings at once (BENCH_CAPACITY=0 skips).
  const capacity = longWorkers.includes(1) && longWorkers.includes(2) && process.env.BENCH_CAPACITY !== "0";
  const walls = new Map<number, number>();
  let atOnce: number[] = [];
  for (const w of longWorkers) {
    if (w === 2 && capacity && walls.has(1)) {
      process.stderr.write("4ree: two 1-worker trainings at once\n");
      atOnce = await twoAtOnce(dir, process.env.BENCH_ITERATIONS === undefined ? undefined : iterations);
    }
    const { wallMs, result } = await trainLong("4ree", c, w, 10);
    walls.set(w, wallMs);
    if (!result.ok) {
      notes.push(`- ${w} worker(s): training failed after ${(wallMs / 1000).toFixed(1)} s: ${result.error.message}`);
      continue;
    }
    const h = result.value.history;
    // Time per iteration is noisy: the mean of 5 iterations ending at k.
    const msAt = (k: number) => {
      const window = h.slice(Math.max(0, k - 5), k);
      return window.length < 5 || h.length < k ? Number.NaN : window.reduce((a, x) => a + x.iterationTimeMs, 0) / 5;
    };
    const solves = h.reduce((a, x) => a + x.lpSolves, 0);
    const inHighs = h.reduce((a, x) => a + x.solveTimeMs, 0);
    const fwd = perLp(h, "forward");
    const bwd = perLp(h, "backward");
    // Load-independent growth: simplex iterations per LP in the windows ending at 10 and 256.
    const itersAt = (k: number, phase: "forward" | "backward") =>
      h.length < k ? Number.NaN : perLp(h.slice(k - 5, k), phase).iters;
    growth.push(
      `| ${w} | ${itersAt(10, "forward").toFixed(2)} | ${itersAt(256, "forward").toFixed(2)} | ${itersAt(10, "backward").toFixed(2)} | ${itersAt(256, "backward").toFixed(2)} | ${h[9]?.lpSolves ?? "—"} | ${h[255]?.lpSolves ?? "—"} |`,
    );
    lines.push(
      `| ${w} | ${h.length} (${result.value.terminationReason}) | ${(wallMs / 1000).toFixed(1)} | ${at.map((k) => msAt(k).toFixed(0)).join(" | ")} | ${(msAt(256) / msAt(10)).toFixed(2)}× | ${(solves / (wallMs / 1000)).toFixed(0)} | ${fwd.iters.toFixed(2)} | ${bwd.iters.toFixed(2)} | ${fwd.ms.toFixed(3)} | ${bwd.ms.toFixed(3)} | ${((100 * inHighs) / (wallMs * w)).toFixed(1)}% | ${result.value.finalLowerBound.toExponential(6)} |`,
    );
  }
  const one = walls.get(1);
  const two = walls.get(2);
  const capacityLines: string[] = [];
  if (atOnce.length === 2 && one !== undefined && two !== undefined) {
    const slower = Math.max(...atOnce);
    const cap = (2 * one) / slower;
    capacityLines.push(
      "",
      "What the two cores give this very work: the 1-worker training run twice at once, each in a process of its own, between the 1- and 2-worker runs above. Capacity: 2 × alone ÷ the slower of the two at once; efficiency: the slower of the two ÷ (2 × the 2-worker run), the share of that capacity the engine's 2 workers get (1: as fast as two independent trainings). 2 workers ÷ 1 = capacity × efficiency. Above 2×, the machine's speed changed between the runs: the row measures the machine, not the engine.",
      "",
      "| 1 worker alone (s) | two 1-worker trainings at once (s) | capacity | 2 workers (s) | 2 workers ÷ 1 | efficiency |",
      "|---|---|---|---|---|---|",
      `| ${(one / 1000).toFixed(1)} | ${atOnce.map((v) => (v / 1000).toFixed(1)).join(" / ")} | ${cap.toFixed(2)}×${cap > 2 ? " (machine changed speed)" : ""} | ${(two / 1000).toFixed(1)} | ${(one / two).toFixed(2)}× | ${(slower / (2 * two)).toFixed(2)} |`,
    );
  }
  return [
    `4ree with its own config${process.env.BENCH_ITERATIONS === undefined ? "" : ` (limit overridden: ${iterations})`}${process.env.BENCH_COLD === "1" ? ", cold starts (BENCH_COLD=1)" : ""}${process.env.BENCH_ALL_CUT_ROWS === "1" ? ", every cut a row (BENCH_ALL_CUT_ROWS=1)" : ""}. ms/it @k is the mean of iterations k−4 … k.`,
    "",
    ...lines,
    ...(notes.length > 0 ? ["", ...notes] : []),
    "",
    ...growth,
    ...capacityLines,
  ].join("\n");
}

/** The national-size synthetic case: forward versus backward cost per LP. */
async function nationalSection(): Promise<string> {
  const n = Number(process.env.BENCH_NATIONAL_ITERATIONS ?? 5);
  // BENCH_NATIONAL_STAGES: fewer stages, same LPs (a quicker look at the per-LP figures).
  const stages = Number(process.env.BENCH_NATIONAL_STAGES ?? 60);
  const size = { hydros: 150, thermals: 120, buses: 4, stages, openings: 20, forwardPasses: 20, iterations: n };
  const c = await load(writeSyntheticCase(size));
  const lines = [
    "| workers | iteration | ms | forward LPs | forward ms/LP | simplex it./fwd LP | backward LPs | backward ms/LP | simplex it./bwd LP | fwd ms/LP ÷ bwd ms/LP |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const w of longWorkers) {
    const { result } = await trainLong("national", c, w, 1);
    if (!result.ok) {
      lines.push(`| ${w} | failed: ${result.error.message} |`);
      continue;
    }
    const rows = result.value.history.map((h) => ({ label: String(h.iteration), hs: [h] }));
    rows.push({ label: "all", hs: [...result.value.history] });
    for (const { label, hs } of rows) {
      const f = perLp(hs, "forward");
      const b = perLp(hs, "backward");
      const ms = hs.reduce((a, x) => a + x.iterationTimeMs, 0);
      lines.push(
        `| ${w} | ${label} | ${ms.toFixed(0)} | ${f.solves} | ${f.ms.toFixed(2)} | ${f.iters.toFixed(1)} | ${b.solves} | ${b.ms.toFixed(2)} | ${b.iters.toFixed(1)} | ${(f.ms / b.ms).toFixed(2)} |`,
      );
    }
  }
  return [
    `National-size synthetic case: ${size.hydros} hydros, ${size.thermals} thermals, ${size.stages} monthly stages, ${size.openings} openings, ${size.forwardPasses} forward passes, ${n} iterations${process.env.BENCH_COLD === "1" ? ", cold starts (BENCH_COLD=1)" : ""}${process.env.BENCH_ALL_CUT_ROWS === "1" ? ", every cut a row (BENCH_ALL_CUT_ROWS=1)" : ""}.`,
    "",
    ...lines,
  ].join("\n");
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
    const sameRun: string[] = [...SAME_RUN_HEADER];
    if (wantsSim("4ree")) {
      sameRun.push(...(await sameRunRows(`4ree (${iterations} iterations)`, fourRee, 400, simWorkers)));
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
    if (sameRun.length > SAME_RUN_HEADER.length) {
      out.push(
        "### In the same run, on the training's workers (as `runStudy`)\n",
        sameRun.join("\n"),
        "\nTraining and simulation wall times of one `trainKeepingWorkers` + `simulateOnTrainingWorkers` run per worker count; ms/LP: wall time over LP solves. Files alone: the bytes of the run with outputs written again to the same layout (a directory per partition, temporary file + rename) on one thread, without encoding or fsync; durable files alone: the same with the writer's durability (temporary files' fdatasyncs awaited together per 64 scenarios, renames, directory syncs), MB/s of its bytes; `if encoding were free`: (without + files alone ÷ workers) ÷ without, the least `with / without` any writer of this layout reaches on this disk (durable: any writer that keeps the crash guarantees).\n",
      );
    }
  }
  if (wants("writer")) {
    const syntheticRow =
      rows.find((r) => r.label === syntheticLabel) ?? (await trainRow(syntheticLabel, synthetic!, 1));
    out.push(
      "## Simulation output writing\n",
      await writerBench(synthetic!, syntheticRow.outcome, Number(process.env.BENCH_SCENARIOS ?? 200)),
    );
  }
  // The long training runs (many minutes each on 2 cores).
  if (wants("4ree")) out.push("## 4ree, its own config\n", await fourReeSection());
  if (wants("national")) out.push("## National-size synthetic case\n", await nationalSection());
  if (wants("ceiling")) out.push("## What two threads give on this machine\n", await parallelCeiling());
  const rssMb = process.resourceUsage().maxRSS / 1024;
  out.push(
    `\n## Memory\n\nPeak resident set size of the whole run (all worker threads included): ${rssMb.toFixed(0)} MB.`,
  );
  console.log(out.join("\n"));
}

await main();
