/**
 * What an inactive cut costs the LP: trains 4ree without cut selection, finds the cuts
 * that are binding at the last iterations' trial points, and re-solves backward-pass
 * units (one trial point under every opening: 1 cold + n−1 warm solves) three ways —
 * every cut enforced, the non-binding cuts kept as relaxed rows (lower bound −∞), and
 * the non-binding cuts absent from the model. Prints simplex iterations (deterministic)
 * and CPU milliseconds per solve (less noisy than wall time on a shared machine).
 *
 * `node --conditions=@cobre/source --import tsx bench/inactive-rows.ts` (BENCH_ITERATIONS,
 * default 150; BENCH_CASE, default the reference 4ree).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCase } from "@cobre/io";
import { loadSolver } from "@cobre/solver";
import { CutPool } from "../src/cuts/cut-pool";
import { StageSolvers } from "../src/lp/stage-solvers";
import { prepareStudy } from "../src/study/prepare-study";
import { train } from "../src/training/train";

const here = path.dirname(fileURLToPath(import.meta.url));
const iterations = Number(process.env.BENCH_ITERATIONS ?? 150);
const dir = process.env.BENCH_CASE ?? path.resolve(here, "../../../../shared/cobre-reference/examples/4ree");

const loaded = await loadCase(dir);
if (!loaded.ok) throw new Error(loaded.error.message);
const c = {
  ...loaded.value,
  config: {
    ...loaded.value.config,
    training: {
      ...loaded.value.config.training,
      stoppingRules: [{ type: "iteration_limit" as const, limit: iterations }],
    },
    exports: { ...loaded.value.config.exports, states: true },
  },
};
const trained = await train(c);
if (!trained.ok) throw new Error(trained.error.message);
const { pools, visited } = trained.value;
const study = prepareStudy(c);
if (!study.ok) throw new Error(study.error.message);
const { templates, inputs, initialState } = study.value;
const backend = await loadSolver();
const T = templates.length;
const method = c.config.modeling.inflowNonNegativity.method;

/** Trial points of stage t−1 from the last `window` iterations (stage 0: the initial state). */
function trialPoints(t: number, window: number): Float64Array[] {
  const dim = templates[t]!.layout.stateDim;
  if (t === 0) return [initialState.subarray(0, dim)];
  const v = visited[t - 1]!;
  const out: Float64Array[] = [];
  for (let k = 0; k < v.size; k++) if (v.iteration(k) > iterations - window) out.push(v.state(k));
  return out;
}

/**
 * Copies of the pools: every cut, the cuts `keep` selects (`drop`), or every cut with the
 * others relaxed — an intercept of −∞ gives the row a −∞ lower bound, as a relaxed row.
 */
function copyPools(keep: ((t: number, i: number) => boolean) | null, drop: boolean): CutPool[] {
  return pools.map((p, t) => {
    const q = new CutPool(p.stateDim, Math.max(1, p.size));
    for (let i = 0; i < p.size; i++) {
      const k = keep === null || keep(t, i);
      if (drop && !k) continue;
      const alpha = k ? p.intercepts[i]! : Number.NEGATIVE_INFINITY;
      q.add(alpha, p.coefficients.subarray(i * p.stateDim, (i + 1) * p.stateDim), p.iterations[i]!, 0);
    }
    return q;
  });
}

// 1. Binding cuts: rows with a nonzero dual in the backward units of the last 20 iterations.
const binding = pools.map((p) => new Uint8Array(p.size));
{
  const solvers = new StageSolvers(backend, templates, inputs, pools, method);
  for (let t = 0; t < T - 1; t++) {
    const rows = templates[t]!.layout.numTemplateRows;
    for (const x of trialPoints(t, 20)) {
      solvers.resetBasis(t);
      for (let j = 0; j < inputs.numOpenings[t]!; j++) {
        solvers.solve(t, x, inputs.openings[t]!.subarray(j * inputs.noiseDim, (j + 1) * inputs.noiseDim), {
          phase: "backward",
          iteration: 0,
          scenario: 0,
          opening: j,
        });
        const duals = solvers.rowDuals(t);
        for (let i = 0; i < pools[t]!.size; i++) if (Math.abs(duals[rows + i]!) > 1e-9) binding[t]![i] = 1;
      }
    }
  }
  solvers.dispose();
}

// 2. The same backward units under three row sets, interleaved round by round so that
// load from other processes falls on all three alike; time is this process's CPU time.
interface Variant {
  label: string;
  solvers: StageSolvers;
  rows: number;
  cpuMs: number;
  solves: number;
  iters: number;
  obj: number;
}
function variant(label: string, ps: CutPool[]): Variant {
  const solvers = new StageSolvers(backend, templates, inputs, ps, method);
  let rows = 0;
  for (let t = 0; t < T - 1; t++) {
    solvers.syncCuts(t);
    rows += ps[t]!.size;
  }
  return { label, solvers, rows, cpuMs: 0, solves: 0, iters: 0, obj: 0 };
}
function round(v: Variant, first: boolean): void {
  const { solvers } = v;
  const s0 = solvers.solves;
  const i0 = solvers.simplexIterations;
  const c0 = process.cpuUsage();
  for (let t = 1; t < T - 1; t++) {
    for (const x of trialPoints(t, 10)) {
      solvers.resetBasis(t);
      for (let j = 0; j < inputs.numOpenings[t]!; j++) {
        solvers.solve(t, x, inputs.openings[t]!.subarray(j * inputs.noiseDim, (j + 1) * inputs.noiseDim), {
          phase: "backward",
          iteration: 0,
          scenario: 0,
          opening: j,
        });
        if (first) v.obj += solvers.result.objective;
      }
    }
  }
  const c = process.cpuUsage(c0);
  v.cpuMs += (c.user + c.system) / 1000;
  v.solves += solvers.solves - s0;
  v.iters += solvers.simplexIterations - i0;
}
const variants = [
  variant("every cut enforced", copyPools(null, false)),
  variant(
    "non-binding cuts as relaxed rows (−∞)",
    copyPools((t, i) => binding[t]![i] === 1, false),
  ),
  variant(
    "non-binding cuts removed from the model",
    copyPools((t, i) => binding[t]![i] === 1, true),
  ),
];
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
for (let r = 0; r < rounds; r++) for (const v of variants) round(v, r === 0);
for (const v of variants) v.solvers.dispose();

// 3. What a rebuild costs: a fresh model per stage (template, priming solve, binding rows).
const kept = copyPools((t, i) => binding[t]![i] === 1, true);
const r0 = process.cpuUsage();
const rebuilt = new StageSolvers(backend, templates, inputs, kept, method);
for (let t = 0; t < T - 1; t++) rebuilt.syncCuts(t);
const r1 = process.cpuUsage(r0);
const rebuildMs = (r1.user + r1.system) / 1000 / T;
rebuilt.dispose();

const total = pools.slice(0, T - 1).reduce((a, p) => a + p.size, 0);
const bound = binding.slice(0, T - 1).reduce((a, b) => a + b.reduce((x, y) => x + y, 0), 0);
console.log(`4ree after ${iterations} iterations: ${total} cuts in stages 0..${T - 2}, ${bound} binding recently`);
console.log("");
console.log(
  "| LP rows of cuts | cut rows per stage (mean) | simplex iterations per solve | CPU ms per solve | Σ objective (check) |",
);
console.log("|---|---|---|---|---|");
for (const v of variants) {
  console.log(
    `| ${v.label} | ${(v.rows / (T - 1)).toFixed(0)} | ${(v.iters / v.solves).toFixed(2)} | ${(v.cpuMs / v.solves).toFixed(4)} | ${v.obj.toExponential(9)} |`,
  );
}
console.log("");
console.log(`Rebuilding one stage's model (template, priming solve, binding rows): ${rebuildMs.toFixed(2)} CPU ms`);
