/**
 * Resume after a crash (issue: policy checkpoint): training killed with SIGKILL after a
 * periodic checkpoint, then resumed with `policy.mode: resume`, ends with the same final
 * lower bound and the same policy hash as an uninterrupted run.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { seededRandom, testSeed } from "./fixtures/seeded";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const nodeArgs = ["--conditions=@cobre/source", "--import", "tsx", path.join(here, "fixtures/run-study-child.ts")];

function makeCase(mode: "fresh" | "resume"): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cobre-kill-case-"));
  cpSync(path.join(root, "examples/hydro-tiny"), dir, { recursive: true });
  const config = JSON.parse(readFileSync(path.join(dir, "config.json"), "utf8"));
  config.training.stopping_rules = [{ type: "iteration_limit", limit: 60 }];
  config.training.cut_selection = { enabled: true, method: "level1", threshold: 5, check_frequency: 5 };
  config.simulation = { enabled: false };
  config.policy = { mode: mode, checkpointing: { enabled: true, initial_iteration: 4, interval_iterations: 4 } };
  writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
  return dir;
}

function completed(out: string): number {
  try {
    return JSON.parse(readFileSync(path.join(out, "policy/metadata.json"), "utf8")).completed_iterations as number;
  } catch {
    return 0;
  }
}

function runToEnd(caseDir: string, out: string): void {
  const r = spawnSync(process.execPath, [...nodeArgs, caseDir, out], { cwd: root, encoding: "utf8", timeout: 240_000 });
  expect(r.status, r.stderr).toBe(0);
}

const integrity = (out: string) =>
  JSON.parse(readFileSync(path.join(out, "training/metadata.json"), "utf8")).data_integrity;

const seed = testSeed();
const random = seededRandom(seed);

describe("resume after SIGKILL", () => {
  it(`ends with the lower bound and policy hash of an uninterrupted run (kill point from COBRE_TEST_SEED=${seed})`, async () => {
    const reference = mkdtempSync(path.join(tmpdir(), "cobre-kill-ref-"));
    runToEnd(makeCase("fresh"), reference);

    const out = mkdtempSync(path.join(tmpdir(), "cobre-kill-"));
    const killAfter = 8 + 4 * Math.floor(random() * 5); // a checkpoint between 8 and 24
    const child = spawn(process.execPath, [...nodeArgs, makeCase("fresh"), out], { cwd: root, stdio: "ignore" });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (completed(out) >= killAfter) {
          clearInterval(timer);
          child.kill("SIGKILL");
        }
      }, 2);
      child.on("exit", () => {
        clearInterval(timer);
        resolve();
      });
    });
    const at = completed(out) || completed(path.join(out, ".checkpoint"));
    expect(at, `killed after checkpoint ${killAfter} (COBRE_TEST_SEED=${seed})`).toBeGreaterThanOrEqual(4);
    expect(at).toBeLessThan(60);
    expect(existsSync(path.join(out, "training/_SUCCESS"))).toBe(false);

    runToEnd(makeCase("resume"), out);
    const a = integrity(reference);
    const b = integrity(out);
    expect(b.policy_hash).toBe(a.policy_hash);
    expect(b.convergence_hash).toBe(a.convergence_hash);
  }, 300_000);
});
