/**
 * Every reference case of the Rust implementation must load and validate unchanged.
 * The data is read in place from ../shared (never copied into the repo).
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCase, validate } from "@cobre/io";
import { describe, expect, it } from "vitest";

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), "../../../../shared/cobre-reference/examples");

function caseDirs(): string[] {
  if (!existsSync(EXAMPLES)) return [];
  const dirs = ["1dtoy", "4ree"].map((d) => join(EXAMPLES, d));
  const det = join(EXAMPLES, "deterministic");
  for (const d of readdirSync(det).sort()) dirs.push(join(det, d));
  return dirs;
}

const cases = caseDirs();

describe.skipIf(cases.length === 0)("reference cases", () => {
  it("finds all reference cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(28);
  });

  it.each(cases.map((c) => [c.slice(EXAMPLES.length + 1), c]))("%s loads and validates", async (_name, dir) => {
    const report = await validate(dir);
    expect(report.errors).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.layersCompleted).toEqual(["structural", "schema", "referential", "dimensional", "semantic"]);
    const result = await loadCase(dir);
    if (!result.ok) throw new Error(result.error.message);
    const { system } = result.value;
    expect(system.stages.every((s, i) => s.index === i)).toBe(true);
    for (const list of [system.buses, system.hydros, system.thermals, system.lines]) {
      expect(list.map((e) => e.id)).toEqual([...list.map((e) => e.id)].sort((a, b) => a - b));
    }
  });
});
