/**
 * SIGINT (Ctrl-C) and SIGTERM on the bin in a child process, during training and during
 * the simulation. Training stops at the next iteration boundary: exit 128 + signal (130,
 * 143), a readable policy with as many iterations as reported, a training manifest that
 * says `running` (resumable, not finished) and no `_SUCCESS`. The simulation stops after
 * the scenarios in flight: the training outputs are complete (written before simulating),
 * the simulation manifest stays `running` (a rerun resumes it), no `simulation/_SUCCESS`.
 *
 * No wall-clock bound (the machine may be loaded): "stops promptly" is checked by counting
 * — at most one iteration after the one in flight when the signal was sent — and a run
 * that ignores the signal is killed after a generous 60 s and fails.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { readPolicy, verifyOutputs } from "@cobre/io";
import { describe, expect, it } from "vitest";
import { type CliResult, STACK_TRACE, completion, spawnCobre } from "./support/cobre-bin";
import { outDir, smallCase } from "./support/small-case";

/** hydro-tiny with 400 iterations and no stalling rule: it would train for a minute or more. */
const longTraining = () => smallCase({ iterations: 400, scenarios: 100 });
/**
 * hydro-tiny with 2 iterations and 1,000 scenarios: a minute of simulation, whose first
 * progress line (plain stderr prints one per 10%) comes after 100 scenarios.
 */
const SIMULATED = 1000;
const longSimulation = () => smallCase({ iterations: 2, scenarios: SIMULATED });

interface SignalledRun extends CliResult {
  /** Training iterations reported (stderr `iter` lines or json-lines `progress` events) when the signal was sent. */
  readonly iterationsAtSignal: number;
}

const iterationsIn = (stdout: string, stderr: string) =>
  (stderr.match(/^iter\s+\d+\s/gm)?.length ?? 0) + (stdout.match(/"type":"progress"/g)?.length ?? 0);

/** Runs `cobre run`, sends `signal` as soon as `started(stdout, stderr)` holds, waits for the end. */
async function signalledRun(
  signal: "SIGINT" | "SIGTERM",
  args: string[],
  started: (stdout: string, stderr: string) => boolean,
): Promise<SignalledRun> {
  const child = spawnCobre("run", ...args);
  const done = completion(child);
  let stdout = "";
  let stderr = "";
  let iterationsAtSignal: number | undefined;
  let stuck: NodeJS.Timeout | undefined;
  const check = () => {
    if (iterationsAtSignal === undefined && started(stdout, stderr)) {
      iterationsAtSignal = iterationsIn(stdout, stderr);
      child.kill(signal);
      // A run that ignores the signal would go on for minutes: fail instead of hanging.
      stuck = setTimeout(() => child.kill("SIGKILL"), 60_000);
    }
  };
  child.stdout.on("data", (d: string) => {
    stdout += d;
    check();
  });
  child.stderr.on("data", (d: string) => {
    stderr += d;
    check();
  });
  const r = await done;
  clearTimeout(stuck);
  expect(iterationsAtSignal, `no progress before the run ended:\n${r.stderr}`).toBeDefined();
  return { ...r, iterationsAtSignal: iterationsAtSignal ?? 0 };
}

async function expectReadablePolicy(output: string, iterations: number): Promise<void> {
  const meta = JSON.parse(readFileSync(path.join(output, "policy/metadata.json"), "utf8"));
  expect(meta.completed_iterations).toBe(iterations);
  const policy = await readPolicy(output);
  expect(policy.ok, policy.ok ? "" : JSON.stringify(policy.error)).toBe(true);
  if (!policy.ok) return;
  expect(policy.value.metadata.completedIterations).toBe(iterations);
  expect(policy.value.stages).toHaveLength(6);
}

const manifest = (out: string, which: "training" | "simulation") =>
  JSON.parse(readFileSync(path.join(out, which, "_manifest.json"), "utf8"));

/** Interrupted training: resumable policy and record, nothing that reads as finished. */
async function expectInterruptedTraining(output: string, iterations: number): Promise<void> {
  await expectReadablePolicy(output, iterations);
  expect(manifest(output, "training")).toMatchObject({
    status: "running",
    completed_at: null,
    iterations: { completed: iterations },
    convergence: { termination_reason: "shutdown" },
  });
  expect(existsSync(path.join(output, "training/_SUCCESS"))).toBe(false);
  expect(existsSync(path.join(output, "simulation"))).toBe(false);
  const report = await verifyOutputs(output);
  expect(report.complete).toBe(false);
  expect(report.status).toEqual({ training: "running", simulation: null });
}

/** Interrupted simulation: training finished and durable, simulation resumable and unfinished. */
async function expectInterruptedSimulation(output: string): Promise<void> {
  await expectReadablePolicy(output, 2);
  expect(manifest(output, "training")).toMatchObject({ status: "complete", iterations: { completed: 2 } });
  expect(existsSync(path.join(output, "training/_SUCCESS"))).toBe(true);
  const sim = manifest(output, "simulation");
  expect(sim.status).toBe("running");
  expect(sim.scenarios.completed).toBeLessThan(SIMULATED);
  expect(existsSync(path.join(output, "simulation/_SUCCESS"))).toBe(false);
  const report = await verifyOutputs(output);
  expect(report.issues).toEqual([]);
  expect(report.complete).toBe(false);
  expect(report.status).toEqual({ training: "complete", simulation: "running" });
}

describe("cobre run: a signal during training", () => {
  it("SIGINT, human, one worker: exits 130 after the iteration in flight with consistent outputs", async () => {
    const output = outDir();
    const r = await signalledRun("SIGINT", [longTraining(), "--output", output, "--threads", "1"], (_, stderr) =>
      /^iter\s+1\s/m.test(stderr),
    );
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain("interrupt: stopping at the end of this iteration");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stdout).toContain("interrupted: outputs are consistent up to the last iteration");
    const reported = Number(/Iterations\s+(\d+), stopped by shutdown/.exec(r.stdout)?.[1]);
    expect(reported).toBeGreaterThanOrEqual(r.iterationsAtSignal);
    expect(reported).toBeLessThanOrEqual(r.iterationsAtSignal + 1);
    expect(r.stderr.match(/^iter\s+\d+\s/gm)).toHaveLength(reported);
    await expectInterruptedTraining(output, reported);
  });

  it("SIGINT, json-lines, worker pool: the last line is the result envelope with exit_code 130", async () => {
    const output = outDir();
    const r = await signalledRun(
      "SIGINT",
      [longTraining(), "--output", output, "--threads", "2", "--output-format", "json-lines"],
      (stdout) => stdout.includes('"type":"progress"'),
    );
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout.endsWith("\n")).toBe(true);
    const events = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string } & Record<string, unknown>);
    const iterations = events.filter((e) => e.type === "progress").length;
    expect(iterations).toBeGreaterThanOrEqual(r.iterationsAtSignal);
    expect(iterations).toBeLessThanOrEqual(r.iterationsAtSignal + 1);
    expect(events.find((e) => e.type === "terminated")).toMatchObject({ reason: "shutdown", iterations });
    expect(events.some((e) => e.type === "simulation_progress")).toBe(false);
    expect(events.at(-1)).toMatchObject({
      type: "result",
      $schema: "urn:cobre:response:v1",
      command: "run",
      success: false,
      exit_code: 130,
      data: { training: { iterations, termination_reason: "shutdown" }, simulation: null },
    });
    await expectInterruptedTraining(output, iterations);
    expect(existsSync(path.join(output, "training/convergence.parquet"))).toBe(true);
  });

  it("SIGTERM, human, worker pool: exits 143 after the iteration in flight with consistent outputs", async () => {
    const output = outDir();
    const r = await signalledRun("SIGTERM", [longTraining(), "--output", output, "--threads", "2"], (_, stderr) =>
      /^iter\s+1\s/m.test(stderr),
    );
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toContain("terminate: stopping at the end of this iteration");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    const reported = Number(/Iterations\s+(\d+), stopped by shutdown/.exec(r.stdout)?.[1]);
    expect(reported).toBeGreaterThanOrEqual(r.iterationsAtSignal);
    expect(reported).toBeLessThanOrEqual(r.iterationsAtSignal + 1);
    await expectInterruptedTraining(output, reported);
  });
});

describe("cobre run: a signal during the simulation", () => {
  it("SIGINT, human, one worker: exits 130; training complete on disk, simulation resumable", async () => {
    const output = outDir();
    const r = await signalledRun("SIGINT", [longSimulation(), "--output", output, "--threads", "1"], (_, stderr) =>
      /^simulation \[/m.test(stderr),
    );
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stdout).toContain("interrupted during simulation: training outputs are complete");
    await expectInterruptedSimulation(output);
  });

  it("SIGTERM, json-lines, worker pool: exits 143 with the result envelope last", async () => {
    const output = outDir();
    const r = await signalledRun(
      "SIGTERM",
      [longSimulation(), "--output", output, "--threads", "2", "--output-format", "json-lines"],
      (stdout) => stdout.includes('"type":"simulation_progress"'),
    );
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    const events = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string } & Record<string, unknown>);
    expect(events.at(-1)).toMatchObject({
      type: "result",
      success: false,
      exit_code: 143,
      data: { training: { iterations: 2, termination_reason: "iteration_limit" } },
    });
    await expectInterruptedSimulation(output);
  });
});
