/**
 * Ctrl-C during training, on the bin in a child process: SIGINT once the first iteration
 * has been reported stops the run at the next iteration boundary; it exits 130 within a
 * few seconds with a consistent policy (readable, as many iterations as reported) and the
 * training manifest written. On one worker (the solves run on the main thread) and on a
 * worker pool.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { readPolicy } from "@cobre/io";
import { describe, expect, it } from "vitest";
import { type CliResult, STACK_TRACE, completion, spawnCobre } from "./support/cobre-bin";
import { outDir, smallCase } from "./support/small-case";

/** hydro-tiny with 400 iterations and no stalling rule: it would train for a minute or more. */
const longCase = () => smallCase({ iterations: 400, scenarios: 100 });

/** Runs `cobre run`, sends SIGINT as soon as `started(stdout, stderr)` holds, waits for the end. */
async function interruptedRun(
  args: string[],
  started: (stdout: string, stderr: string) => boolean,
): Promise<CliResult & { readonly exitMs: number }> {
  const child = spawnCobre("run", ...args);
  const done = completion(child);
  let stdout = "";
  let stderr = "";
  let sentAt: number | undefined;
  let stuck: NodeJS.Timeout | undefined;
  const check = () => {
    if (sentAt === undefined && started(stdout, stderr)) {
      sentAt = performance.now();
      child.kill("SIGINT");
      // A run that ignores the interrupt would train on for a minute: fail fast instead.
      stuck = setTimeout(() => child.kill("SIGKILL"), 15_000);
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
  expect(sentAt, `no progress before the run ended:\n${r.stderr}`).toBeDefined();
  return { ...r, exitMs: performance.now() - (sentAt ?? 0) };
}

async function expectConsistentPolicy(output: string, iterations: number): Promise<void> {
  const meta = JSON.parse(readFileSync(path.join(output, "policy/metadata.json"), "utf8"));
  expect(meta.completed_iterations).toBe(iterations);
  const policy = await readPolicy(output);
  expect(policy.ok, policy.ok ? "" : JSON.stringify(policy.error)).toBe(true);
  if (!policy.ok) return;
  expect(policy.value.metadata.completedIterations).toBe(iterations);
  expect(policy.value.stages).toHaveLength(6);
  const manifest = JSON.parse(readFileSync(path.join(output, "training/_manifest.json"), "utf8"));
  expect(manifest.iterations.completed).toBe(iterations);
  expect(manifest.convergence.termination_reason).toBe("shutdown");
}

describe("cobre run: Ctrl-C (SIGINT) during training", () => {
  it("human, one worker: exits 130 after the current iteration with consistent outputs", async () => {
    const output = outDir();
    const r = await interruptedRun([longCase(), "--output", output, "--threads", "1"], (_, stderr) =>
      /^iter\s+1\s/m.test(stderr),
    );
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(r.exitMs).toBeLessThan(5_000);
    expect(r.stderr).toContain("interrupt: stopping at the end of this iteration");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stdout).toContain("interrupted: outputs are consistent up to the last iteration");
    const reported = Number(/Iterations\s+(\d+), stopped by shutdown/.exec(r.stdout)?.[1]);
    expect(reported).toBeGreaterThanOrEqual(1);
    expect(reported).toBeLessThan(400);
    expect(r.stderr.match(/^iter\s+\d+\s/gm)).toHaveLength(reported);
    await expectConsistentPolicy(output, reported);
  });

  it("json-lines, worker pool: the last line is the result envelope with exit_code 130", async () => {
    const output = outDir();
    const r = await interruptedRun(
      [longCase(), "--output", output, "--threads", "2", "--output-format", "json-lines"],
      (stdout) => stdout.includes('"type":"progress"'),
    );
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(r.exitMs).toBeLessThan(5_000);
    expect(r.stdout.endsWith("\n")).toBe(true);
    const events = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string } & Record<string, unknown>);
    const iterations = events.filter((e) => e.type === "progress").length;
    expect(iterations).toBeGreaterThanOrEqual(1);
    expect(iterations).toBeLessThan(400);
    expect(events.find((e) => e.type === "terminated")).toMatchObject({ reason: "shutdown", iterations });
    expect(events.some((e) => e.type === "simulation_progress")).toBe(false);
    const result = events.at(-1);
    expect(result).toMatchObject({
      type: "result",
      $schema: "urn:cobre:response:v1",
      command: "run",
      success: false,
      exit_code: 130,
      data: { training: { iterations, termination_reason: "shutdown" }, simulation: null },
    });
    await expectConsistentPolicy(output, iterations);
    expect(existsSync(path.join(output, "training/convergence.parquet"))).toBe(true);
  });
});
