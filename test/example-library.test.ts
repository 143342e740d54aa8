/** The typed library example in examples/library runs against the built packages. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const built = existsSync(path.join(root, "packages/sddp/dist/index.js"));

describe("examples/library/train-and-simulate.ts", () => {
  it.skipIf(!built && process.env.CI !== "true")("trains, simulates and prints a summary", () => {
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", "examples/library/train-and-simulate.ts", "examples/hydro-tiny"],
      {
        cwd: root,
        encoding: "utf8",
        timeout: 180_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/trained: 40 iterations \(iteration_limit\), lower bound \d+, 1600 cuts/);
    expect(r.stdout).toMatch(/simulated 100 scenarios: mean cost \d+ ± \d+ \(95% CI\)/);
    expect(r.stdout).toContain("thermalCost");
  });
});
