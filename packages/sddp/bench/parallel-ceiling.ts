/**
 * What two threads can give on this machine, apart from the engine: the same fixed CPU
 * work — cold HiGHS solves of one seeded random LP (about the size of a 4ree stage LP
 * with 200 cut rows, ~12 ms a cold solve), and a pure-JavaScript floating-point kernel — run on one worker
 * thread, then on two at once. Per-thread throughput that falls when both run is the
 * machine's (shared caches, memory bandwidth, clock, SMT), and bounds any 2-worker
 * speed-up of the engine. `pnpm bench ceiling`.
 */
import Piscina from "piscina";
import { loadSolver, type LpProblem } from "@cobre/solver";

interface Job {
  readonly kind: "highs" | "js";
  readonly units: number;
}

/** A feasible LP: min c·x, A x ≥ b with A ≥ 0, 0 ≤ x ≤ 10; deterministic (seeded). */
function randomProblem(rows: number, cols: number, density: number): LpProblem {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const start = [0];
  const index: number[] = [];
  const value: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      if (next() < density) {
        index.push(j);
        value.push(0.1 + next());
      }
    }
    start.push(index.length);
  }
  return {
    numCols: cols,
    numRows: rows,
    colCost: Float64Array.from({ length: cols }, () => 1 + next()),
    colLower: new Float64Array(cols),
    colUpper: new Float64Array(cols).fill(10),
    rowLower: Float64Array.from({ length: rows }, () => 1 + 5 * next()),
    rowUpper: new Float64Array(rows).fill(Number.POSITIVE_INFINITY),
    matrix: {
      format: "csr",
      start: Int32Array.from(start),
      index: Int32Array.from(index),
      value: Float64Array.from(value),
    },
  };
}

async function runJob(job: Job): Promise<number> {
  const t0 = performance.now();
  if (job.kind === "highs") {
    const backend = await loadSolver();
    const model = backend.createModel(randomProblem(213, 170, 0.05));
    const begin = performance.now();
    for (let k = 0; k < job.units; k++) {
      model.resetBasis();
      const r = model.solve();
      if (!r.ok) throw new Error(r.error.message);
    }
    model.dispose();
    return performance.now() - begin;
  }
  // A cache-resident floating-point kernel (64 KiB of data).
  const a = new Float64Array(8192).map((_, i) => Math.sin(i));
  let s = 0;
  for (let k = 0; k < job.units; k++) {
    for (let i = 1; i < a.length; i++) {
      a[i] = a[i]! * 0.999 + a[i - 1]! * 0.001;
      s += a[i]!;
    }
  }
  if (Number.isNaN(s)) throw new Error("unreachable");
  return performance.now() - t0;
}

/** Piscina task (this file is also the worker module): runs `job`, returns its wall ms. */
export default function ceilingTask(job: Job): Promise<number> {
  return runJob(job);
}

/** `threads` worker threads, each running `job` once, all at once; their wall ms. */
async function inThreads(job: Job, threads: number): Promise<number[]> {
  const pool = new Piscina({
    filename: import.meta.url,
    execArgv: ["--conditions=@cobre/source", "--import", "tsx"],
    minThreads: threads,
    maxThreads: threads,
  });
  try {
    await Promise.all(Array.from({ length: threads }, () => pool.run({ kind: job.kind, units: 1 })));
    return await Promise.all(Array.from({ length: threads }, () => pool.run(job) as Promise<number>));
  } finally {
    await pool.destroy();
  }
}

/** Markdown table: per-thread time of the same work on 1 and on 2 threads at once. */
export async function parallelCeiling(): Promise<string> {
  const jobs: Job[] = [
    { kind: "highs", units: Number(process.env.BENCH_CEILING_SOLVES ?? 500) },
    { kind: "js", units: Number(process.env.BENCH_CEILING_JS ?? 60000) },
  ];
  const lines = [
    "| work | units per thread | 1 thread (ms) | 2 threads at once, each (ms) | slowdown per thread | 2-thread speed-up |",
    "| ---- | ---------------: | ------------: | ---------------------------: | ------------------: | ----------------: |",
  ];
  for (const job of jobs) {
    const [one] = (await inThreads(job, 1)) as [number];
    const two = await inThreads(job, 2);
    const each = Math.max(...two);
    const name = job.kind === "highs" ? "HiGHS cold solve, 213 × 170 LP" : "JS floating-point kernel";
    lines.push(
      `| ${name} | ${job.units} | ${one.toFixed(0)} | ${two.map((v) => v.toFixed(0)).join(" / ")} | ${(each / one).toFixed(2)}× | ${((2 * one) / each).toFixed(2)}× |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
