/**
 * The analyses behind `cobre report` and `cobre summary`: typed convergence rows, storage
 * percentiles, timings, the policy summary, entity names and the training metadata reader.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Float64, Int32, Int64, Table, vectorFromArray } from "apache-arrow";
import {
  type SimulationManifest,
  type TrainingManifest,
  convergenceLog,
  entityNames,
  policySummary,
  readPolicy,
  readTrainingMetadata,
  scenarioCostSums,
  storagePercentiles,
  summarizeCostSums,
  timings,
  writePolicyCheckpoint,
} from "@cobre/io";
import { describe, expect, it } from "vitest";
import { sampleCheckpoint, tempDir } from "./policy-fixtures";

const f64 = (xs: (number | null)[]) => vectorFromArray(xs, new Float64());
const i32 = (xs: (number | null)[]) => vectorFromArray(xs, new Int32());
const i64 = (xs: number[]) => vectorFromArray(xs.map(BigInt), new Int64());

async function outputDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "cobre-analysis-"));
}

describe("convergenceLog", () => {
  it("types the rows, keeps a null gap and derives the upper bound's 95% half-width", () => {
    const t = new Table({
      iteration: i32([1, 2]),
      lower_bound: f64([100, 150]),
      upper_bound_mean: f64([300, 200]),
      upper_bound_std: f64([10, 8]),
      gap_percent: f64([null, 25]),
      cuts_added: i32([4, 4]),
      cuts_removed: i32([0, 1]),
      cuts_active: i64([4, 7]),
      time_forward_ms: i64([30, 40]),
      time_backward_ms: i64([50, 60]),
      time_total_ms: i64([90, 110]),
      forward_passes: i32([4, 1]),
      lp_solves: i64([24, 18]),
    });
    const rows = convergenceLog(t);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ iteration: 1, gap_percent: null, cuts_active: 4, lp_solves: 24 });
    // 1.96 · 10 / √4
    expect(rows[0]?.upper_bound_ci95).toBeCloseTo(9.8, 12);
    // A single forward pass has no spread to report.
    expect(rows[1]).toMatchObject({ gap_percent: 25, upper_bound_ci95: 0, time_total_ms: 110 });
  });
});

describe("storagePercentiles", () => {
  it("takes each scenario's last block, skips null storage and sorts by hydro then stage", () => {
    // hydro 1 stage 1: blocks 1 and 2 of scenarios 0..3 (scenario 3's storage is null);
    // hydro 0 stage 2: one scenario.
    const rows: [number, number, number, number, number | null][] = [];
    for (const [k, s] of [10, 20, 30, null].entries()) {
      rows.push([k, 1, 2, 1, s]);
      rows.push([k, 1, 1, 1, -1]);
    }
    rows.push([0, 2, 1, 0, 55]);
    const col = (j: number) => rows.map((r) => r[j] ?? null);
    const t = new Table({
      scenario_id: i32(col(0)),
      stage_id: i32(col(1)),
      block_id: i32(col(2)),
      hydro_id: i32(col(3)),
      storage_final_hm3: f64(col(4)),
    });
    const out = storagePercentiles(t);
    expect(out.map((r) => [r.hydro_id, r.stage_id])).toEqual([
      [0, 2],
      [1, 1],
    ]);
    expect(out[0]).toMatchObject({ p10: 55, p50: 55, p90: 55 });
    // Type-7 quantiles of [10, 20, 30]: 12, 20, 28.
    expect(out[1]?.p10).toBeCloseTo(12, 12);
    expect(out[1]?.p50).toBeCloseTo(20, 12);
    expect(out[1]?.p90).toBeCloseTo(28, 12);
  });
});

describe("summarizeCostSums", () => {
  it("summarises per-scenario sums, leaving future_cost out", () => {
    const t = new Table({
      stage_id: i32([1, 2, 1, 2]),
      scenario_id: i32([0, 0, 1, 1]),
      total_cost: f64([1, 2, 3, 4]),
      thermal_cost: f64([1, null, 3, 0]),
      future_cost: f64([9, 9, 9, 9]),
    });
    const s = summarizeCostSums(scenarioCostSums(t));
    expect(s.scenarios).toBe(2);
    expect(Object.keys(s.components)).toEqual(["total_cost", "thermal_cost"]);
    expect(s.components.total_cost).toMatchObject({ count: 2, mean: 5, min: 3, max: 7 });
    expect(s.components.thermal_cost).toMatchObject({ mean: 2, min: 1, max: 3 });
    expect(s.scenarioTotals).toEqual([
      { scenario_id: 0, total_cost: 3 },
      { scenario_id: 1, total_cost: 7 },
    ]);
  });
});

describe("timings", () => {
  it("splits iteration time into phases and spans the manifests' stamps", () => {
    const training = { started_at: "2026-01-01T00:00:00.000Z", completed_at: "2026-01-01T00:00:12.500Z" };
    const simulation = { started_at: "2026-01-01T00:00:13.000Z", completed_at: "2026-01-01T00:00:15.000Z" };
    const log = [
      { time_total_ms: 1000, time_forward_ms: 300, time_backward_ms: 500 },
      { time_total_ms: 3000, time_forward_ms: 1000, time_backward_ms: 1500 },
    ] as unknown as Parameters<typeof timings>[1];
    const t = timings(training as TrainingManifest, log, simulation as SimulationManifest);
    expect(t).toEqual({
      training_seconds: 12.5,
      iterations_seconds: 4,
      forward_seconds: 1.3,
      backward_seconds: 2,
      other_seconds: 4 - 1.3 - 2,
      mean_iteration_ms: 2000,
      simulation_seconds: 2,
    });
    const none = timings({ started_at: null, completed_at: null } as unknown as TrainingManifest, [], null);
    expect(none).toMatchObject({ training_seconds: null, mean_iteration_ms: null, simulation_seconds: null });
  });
});

describe("policySummary", () => {
  it("counts cuts, active cuts and warm-start cuts per stage of a checkpoint read back", async () => {
    const dir = await tempDir();
    const input = sampleCheckpoint(11, 9, 3);
    const written = await writePolicyCheckpoint(dir, input);
    expect(written.ok).toBe(true);
    const read = await readPolicy(dir);
    if (!read.ok) throw new Error(read.error.message);
    const s = policySummary(read.value);
    const active = input.stages.map((st) => st.cuts.active.reduce((a, x) => a + x, 0));
    expect(s.stages).toEqual([
      { stage: 0, cuts: 9, active_cuts: active[0], warm_start_cuts: 1 },
      { stage: 1, cuts: 10, active_cuts: active[1], warm_start_cuts: 1 },
      { stage: 2, cuts: 0, active_cuts: 0, warm_start_cuts: 0 },
    ]);
    expect(s.total_cuts).toBe(19);
    expect(s.total_active_cuts).toBe((active[0] ?? 0) + (active[1] ?? 0));
    expect(s).toMatchObject({
      cobre_version: "0.1.0",
      completed_iterations: 10,
      final_lower_bound: 182500.25,
      best_upper_bound: null,
      state_dimension: 3,
      num_stages: 3,
      forward_passes: 2,
      rng_seed: "18446744073709551615",
    });
    expect(s.checksums_verified).toBeGreaterThan(3);
  });
});

describe("entityNames", () => {
  it("reads the names of one entity type, quoted fields included", async () => {
    const dir = await outputDir();
    const dict = join(dir, "training", "dictionaries");
    await mkdir(dict, { recursive: true });
    await writeFile(join(dict, "codes.json"), JSON.stringify({ entity_type: { "0": "hydro", "1": "thermal" } }));
    await writeFile(
      join(dict, "entities.csv"),
      'entity_type_code,entity_id,name,bus_id,system_id\n0,3,"Furnas, MG",1,0\n1,3,Angra,1,0\n0,7,"Said ""Big""",2,0\n',
    );
    const names = await entityNames(dir, "hydro");
    expect([...names]).toEqual([
      [3, "Furnas, MG"],
      [7, 'Said "Big"'],
    ]);
    expect((await entityNames(dir, "bus")).size).toBe(0);
  });

  it("falls back to an empty map without dictionaries", async () => {
    expect((await entityNames(await outputDir(), "hydro")).size).toBe(0);
  });
});

describe("readTrainingMetadata", () => {
  it("tells an absent file (IoError ENOENT) from a malformed one (ManifestError)", async () => {
    const dir = await outputDir();
    const absent = await readTrainingMetadata(dir);
    expect(absent.ok ? null : absent.error).toMatchObject({ kind: "IoError", code: "ENOENT" });
    await mkdir(join(dir, "training"));
    const file = join(dir, "training", "metadata.json");
    await writeFile(file, JSON.stringify({ run_info: {}, configuration_snapshot: {}, problem_dimensions: {} }));
    const partial = await readTrainingMetadata(dir);
    expect(partial.ok ? null : partial.error).toEqual({
      kind: "ManifestError",
      manifestType: "metadata",
      message: `${file}: 'performance_summary' is missing or not an object`,
    });
    const doc = {
      run_info: { run_id: "r" },
      configuration_snapshot: {},
      problem_dimensions: {},
      performance_summary: {},
    };
    await writeFile(file, JSON.stringify(doc));
    const good = await readTrainingMetadata(dir);
    expect(good.ok ? good.value : null).toEqual(doc);
  });
});
