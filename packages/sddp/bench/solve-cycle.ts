/**
 * `node --conditions=@cobre/source --import tsx bench/solve-cycle.ts`: µs per solve cycle
 * of one 4ree stage LP — the per-call cost of the LP layer, without the rest of training.
 *
 * Trains 4ree for BENCH_CYCLE_TRAIN iterations (default 40, 1 worker) to get real cut
 * pools, then re-solves the middle stage, every active cut a row, BENCH_CYCLES times
 * (default 10,000) from a warm basis, cycling through its openings: each cycle is one
 * `StageSolvers.solve` (bound patches of the incoming state, inflow and load rows; HiGHS
 * run; status, iteration count and objective; θ read from the solution) plus a read of
 * the state gradient and of the row duals, as the backward pass does.
 *
 * Prints µs per cycle (wall and CPU time), µs inside `LpModel.solve`, simplex iterations per solve, and
 * a checksum of objectives and iterations: equal checksums before and after a change of
 * the LP layer mean the same pivots and the same bits.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadSolver } from "@cobre/solver";
import { StageSolvers } from "../src/lp/stage-solvers";
import { prepareStudy } from "../src/study/prepare-study";
import { train } from "../src/training/train";
import { loadTrimmed } from "../test/fixtures/load-trimmed";

const here = path.dirname(fileURLToPath(import.meta.url));
const trainIterations = Number(process.env.BENCH_CYCLE_TRAIN ?? 40);
const cycles = Number(process.env.BENCH_CYCLES ?? 10_000);
const warmup = 1_000;

async function main(): Promise<void> {
  const c = await loadTrimmed(path.resolve(here, "../../../../shared/cobre-reference/examples/4ree"), trainIterations);
  const trained = await train(c, { numWorkers: 1 });
  if (!trained.ok) throw new Error(trained.error.message);
  const study = prepareStudy(c);
  if (!study.ok) throw new Error(study.error.message);
  const { templates, inputs, initialState } = study.value;
  const solvers = new StageSolvers(
    await loadSolver(),
    templates,
    inputs,
    trained.value.pools,
    c.config.modeling.inflowNonNegativity.method,
    { lazyCuts: false },
  );
  const t = Math.floor(templates.length / 2);
  const { layout, lp } = templates[t]!;
  const state = initialState.subarray(0, layout.stateDim);
  const gradient = new Float64Array(layout.stateDim);
  const openings = inputs.numOpenings[t]!;
  const noise = (j: number) => inputs.openings[t]!.subarray(j * inputs.noiseDim, (j + 1) * inputs.noiseDim);
  let checksum = 0;
  let dualSum = 0;
  const cycle = (k: number) => {
    solvers.solve(t, state, noise(k % openings), {
      phase: "backward",
      iteration: 0,
      scenario: 0,
      opening: k % openings,
    });
    solvers.readStateGradient(t, gradient);
    const duals = solvers.rowDuals(t);
    for (let r = 0; r < duals.length; r++) dualSum += duals[r]!;
    checksum += solvers.result.objective + gradient[0]!;
  };
  for (let k = 0; k < warmup; k++) cycle(k);
  const s0 = solvers.solves;
  const i0 = solvers.simplexIterations;
  const m0 = solvers.solveTimeMs;
  checksum = 0;
  dualSum = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  for (let k = 0; k < cycles; k++) cycle(k);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - started;
  const solves = solvers.solves - s0;
  const iterations = solvers.simplexIterations - i0;
  console.log(
    `stage ${t} of 4ree: ${lp.numCols} columns, ${solvers.cutRowCount(t) + layout.numTemplateRows} rows (${solvers.cutRowCount(t)} cut rows), ${openings} openings`,
  );
  console.log(`${cycles} cycles after ${warmup} warm-up cycles`);
  console.log(`µs per cycle (wall):        ${((1000 * wallMs) / cycles).toFixed(1)}`);
  // CPU time is the steadier figure on a loaded machine (wall time counts waiting for a core).
  console.log(`µs per cycle (CPU):         ${((cpu.user + cpu.system) / cycles).toFixed(1)}`);
  console.log(`µs inside LpModel.solve:    ${((1000 * (solvers.solveTimeMs - m0)) / solves).toFixed(1)}`);
  console.log(`simplex iterations / solve: ${(iterations / solves).toFixed(3)}`);
  console.log(
    `checksum: objectives+gradient ${checksum.toPrecision(17)}, duals ${dualSum.toPrecision(17)}, iterations ${iterations}`,
  );
  solvers.dispose();
}

await main();
