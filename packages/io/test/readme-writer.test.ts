/**
 * The README's writer and reader examples run as written: the ```ts blocks after the
 * `readme-writer.test.ts runs this block` markers are extracted from README.md, pointed at
 * a temporary output directory (and at the repository's example case), and imported. The
 * directory they write must then pass `verifyOutputs` with exact row counts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadCase, readManifest, readSimulation, verifyOutputs } from "../src/index";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, "..");
const repo = path.resolve(pkg, "../..");
const MARKER = "<!-- readme-writer.test.ts runs this block -->";
const CASE_LINE = 'const caseDir = "examples/hydro-tiny";';
const OUT_LINE = 'const outDir = "out/my-tool";';

/** The marked ```ts blocks of the README, in order. */
function markedBlocks(readme: string): string[] {
  return readme
    .split(MARKER)
    .slice(1)
    .map((part) => {
      const m = /^\s*```ts\n([\s\S]*?)\n```/.exec(part);
      if (m === null) throw new Error("a marker is not followed by a ```ts block");
      return m[1]!;
    });
}

let work: string;
let outDir: string;
const caseDir = path.join(repo, "examples", "hydro-tiny");
const logs: unknown[][] = [];

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "cobre-readme-"));
  outDir = path.join(work, "out");
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Runs one README block as a module, with its paths and the package import redirected. */
async function runBlock(code: string, name: string): Promise<void> {
  expect(code).toContain(CASE_LINE);
  expect(code).toContain(OUT_LINE);
  expect(code).toContain('from "@cobre/io";');
  const src = code
    .replace(CASE_LINE, `const caseDir = ${JSON.stringify(caseDir)};`)
    .replace(OUT_LINE, `const outDir = ${JSON.stringify(outDir)};`)
    .replace('from "@cobre/io";', `from ${JSON.stringify(path.join(pkg, "src", "index.ts"))};`);
  const file = path.join(work, `${name}.ts`);
  writeFileSync(file, src);
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    logs.push(args);
  });
  try {
    await import(pathToFileURL(file).href);
  } finally {
    log.mockRestore();
  }
}

describe("README examples", () => {
  const blocks = markedBlocks(readFileSync(path.join(pkg, "README.md"), "utf8"));

  it("has a writer block and a reader block", () => {
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain("SimulationParquetWriter.create");
    expect(blocks[0]).toContain("writeResults(");
    expect(blocks[1]).toContain("verifyOutputs(");
  });

  it("the writer example writes a complete output directory that verifies", async () => {
    await runBlock(blocks[0]!, "writer");
    expect(logs.at(-1)).toEqual(["complete", "complete"]);

    const sim = await readManifest(outDir, "simulation");
    expect(sim.ok && sim.value.status).toBe("complete");
    const loaded = await loadCase(caseDir);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const report = await verifyOutputs(outDir, { system: loaded.value.system });
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.scenariosChecked).toBe(3);

    // Derived columns: generation_mwh = MW × block hours, computed by the writer.
    const system = loaded.value.system;
    const hydros = await readSimulation(outDir, "hydros", { scenarios: [1], stages: [0] });
    if (!hydros.ok) throw new Error(hydros.error.kind);
    const stage0 = system.stages[0]!;
    expect(hydros.value.numRows).toBe(stage0.blocks.length * system.hydros.length);
    const mw = Number(hydros.value.getChild("generation_mw")?.get(0));
    const mwh = Number(hydros.value.getChild("generation_mwh")?.get(0));
    expect(mwh).toBeCloseTo(mw * stage0.blocks[0]!.hours, 6);
  });

  it("the reader example reads and verifies it", async () => {
    logs.length = 0;
    await runBlock(blocks[1]!, "reader");
    // Last line: report.ok, filesChecked, scenariosChecked.
    const [ok, files, scenarios] = logs.at(-1) as [boolean, number, number];
    expect(ok).toBe(true);
    expect(files).toBeGreaterThan(0);
    expect(scenarios).toBe(3);
  });
});
