/**
 * The cluster end to end on 127.0.0.1: a nats-server with a password and JetStream,
 * `cobre worker` processes started from the sources, and runs compared with a local run
 * of the same case — the convergence table, the policy's bytes and the simulation
 * costs must be identical, whatever the number of worker processes and threads, after
 * a worker is SIGKILLed mid-run, after a coordinator is SIGKILLed mid-run, and with
 * two runs sharing the workers at once. The case is loaded from a temporary copy that
 * is deleted before the cluster runs, so the workers get it through NATS only.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Case } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { type RunSummary, runStudy } from "@cobre/sddp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterMetrics, runStudyOnCluster } from "@cobre/cluster";
import {
  type NatsServer,
  type WorkerProcess,
  cobreArgv,
  natsAvailable,
  repoRoot,
  startNats,
  startWorker,
  stopAll,
} from "./support/cluster-fixture";
import { spawn } from "node:child_process";

const haveNats = natsAvailable();

const ITERATIONS = 4;
const SCENARIOS = 12;
const temp = mkdtempSync(path.join(tmpdir(), "cobre-cluster-test-"));

/** hydro-tiny with a short run, copied to `dir`. */
function writeCase(dir: string): string {
  cpSync(path.join(repoRoot, "examples/hydro-tiny"), dir, { recursive: true });
  const file = path.join(dir, "config.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.training.stopping_rules = [{ type: "iteration_limit", limit: ITERATIONS }];
  // Cut selection flips old cuts' activity: those changes must reach the workers too.
  config.training.cut_selection = { enabled: true, method: "level1", threshold: 0, check_frequency: 2 };
  config.simulation.num_scenarios = SCENARIOS;
  writeFileSync(file, JSON.stringify(config, null, 2));
  return dir;
}

/** Loads a fresh copy of the case and deletes the copy: nothing on disk for workers to read. */
async function loadEphemeral(name: string, resume = false): Promise<Case> {
  const dir = writeCase(path.join(temp, `case-${name}`));
  if (resume) {
    const file = path.join(dir, "config.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    config.policy = { ...config.policy, mode: "resume" };
    writeFileSync(file, JSON.stringify(config, null, 2));
  }
  const loaded = await loadCase(dir);
  rmSync(dir, { recursive: true, force: true });
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

interface Fingerprint {
  readonly convergence: number[][];
  readonly policy: Record<string, string>;
  readonly costs: number[];
}

/** The deterministic columns of the convergence table, the policy files' bytes, the simulation costs. */
function fingerprint(r: RunSummary): Fingerprint {
  const cuts = path.join(r.outputDir, "policy", "cuts");
  const policy: Record<string, string> = {};
  for (const f of readdirSync(cuts).sort()) policy[f] = readFileSync(path.join(cuts, f)).toString("base64");
  return {
    convergence: (r.training?.history ?? []).map((h) => [
      h.iteration,
      h.lowerBound,
      h.upperBoundMean,
      h.upperBoundStd,
      h.gap,
      h.cutsAdded,
      h.cutsRemoved,
      h.cutsActive,
      h.lpSolves,
      // Pivots depend on the basis each solve starts from: a warm start that reached a
      // worker differently (or not at all) shows here even when the optimum is the same.
      h.simplexIterations,
    ]),
    policy,
    costs: Array.from(r.simulation?.costs ?? []),
  };
}

let nats: NatsServer;
let reference: Fingerprint;
const workers: WorkerProcess[] = [];

async function onCluster(
  name: string,
  extra: {
    stallMs?: number;
    onEvent?: Parameters<typeof runStudyOnCluster>[1]["cluster"]["onEvent"];
    resume?: boolean;
    outputDir?: string;
  } = {},
  onProgress?: (iteration: number) => void,
): Promise<{ fingerprint: Fingerprint; metrics: ClusterMetrics; threads: number }> {
  const c = await loadEphemeral(name, extra.resume === true);
  let metrics: ClusterMetrics | undefined;
  const r = await runStudyOnCluster(c, {
    outputDir: extra.outputDir ?? path.join(temp, `out-${name}`),
    cluster: {
      url: nats.url,
      workerWaitMs: 20_000,
      ...(extra.stallMs === undefined ? {} : { stallMs: extra.stallMs, maxAttempts: 20 }),
      ...(extra.onEvent === undefined ? {} : { onEvent: extra.onEvent }),
    },
    onMetrics: (m) => {
      metrics = m;
    },
    onProgress: (e) => {
      if (e.phase === "training") onProgress?.(e.iteration);
    },
  });
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return { fingerprint: fingerprint(r.value), metrics: metrics!, threads: r.value.training?.workers ?? 0 };
}

describe.skipIf(!haveNats)("cluster runs match a local run", () => {
  beforeAll(async () => {
    // A small max_payload: results, state deltas and the session layout travel in parts.
    nats = await startNats({ maxPayload: 16 * 1024, pingIntervalS: 2 });
    const local = await runStudy(await loadEphemeral("local"), { outputDir: path.join(temp, "out-local") });
    if (!local.ok) throw new Error(local.error.message);
    reference = fingerprint(local.value);
    expect(reference.convergence).toHaveLength(ITERATIONS);
    expect(Object.keys(reference.policy).length).toBe(6);
    expect(reference.costs).toHaveLength(SCENARIOS);
    expect(reference.convergence.some((row) => row[6]! > 0)).toBe(true); // cut selection removed cuts
    // Every run here (local and on workers, which inherit the environment) warm-starts from
    // the basis store: the same case solved cold pivots differently.
    expect(process.env.COBRE_BENCH_COLD_STARTS).toBeUndefined();
    process.env.COBRE_BENCH_COLD_STARTS = "1";
    try {
      const cold = await runStudy(await loadEphemeral("local-cold"), { outputDir: path.join(temp, "out-local-cold") });
      if (!cold.ok) throw new Error(cold.error.message);
      const pivots = (f: Fingerprint) => f.convergence.map((row) => row[9]!);
      expect(pivots(fingerprint(cold.value))).not.toEqual(pivots(reference));
    } finally {
      delete process.env.COBRE_BENCH_COLD_STARTS;
    }
  }, 180_000);

  afterAll(async () => {
    await stopAll();
    rmSync(temp, { recursive: true, force: true });
  });

  it("2 worker processes (1 and 2 threads) give the same table, policy bytes and simulation costs", async () => {
    workers.push(startWorker(nats.url, 1), startWorker(nats.url, 2));
    await Promise.all(workers.map((w) => w.waitFor(/ready/)));
    const r = await onCluster("two");
    expect(r.fingerprint).toEqual(reference);
    expect(r.threads).toBe(3); // each phase cut into 3 tasks: one per thread of the cluster
    expect(r.metrics.tasks).toBeGreaterThan(ITERATIONS * 6);
    expect(r.metrics.resends).toBe(0);
    // Both processes worked.
    for (const w of workers) expect(w.log()).toMatch(/joined/);
  }, 180_000);

  it("3 worker processes give the same results, and so do two runs sharing them at once", async () => {
    workers.push(startWorker(nats.url, 1));
    await workers[2]!.waitFor(/ready/);
    const [a, b] = await Promise.all([onCluster("three-a"), onCluster("three-b")]);
    expect(a.fingerprint).toEqual(reference);
    expect(b.fingerprint).toEqual(reference);
    expect(a.threads).toBe(4);
  }, 180_000);

  it("a run interrupted locally resumes on the cluster and ends as the uninterrupted run", async () => {
    const out = path.join(temp, "out-resume");
    const abort = new AbortController();
    const cut = await runStudy(await loadEphemeral("cut"), {
      outputDir: out,
      signal: abort.signal,
      onProgress: (e) => {
        if (e.phase === "training" && e.iteration === 2) abort.abort();
      },
    });
    if (!cut.ok) throw new Error(cut.error.message);
    expect(cut.value.interrupted).toBe(true);
    const r = await onCluster("resume", { resume: true, outputDir: out });
    expect(r.fingerprint).toEqual(reference);
  }, 180_000);

  it("a worker that hangs (SIGSTOP) while it holds a task: the task is re-sent and the results are identical", async () => {
    const victim = workers[1]!;
    const victimId = /worker (\S+) ready/.exec(victim.log())?.[1];
    expect(victimId).toBeDefined();
    let iteration = 0;
    let stoppedAt: number | undefined;
    const r = await onCluster(
      "sigstop",
      {
        stallMs: 3000,
        onEvent: (e) => {
          if (stoppedAt === undefined && iteration >= 1 && e.type === "taken" && e.worker === victimId) {
            stoppedAt = iteration;
            victim.process.kill("SIGSTOP");
          }
        },
      },
      (i) => {
        iteration = i;
      },
    );
    victim.process.kill("SIGCONT"); // it wakes up to a run that went on without it
    expect(stoppedAt).toBeDefined();
    expect(r.metrics.resends).toBeGreaterThanOrEqual(1);
    expect(r.fingerprint).toEqual(reference);
  }, 180_000);

  it("a worker SIGKILLed while it holds a task: the task is re-sent and the results are identical", async () => {
    const victim = workers[2]!;
    const victimId = /worker (\S+) ready/.exec(victim.log())?.[1];
    expect(victimId).toBeDefined();
    let iteration = 0;
    let killedAt: number | undefined;
    const r = await onCluster(
      "sigkill",
      {
        stallMs: 3000,
        onEvent: (e) => {
          if (killedAt === undefined && iteration >= 1 && e.type === "taken" && e.worker === victimId) {
            killedAt = iteration;
            victim.process.kill("SIGKILL");
          }
        },
      },
      (i) => {
        iteration = i;
      },
    );
    expect(killedAt).toBeDefined();
    expect((await victim.exited).signal).toBe("SIGKILL");
    expect(r.metrics.resends).toBeGreaterThanOrEqual(1);
    expect(r.fingerprint).toEqual(reference);
  }, 180_000);

  it("a coordinator SIGKILLed mid-run leaves the workers ready for the next run", async () => {
    const dir = writeCase(path.join(temp, "case-dying"));
    const child = spawn(
      process.execPath,
      [
        ...cobreArgv(),
        "run",
        dir,
        "--output",
        path.join(temp, "out-dying"),
        "--cluster",
        nats.url,
        "--output-format",
        "json-lines",
      ],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_c, s) => resolve(s)));
    let out = "";
    child.stdout.setEncoding("utf8");
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`the coordinator reported no iteration within 60 s:\n${out}`));
      }, 60_000);
      child.stdout.on("data", (d: string) => {
        out += d;
        if (/"type":"progress"/.test(out)) {
          clearTimeout(timer);
          child.kill("SIGKILL");
          resolve();
        }
      });
    });
    expect(await exited).toBe("SIGKILL");
    const r = await onCluster("after-dead-coordinator");
    expect(r.fingerprint).toEqual(reference);
  }, 180_000);
});
