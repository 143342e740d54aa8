import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import type { SimulationScenarioResult } from "@cobre/io";
import {
  CaseLoader,
  type CaseView,
  loadExternalScenarios,
  openingTree,
  parModel,
  sampleNoise,
  simulateCase,
  trainCase,
  unwrap,
} from "@cobre/sddp";
import { beforeAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const tiny = path.resolve(here, "../../../examples/hydro-tiny");
const det = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic");

async function parquetRows(file: string): Promise<Record<string, number>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  const rows = (await conn.runAndReadAll(`select * from '${file}'`)).getRowObjectsJson();
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])));
}

describe("PARModel", () => {
  it("reproduces d16-par1-lag-shift's parquet values and the affine form derived from them", async () => {
    const dir = path.join(det, "d16-par1-lag-shift");
    const c = await CaseLoader.load(dir);
    const par = c.parModel;
    const stats = await parquetRows(path.join(dir, "scenarios/inflow_seasonal_stats.parquet"));
    const ar = await parquetRows(path.join(dir, "scenarios/inflow_ar_coefficients.parquet"));
    expect(par.hydroIds).toEqual([0]);
    expect(par.stageIds).toEqual([0, 1, 2]);
    expect(par.maxOrder).toBe(1);
    expect(Array.from(par.order)).toEqual([1]);
    const study = stats.filter((r) => r.stage_id! >= 0).sort((a, b) => a.stage_id! - b.stage_id!);
    expect(Array.from(par.seasonalMeans(0))).toEqual(study.map((r) => r.mean_m3s));
    expect(Array.from(par.seasonalStds(0))).toEqual(study.map((r) => r.std_m3s));
    expect(Array.from(par.standardizedCoefficients)).toEqual(
      ar.sort((a, b) => a.stage_id! - b.stage_id!).map((r) => r.coefficient),
    );
    for (let t = 0; t < 3; t++) {
      // ψ = ψ*·s_t/s_{t−1} = 0.5 (equal stds); base = μ_t − ψ·μ_{t−1} = 100 − 50; σ = s_t · ratio.
      expect(Array.from(par.arCoefficients(0, t))).toEqual([0.5]);
      expect(par.base[t]).toBeCloseTo(50, 12);
      expect(par.noiseScale[t]).toBeCloseTo(1e-10, 20);
    }
    expect(Array.from(par.correlationMatrix(0))).toEqual([1]);
    expect(() => par.arCoefficients(1, 0)).toThrow(RangeError);
  });

  it("handles two hydros with order 2 (d19) consistently with the parquet", async () => {
    const dir = path.join(det, "d19-multi-hydro-par");
    const c = await CaseLoader.load(dir);
    const par = c.parModel;
    const ar = await parquetRows(path.join(dir, "scenarios/inflow_ar_coefficients.parquet"));
    const H = par.nHydros;
    for (const r of ar) {
      const h = par.hydroIds.indexOf(r.hydro_id!);
      const t = par.stageIds.indexOf(r.stage_id!);
      expect(par.standardizedCoefficients[(t * H + h) * par.maxOrder + r.lag! - 1]).toBe(r.coefficient);
    }
    expect(Math.max(...par.order)).toBe(par.maxOrder);
  });

  it("builds a correlation matrix from the scheduled profile's inflow groups", async () => {
    const c = await CaseLoader.load(path.join(det, "d19-multi-hydro-par"));
    const [a, b] = c.data.system.hydros.map((h) => h.id) as [number, number];
    const correlated = {
      ...c.data,
      scenarios: {
        ...c.data.scenarios,
        correlation: {
          method: "cholesky",
          profiles: {
            default: {
              correlationGroups: [
                {
                  name: "g",
                  entities: [
                    { type: "inflow", id: a },
                    { type: "inflow", id: b },
                  ],
                  matrix: [
                    [1, 0.3],
                    [0.3, 1],
                  ],
                },
              ],
            },
            wet: {
              correlationGroups: [
                {
                  name: "g",
                  entities: [
                    { type: "inflow", id: a },
                    { type: "inflow", id: b },
                  ],
                  matrix: [
                    [1, 0.8],
                    [0.8, 1],
                  ],
                },
              ],
            },
          },
          schedule: [{ stageId: c.stages[1]!.id, profileName: "wet" }],
        },
      },
    };
    const par = unwrap(parModel(correlated));
    expect(Array.from(par.correlationMatrix(0))).toEqual([1, 0.3, 0.3, 1]);
    expect(Array.from(par.correlationMatrix(1))).toEqual([1, 0.8, 0.8, 1]);
    expect([...par.correlationProfiles.keys()]).toEqual(["default", "wet"]);
  });
});

describe("noise", () => {
  let c: CaseView;
  beforeAll(async () => {
    c = await CaseLoader.load(tiny);
  });

  it("opening tree: one Float64Array per stage of openings × noiseDim, entities in slot order", () => {
    const tree = unwrap(openingTree(c));
    expect(tree.nStages).toBe(c.numStages);
    expect(tree.entities.slice(0, c.hydros.length)).toEqual(c.hydros.map((h) => ({ type: "inflow", id: h.id })));
    tree.stages.forEach((s, t) => {
      expect(s).toBeInstanceOf(Float64Array);
      expect(tree.openingsPerStage[t]).toBe(c.stages[t]!.numScenarios);
      expect(s.length).toBe(tree.openingsPerStage[t]! * tree.noiseDim);
    });
    // Standard normal draws: sample mean near 0, variance near 1.
    const all = tree.stages.flatMap((s) => Array.from(s));
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const variance = all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(all.length));
    expect(variance).toBeGreaterThan(0.7);
    expect(variance).toBeLessThan(1.3);
  });

  it("sampleNoise is a pure function of (stage, scenario, iteration) and picks a tree opening", () => {
    const tree = unwrap(openingTree(c));
    const a = unwrap(sampleNoise(c, { stage: 1, scenario: 3, iteration: 2 }));
    const b = unwrap(sampleNoise(c.data, { stage: 1, scenario: 3, iteration: 2 }));
    expect(Array.from(b.noise)).toEqual(Array.from(a.noise));
    expect(b.opening).toBe(a.opening);
    expect(Array.from(a.noise)).toEqual(Array.from(tree.opening(1, a.opening)));
    const openings = new Set(
      Array.from({ length: 20 }, (_, m) => unwrap(sampleNoise(c, { stage: 1, scenario: m, iteration: 2 })).opening),
    );
    expect(openings.size).toBeGreaterThan(1);
    const other = unwrap(sampleNoise(c, { stage: 1, scenario: 4, iteration: 2 }));
    const scenarios = Array.from({ length: 20 }, (_, m) =>
      unwrap(sampleNoise(c, { stage: 1, scenario: m, iteration: 2 })).noise.join(),
    );
    expect(new Set(scenarios).size).toBeGreaterThan(1);
    expect(other.entities).toEqual(a.entities);
  });

  it("rejects a stage out of range", () => {
    const r = sampleNoise(c, { stage: 99, scenario: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("InvalidOptions");
  });

  it("is the noise the engine used: simulated incremental inflows = max(0, μ + σ·η)", async () => {
    const trained = unwrap(
      await trainCase(c, {
        configOverrides: { training: { stopping_rules: [{ type: "iteration_limit", limit: 2 }] } },
      }),
    );
    const results: SimulationScenarioResult[] = [];
    unwrap(await simulateCase(trained, { numScenarios: 3, onScenario: (r) => void results.push(r) }));
    const par = c.parModel;
    expect(par.maxOrder).toBe(0);
    const H = par.nHydros;
    let checked = 0;
    for (const r of results) {
      const h = r.hydros!;
      for (let i = 0; i < h.stageId.length; i++) {
        const t = c.stages.findIndex((s) => s.id === h.stageId[i]);
        const k = par.hydroIds.indexOf(h.hydroId[i]!);
        const eta = unwrap(sampleNoise(c, { stage: t, scenario: r.scenarioId })).noise[k]!;
        const expected = Math.max(0, par.mean[t * H + k]! + par.noiseScale[t * H + k]! * eta);
        expect(h.incrementalInflowM3s[i]).toBeCloseTo(expected, 6);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe("loadExternalScenarios", () => {
  it("returns d28's external inflow file as an Arrow table", async () => {
    const dir = path.join(det, "d28-decomp-weekly-monthly");
    const c = await CaseLoader.load(dir);
    const t = loadExternalScenarios(c);
    const rows = await parquetRows(path.join(dir, "scenarios/external_inflow_scenarios.parquet"));
    expect(t.numRows).toBe(rows.length);
    expect(t.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "class:Utf8",
      "entity_id:Int32",
      "stage_id:Int32",
      "scenario_id:Int32",
      "value:Float64",
    ]);
    const key = (e: number, s: number, m: number) => `${e}/${s}/${m}`;
    const expected = new Map(rows.map((r) => [key(r.hydro_id!, r.stage_id!, r.scenario_id!), r.value_m3s]));
    const got = t.toArray().map((r) => [key(r.entity_id, r.stage_id, r.scenario_id), r.value, r.class] as const);
    for (const [k, v, cls] of got) {
      expect(cls).toBe("inflow");
      expect(v).toBe(expected.get(k));
    }
    expect(loadExternalScenarios(c, { classes: ["load"] }).numRows).toBe(0);
  });

  it("is an empty table with the same schema when the case has none", async () => {
    const t = loadExternalScenarios(await CaseLoader.load(tiny));
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => f.name)).toEqual(["class", "entity_id", "stage_id", "scenario_id", "value"]);
  });
});
