/**
 * Simulation with and without its Parquet outputs, on 1 and 2 workers, through the same
 * pipeline as `runStudy` (partitions encoded in the workers, group-committed by
 * `SimulationParquetWriter`): the cost of writing, as a ratio of simulation wall times.
 */
import {
  closeSync,
  fdatasync,
  fsync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { promisify } from "node:util";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Case } from "@cobre/core";
import { SimulationParquetWriter, writeJsonAtomic } from "@cobre/io";
import type { Result } from "@cobre/core";
import type { SddpError } from "../src/errors";
import {
  type SimulateOptions,
  type SimulationSummary,
  simulate,
  simulateOnTrainingWorkers,
} from "../src/simulation/simulate";
import { type TrainingOutcome, trainKeepingWorkers } from "../src/training/train";

/** Runs one simulation of the trained policy (on fresh workers, or on the training's). */
type Simulator = (options: SimulateOptions) => Promise<Result<SimulationSummary, SddpError>>;

export function bytesUnder(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? bytesUnder(p) : statSync(p).size;
  }
  return n;
}

interface Timed {
  readonly ms: number;
  /** CPU time of the whole process (all threads), ms: less sensitive to other load than wall time. */
  readonly cpuMs: number;
  /** Of which in the kernel (file creation, syncs), ms. */
  readonly sysMs: number;
  readonly solves: number;
  readonly rows: number;
  readonly bytes: number;
}

async function withoutOutputs(run: Simulator, scenarios: number, workers: number): Promise<Timed> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const sim = await run({ numScenarios: scenarios, numWorkers: workers });
  if (!sim.ok) throw new Error(sim.error.message);
  const d = process.cpuUsage(c0);
  return {
    ms: performance.now() - t0,
    cpuMs: (d.user + d.system) / 1000,
    sysMs: d.system / 1000,
    solves: sim.value.lpSolves,
    rows: 0,
    bytes: 0,
  };
}

/**
 * Output directories of the runs, removed only after the last one: deleting a run's
 * ~4,800 files and directories right before the next run made that run's file creations
 * several times dearer in the kernel (ext4 without a journal skips inodes deleted in the
 * last minute or more when it allocates, scanning them one by one; see
 * docs/performance.md), which measured the bench's own clean-up, not the writer.
 */
const outputDirs: string[] = [];

/** A run with outputs, and the directory it wrote. */
async function withOutputs(
  c: Case,
  run: Simulator,
  scenarios: number,
  workers: number,
): Promise<Timed & { readonly out: string }> {
  const out = mkdtempSync(path.join(tmpdir(), "cobre-sim-bench-"));
  outputDirs.push(out);
  const parquet = { compression: c.config.exports.compression ?? "zstd" } as const;
  let rows = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const writer = await SimulationParquetWriter.create(out, { system: c.system, totalScenarios: scenarios, parquet });
  if (!writer.ok) throw new Error(writer.error.kind);
  const w = writer.value;
  const sim = await run({
    numScenarios: scenarios,
    numWorkers: workers,
    output: {
      parquet,
      onEncoded: async (s) => {
        for (const p of s.partitions) rows += p.rows;
        const r = await w.writeScenario(s);
        if (!r.ok) throw new Error(r.error.kind);
      },
    },
    onSolverStats: (r) => w.writeSolverStats(r),
  });
  if (!sim.ok) throw new Error(sim.error.message);
  const fin = await w.finalize();
  if (!fin.ok) throw new Error(fin.error.kind);
  const manifest = await writeJsonAtomic(path.join(out, "simulation", "_manifest.json"), fin.value);
  if (!manifest.ok) throw new Error(manifest.error.kind);
  const ms = performance.now() - t0;
  const d = process.cpuUsage(c0);
  const bytes = bytesUnder(path.join(out, "simulation"));
  return {
    ms,
    cpuMs: (d.user + d.system) / 1000,
    sysMs: d.system / 1000,
    solves: sim.value.lpSolves,
    rows,
    bytes,
    out,
  };
}

/** Every file under `dir` (relative path → bytes). */
function filesUnder(dir: string, base = dir, out = new Map<string, Uint8Array>()): Map<string, Uint8Array> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, base, out);
    else out.set(path.relative(base, p), readFileSync(p));
  }
  return out;
}

/**
 * The file system's share alone: the bytes a run with outputs wrote, written again to the
 * same layout in a fresh directory on one thread — a directory per partition, a temporary
 * file renamed into place, no encoding and no fsync. No writer of this layout can spend
 * less on this disk, so it bounds what `with / without` can reach.
 */
function layoutFloor(files: ReadonlyMap<string, Uint8Array>): { ms: number; sysMs: number } {
  const dst = mkdtempSync(path.join(tmpdir(), "cobre-sim-floor-"));
  outputDirs.push(dst);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const [rel, bytes] of files) {
    const file = path.join(dst, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, bytes);
    renameSync(`${file}.tmp`, file);
  }
  const d = process.cpuUsage(c0);
  return { ms: performance.now() - t0, sysMs: d.system / 1000 };
}

/**
 * The same with the durability the writer owes (and the crash tests check): each group of
 * 64 scenarios' files written to temporary names, their `fdatasync`s awaited together,
 * renamed, then every directory they touched synced, as `SimulationParquetWriter` commits
 * a group. Still no encoding: the least any durable writer of this layout spends here.
 */
async function durableLayoutFloor(
  written: ReadonlyMap<string, Uint8Array>,
): Promise<{ ms: number; sysMs: number; bytes: number }> {
  const files = [...written];
  const dst = mkdtempSync(path.join(tmpdir(), "cobre-sim-durable-floor-"));
  outputDirs.push(dst);
  const datasync = promisify(fdatasync);
  const syncFd = promisify(fsync);
  // Files per group: 64 scenarios' worth of partitions (one file per family and scenario).
  const scenarios = new Set(files.map(([rel]) => /scenario_id=(\d+)/.exec(rel)?.[1]));
  const group = Math.max(1, Math.round((64 * files.length) / Math.max(1, scenarios.size)));
  let bytes = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let g = 0; g < files.length; g += group) {
    const staged = files.slice(g, g + group).map(([rel, data]) => {
      const file = path.join(dst, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      const fd = openSync(`${file}.tmp`, "w");
      writeSync(fd, data);
      bytes += data.length;
      return { fd, file };
    });
    await Promise.all(staged.map((s) => datasync(s.fd)));
    const dirs = new Set<string>();
    for (const s of staged) {
      closeSync(s.fd);
      renameSync(`${s.file}.tmp`, s.file);
      dirs.add(path.dirname(s.file));
      dirs.add(path.dirname(path.dirname(s.file)));
    }
    await Promise.all(
      [...dirs].map(async (d) => {
        const fd = openSync(d, "r");
        try {
          await syncFd(fd);
        } finally {
          closeSync(fd);
        }
      }),
    );
  }
  const d = process.cpuUsage(c0);
  return { ms: performance.now() - t0, sysMs: d.system / 1000, bytes };
}

/** Training wall time per LP solve, for the simulation's per-LP comparison. */
export function trainingMsPerLp(trained: TrainingOutcome, wallMs: number): number {
  return (
    wallMs /
    Math.max(
      1,
      trained.history.reduce((a, h) => a + h.lpSolves, 0),
    )
  );
}

export const SIMULATION_HEADER = [
  "| case | workers | scenarios | LP solves | without outputs (s) | with outputs (s) | with / without | CPU s without | CPU s with | of which kernel (without / with) | CPU with / without | rows written | MB on disk | MB/s | simulation ms/LP (without outputs) | training ms/LP |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
];

/** One table row per worker count: the same scenarios simulated without, then with, outputs. */
export async function simulationRows(
  label: string,
  c: Case,
  trained: TrainingOutcome,
  trainingLpMs: number,
  scenarios: number,
  workerCounts: readonly number[],
): Promise<string[]> {
  const lines: string[] = [];
  for (const workers of workerCounts) {
    const fresh: Simulator = (o) => simulate(c, trained, o);
    const without = await withoutOutputs(fresh, scenarios, workers);
    const withOut = await withOutputs(c, fresh, scenarios, workers);
    lines.push(
      `| ${label} | ${workers} | ${scenarios} | ${without.solves} | ${(without.ms / 1000).toFixed(2)} | ${(withOut.ms / 1000).toFixed(2)} | ${(withOut.ms / without.ms).toFixed(2)}× | ${(without.cpuMs / 1000).toFixed(2)} | ${(withOut.cpuMs / 1000).toFixed(2)} | ${(without.sysMs / 1000).toFixed(2)} / ${(withOut.sysMs / 1000).toFixed(2)} | ${(withOut.cpuMs / without.cpuMs).toFixed(2)}× | ${withOut.rows} | ${(withOut.bytes / 1e6).toFixed(1)} | ${(withOut.bytes / 1e6 / (withOut.ms / 1000)).toFixed(1)} | ${(without.ms / without.solves).toFixed(3)} | ${trainingLpMs.toFixed(3)} |`,
    );
  }
  for (const dir of outputDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  return lines;
}

export const SAME_RUN_HEADER = [
  "| case | workers | scenarios | training (s) | training LP solves | training ms/LP | simulation without outputs (s) | with outputs (s) | with / without | files alone, 1 thread (s; kernel s) | with / without if encoding were free | durable files alone (s; kernel s; MB/s) | with / without if encoding were free, durable | simulation ms/LP (without outputs) | simulation ÷ training ms/LP |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
];

/**
 * As `runStudy` runs them: trained on `workers`, then simulated without and then with
 * outputs on the training's own workers (no threads to start, no stage LPs to build), the
 * simulation's wall time per LP against the training's in the same run. One worker with
 * outputs simulates on a thread of its own, as `runStudy` does.
 */
export async function sameRunRows(
  label: string,
  c: Case,
  scenarios: number,
  workerCounts: readonly number[],
): Promise<string[]> {
  const lines: string[] = [];
  for (const workers of workerCounts) {
    const t0 = performance.now();
    const trained = await trainKeepingWorkers(c, { numWorkers: workers });
    if (!trained.ok) throw new Error(trained.error.message);
    const trainMs = performance.now() - t0;
    const { outcome, workers: kept } = trained.value;
    const lps = outcome.history.reduce((a, h) => a + h.lpSolves, 0);
    const onTraining: Simulator = ({ numWorkers: _w, executor: _e, ...o }) =>
      simulateOnTrainingWorkers(c, kept, outcome, o);
    try {
      const without = await withoutOutputs(onTraining, scenarios, workers);
      const withOut = await withOutputs(c, onTraining, scenarios, workers);
      const trainLp = trainingMsPerLp(outcome, trainMs);
      const simLp = without.ms / without.solves;
      const written = filesUnder(path.join(withOut.out, "simulation"));
      const floor = layoutFloor(written);
      const durable = await durableLayoutFloor(written);
      // The file system's work spread perfectly over the workers, on top of the simulation.
      const best = (without.ms + floor.ms / workers) / without.ms;
      const bestDurable = (without.ms + durable.ms / workers) / without.ms;
      lines.push(
        `| ${label} | ${workers} | ${scenarios} | ${(trainMs / 1000).toFixed(2)} | ${lps} | ${trainLp.toFixed(3)} | ${(without.ms / 1000).toFixed(2)} | ${(withOut.ms / 1000).toFixed(2)} | ${(withOut.ms / without.ms).toFixed(2)}× | ${(floor.ms / 1000).toFixed(2)}; ${(floor.sysMs / 1000).toFixed(2)} | ${best.toFixed(2)}× | ${(durable.ms / 1000).toFixed(2)}; ${(durable.sysMs / 1000).toFixed(2)}; ${(durable.bytes / 1e3 / durable.ms).toFixed(1)} | ${bestDurable.toFixed(2)}× | ${simLp.toFixed(3)} | ${(simLp / trainLp).toFixed(2)}× |`,
      );
    } finally {
      await kept.executor.close();
    }
  }
  for (const dir of outputDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  return lines;
}
