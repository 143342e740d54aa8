/**
 * Crash safety of the simulation output (seed §1.1): a run killed with SIGKILL at random
 * points of its simulation never leaves a partition that fails to read, and rerunning it
 * resumes the missing scenarios and ends with outputs identical (same partition
 * checksums) to an uninterrupted run.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readParquet } from "parquet-wasm";
import { describe, expect, it } from "vitest";
import { seededRandom, testSeed } from "./fixtures/seeded";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const child = path.join(here, "fixtures/run-study-child.ts");
const nodeArgs = ["--conditions=@cobre/source", "--import", "tsx", child];

function makeCase(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cobre-crash-case-"));
  cpSync(path.join(root, "examples/hydro-tiny"), dir, { recursive: true });
  const config = JSON.parse(readFileSync(path.join(dir, "config.json"), "utf8"));
  config.training.stopping_rules = [{ type: "iteration_limit", limit: 8 }];
  config.simulation = { enabled: true, num_scenarios: 160, io_channel_capacity: 4 };
  writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
  return dir;
}

function partitions(out: string): string[] {
  const costs = path.join(out, "simulation", "costs");
  if (!existsSync(costs)) return [];
  return readdirSync(costs).filter((d) => existsSync(path.join(costs, d, "data.parquet")));
}

/** Every visible data.parquet must decode. */
function assertReadable(out: string): number {
  let n = 0;
  const sim = path.join(out, "simulation");
  if (!existsSync(sim)) return 0;
  for (const entity of readdirSync(sim)) {
    const dir = path.join(sim, entity);
    if (!existsSync(dir) || entity.startsWith("_")) continue;
    for (const part of readdirSync(dir)) {
      const file = path.join(dir, part, "data.parquet");
      if (!existsSync(file)) continue;
      expect(() => readParquet(new Uint8Array(readFileSync(file)))).not.toThrow();
      n++;
    }
  }
  return n;
}

function runToEnd(caseDir: string, out: string): void {
  const r = spawnSync(process.execPath, [...nodeArgs, caseDir, out], { cwd: root, encoding: "utf8", timeout: 240_000 });
  expect(r.status, r.stderr).toBe(0);
}

/** Starts a run and SIGKILLs it once `after` scenarios are on disk. */
async function killDuringSimulation(caseDir: string, out: string, after: number): Promise<void> {
  const p = spawn(process.execPath, [...nodeArgs, caseDir, out], { cwd: root, stdio: "ignore" });
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (partitions(out).length >= after) {
        clearInterval(timer);
        p.kill("SIGKILL");
      }
    }, 5);
    p.on("exit", () => {
      clearInterval(timer);
      resolve();
    });
    p.on("error", reject);
  });
}

/** The manifest's integrity content: partitions, per-partition checksums, scenario counts. */
function checksums(out: string): unknown {
  const m = JSON.parse(readFileSync(path.join(out, "simulation/_manifest.json"), "utf8"));
  expect(m.status).toBe("complete");
  return { scenarios: m.scenarios, partitions: [...m.partitions_written].sort(), checksum: m.checksum };
}

const seed = testSeed();
const random = seededRandom(seed);

describe("crash recovery of the simulation output", () => {
  it(`SIGKILL at seeded points (COBRE_TEST_SEED=${seed}), then rerun: identical outputs, never an unreadable partition`, async () => {
    const caseDir = makeCase();
    const reference = mkdtempSync(path.join(tmpdir(), "cobre-crash-ref-"));
    runToEnd(caseDir, reference);
    const expected = checksums(reference);

    const out = mkdtempSync(path.join(tmpdir(), "cobre-crash-"));
    // Kill points drawn from the seed in the test name, each later than the last.
    const points = [1 + Math.floor(random() * 30), 40 + Math.floor(random() * 40), 100 + Math.floor(random() * 40)];
    for (const after of points) {
      await killDuringSimulation(caseDir, out, after);
      const visible = assertReadable(out);
      expect(visible, `kill after ${after} (COBRE_TEST_SEED=${seed})`).toBeGreaterThan(0);
      const manifest = path.join(out, "simulation/_manifest.json");
      if (existsSync(manifest)) expect(JSON.parse(readFileSync(manifest, "utf8")).status).not.toBe("complete");
    }
    runToEnd(caseDir, out);
    assertReadable(out);
    expect(checksums(out), `kill points ${points.join(", ")} (COBRE_TEST_SEED=${seed})`).toEqual(expected);
  }, 300_000);
});
