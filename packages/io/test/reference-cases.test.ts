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

/** Entity counts of a few cases, from their files. */
const COUNTS: Record<string, { buses: number; lines: number; hydros: number; thermals: number; stages: number }> = {
  "1dtoy": { buses: 1, lines: 0, hydros: 1, thermals: 2, stages: 4 },
  "4ree": { buses: 5, lines: 5, hydros: 4, thermals: 126, stages: 12 },
  "deterministic/d03-two-hydro-cascade": { buses: 1, lines: 0, hydros: 2, thermals: 1, stages: 3 },
  "deterministic/d12-par-annual": { buses: 1, lines: 0, hydros: 2, thermals: 1, stages: 24 },
};

describe("reference cases", () => {
  it("resolves entities, penalties, tables and config", async () => {
    const r4 = await loadCase(join(EXAMPLES, "4ree"));
    if (!r4.ok) throw new Error(r4.error.message);
    const c = r4.value;
    expect(c.system.buses[0]?.deficitSegments).toEqual([{ depthMw: null, cost: 1420.34 }]);
    expect(c.system.hydros[0]?.penalties.spillageCost).toBe(1);
    expect(c.config.training.forwardPasses).toBe(4);
    expect(c.config.modeling.inflowNonNegativity.method).toBe("none");
    expect(c.scenarios.inflowSeasonalStats.length).toBeGreaterThan(0);
    const d12 = await loadCase(join(EXAMPLES, "deterministic/d12-par-annual"));
    if (!d12.ok) throw new Error(d12.error.message);
    expect(d12.value.scenarios.inflowHistory[0]?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(d12.value.system.preStudyStages.map((p) => p.id)).toEqual([-2, -1]);
    const d27 = await loadCase(join(EXAMPLES, "deterministic/d27-per-stage-thermal-cost"));
    if (!d27.ok) throw new Error(d27.error.message);
    expect(d27.value.constraints.thermalBounds[0]).toMatchObject({ thermalId: 0, stageId: 1, costPerMwh: 120 });
    const d05 = await loadCase(join(EXAMPLES, "deterministic/d05-fpha-constant-head"));
    if (!d05.ok) throw new Error(d05.error.message);
    expect(d05.value.fphaHyperplanes.length).toBe(2);
    expect(d05.value.productionModels[0]?.selectionMode).toBe("stage_ranges");
  });

  it("finds all reference cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
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
    const expected = COUNTS[_name];
    if (expected) {
      expect({
        buses: system.buses.length,
        lines: system.lines.length,
        hydros: system.hydros.length,
        thermals: system.thermals.length,
        stages: system.stages.length,
      }).toEqual(expected);
    }
    for (const list of [system.buses, system.hydros, system.thermals, system.lines]) {
      expect(list.map((e) => e.id)).toEqual([...list.map((e) => e.id)].sort((a, b) => a - b));
    }
  });
});
