/**
 * `pnpm bench` (cluster part): what NATS costs per task and per iteration. Trains 4ree
 * and the synthetic case locally (in-thread, and 2 worker threads) and on a local
 * cluster (nats-server on 127.0.0.1 and 2 `cobre worker` processes of 1 thread), and
 * prints a Markdown report: time per iteration, messaging overhead per task (round
 * trip minus the worker's time on the task), task service time, and bytes per
 * iteration (task payloads, results, state deltas). Also checks that every cluster run
 * ends with the local run's lower bounds, bit for bit.
 *
 * It then projects the efficiency at MACHINES × THREADS workers (default 4 × 16) from
 * the measured task times (the in-thread run's phases) and message sizes, for the case
 * as it is and with enough forward passes to fill every thread (see docs/performance.md
 * for the model).
 *
 * Environment: BENCH_ITERATIONS (default 10; the synthetic case runs a quarter, at least 4),
 * BENCH_CASES (comma-separated labels' first words, e.g. `4ree`; default both cases),
 * PROJ_MACHINES (4), PROJ_THREADS (16), PROJ_GBPS (network, 10), PROJ_RTT_US (added per
 * round trip between machines, 100).
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { type TrainingOutcome, train } from "@cobre/sddp";
import { type ClusterMetrics, trainOnCluster } from "../src/index";
import { startNats, startWorker, stopAll } from "../test/support/cluster-fixture";
// The synthetic case of the engine's benchmark, so both reports describe the same case.
import { writeSyntheticCase } from "../../sddp/bench/synthetic-case";

const here = path.dirname(fileURLToPath(import.meta.url));
const iterations = Number(process.env.BENCH_ITERATIONS ?? 10);

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

/** Mean time of iterations 2.. (the first also starts threads, processes' sessions, LPs). */
function steadyMs(o: TrainingOutcome): number {
  return o.history.slice(1).reduce((a, x) => a + x.iterationTimeMs, 0) / Math.max(1, o.history.length - 1);
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
}

interface Row {
  readonly label: string;
  readonly mode: string;
  readonly outcome: TrainingOutcome;
  readonly metrics?: ClusterMetrics;
}

const machines = Number(process.env.PROJ_MACHINES ?? 4);
const threadsPerMachine = Number(process.env.PROJ_THREADS ?? 16);
const gbps = Number(process.env.PROJ_GBPS ?? 10);
const rttUs = Number(process.env.PROJ_RTT_US ?? 100);

/**
 * Projected efficiency at `machines` × `threadsPerMachine` slots for one case:
 * per iteration, T + 1 phases (forward, T − 1 backward stages, lower bound) each end at a
 * barrier. A phase's M scenarios split over P slots take ceil(M / P) scenario-times; each
 * phase adds the measured per-task messaging overhead plus a network round trip; the
 * coordinator sends each phase's state delta to every machine and receives the results
 * over a `gbps` link. `scale` multiplies the forward passes (work and bytes grow with it).
 */
function project(
  local: TrainingOutcome,
  m: ClusterMetrics,
  processes: number,
  forwardPasses: number,
  stages: number,
  scale: number,
) {
  const h = local.history.slice(1);
  const n = Math.max(1, h.length);
  const mean = (f: (r: TrainingOutcome["history"][number]) => number) => h.reduce((a, r) => a + f(r), 0) / n;
  const fwd = mean((r) => r.forwardTimeMs) * scale;
  const bwd = mean((r) => r.backwardTimeMs) * scale;
  const lb = mean((r) => r.lowerBoundTimeMs);
  const serial = mean((r) => r.iterationTimeMs - r.forwardTimeMs - r.backwardTimeMs - r.lowerBoundTimeMs) * scale;
  const one = fwd + bwd + lb + serial;
  const P = machines * threadsPerMachine;
  const M = forwardPasses * scale;
  const rounds = Math.ceil(M / P);
  const phases = stages + 1;
  const iterations = local.history.length;
  const deltaPerProcess = m.syncBytes / processes / iterations;
  const bytes = (machines * deltaPerProcess + m.resultBytes / iterations) * scale;
  const overheadMs = quantile(m.overheadSamplesUs, 0.5) / 1000 + rttUs / 1000;
  const parallel =
    (fwd * rounds) / M + (bwd * rounds) / M + lb + serial + phases * overheadMs + ((bytes * 8) / (gbps * 1e9)) * 1000;
  return { P, M, one, parallel, efficiency: one / (P * parallel), speedup: one / parallel, bytes };
}

async function main(): Promise<void> {
  const nats = await startNats();
  const workers = [startWorker(nats.url, 1), startWorker(nats.url, 1)];
  await Promise.all(workers.map((w) => w.waitFor(/ready/, 120_000)));
  const rows: Row[] = [];
  const fourRee = withIterations(
    await load(path.resolve(here, "../../../../shared/cobre-reference/examples/4ree")),
    iterations,
  );
  const size = {
    hydros: 24,
    thermals: 32,
    buses: 4,
    stages: 12,
    openings: 20,
    forwardPasses: 8,
    iterations: Math.max(4, Math.floor(iterations / 4)),
  };
  const wanted = process.env.BENCH_CASES?.split(",").map((x) => x.trim());
  const cases: [string, Case][] = [["4ree", fourRee]];
  if (wanted === undefined || wanted.includes("synthetic")) {
    const synthetic = withIterations(await load(writeSyntheticCase(size)), size.iterations);
    cases.push([
      `synthetic ${size.hydros}H/${size.thermals}T/${size.stages} stages/${size.openings} openings`,
      synthetic,
    ]);
  }
  if (wanted !== undefined && !wanted.includes("4ree")) cases.shift();
  for (const [label, c] of cases) {
    for (const n of [1, 2]) {
      const r = await train(c, { numWorkers: n });
      if (!r.ok) throw new Error(r.error.message);
      rows.push({ label, mode: n === 1 ? "local, in-thread" : "local, 2 threads", outcome: r.value });
    }
    let metrics: ClusterMetrics | undefined;
    const r = await trainOnCluster(c, {
      cluster: { url: nats.url },
      onMetrics: (m) => {
        metrics = m;
      },
    });
    if (!r.ok) throw new Error(r.error.message);
    const local = rows.find((x) => x.label === label)!.outcome.history.map((h) => h.lowerBound);
    const same = JSON.stringify(local) === JSON.stringify(r.value.history.map((h) => h.lowerBound));
    if (!same) throw new Error(`${label}: the cluster's lower bounds differ from the local run's`);
    rows.push({ label, mode: "cluster, 2 processes × 1 thread", outcome: r.value, ...(metrics ? { metrics } : {}) });
  }
  await stopAll();
  const cluster = rows.filter((r) => r.metrics !== undefined);

  console.log(
    `# Cobre-TS cluster benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.versions.node}, ${availableParallelism()} cores, nats-server on 127.0.0.1)\n`,
  );
  console.log(
    "| case | executor | iterations | steady ms/iteration | tasks/iteration | overhead per task, median (µs) | p90 (µs) | service per task, mean (µs) | task bytes/iteration | result bytes/iteration | state-delta bytes/iteration | total KiB/iteration |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const { label, mode, outcome, metrics: m } of rows) {
    const n = outcome.history.length;
    const cells =
      m === undefined
        ? ["—", "—", "—", "—", "—", "—", "—", "—"]
        : [
            (m.tasks / n).toFixed(1),
            quantile(m.overheadSamplesUs, 0.5).toFixed(0),
            quantile(m.overheadSamplesUs, 0.9).toFixed(0),
            (m.serviceUs / Math.max(1, m.tasks)).toFixed(0),
            (m.taskBytes / n).toFixed(0),
            (m.resultBytes / n).toFixed(0),
            (m.syncBytes / n).toFixed(0),
            ((m.taskBytes + m.resultBytes + m.syncBytes) / n / 1024).toFixed(1),
          ];
    console.log(`| ${label} | ${mode} | ${n} | ${steadyMs(outcome).toFixed(1)} | ${cells.join(" | ")} |`);
  }
  console.log(
    "\nOverhead per task: round trip seen by the coordinator minus the worker's time on the task (serialization, NATS hops, state-delta pulls, queueing). State deltas are counted once per worker that pulls them.",
  );
  console.log(
    `\n## Projection: ${machines} machines × ${threadsPerMachine} threads, ${gbps} Gb/s, +${rttUs} µs per round trip\n`,
  );
  console.log(
    "| case | forward passes | slots | ms/iteration, 1 thread | projected ms/iteration | speed-up | efficiency | bytes/iteration on the wire |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const row of cluster) {
    const local = rows.find((x) => x.label === row.label && x.mode === "local, in-thread")!.outcome;
    const c = cases.find(([l]) => l === row.label)![1];
    const M = c.config.training.forwardPasses;
    const T = c.system.stages.length;
    for (const scale of [1, Math.ceil((machines * threadsPerMachine) / M)]) {
      const p = project(local, row.metrics!, 2, M, T, scale);
      console.log(
        `| ${row.label} | ${p.M} | ${p.P} | ${p.one.toFixed(1)} | ${p.parallel.toFixed(1)} | ${p.speedup.toFixed(1)}× | ${(100 * p.efficiency).toFixed(0)}% | ${(p.bytes / 1024).toFixed(0)} KiB |`,
      );
    }
  }
}

try {
  await main();
} finally {
  await stopAll();
}
