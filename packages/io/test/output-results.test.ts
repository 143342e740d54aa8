import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tableFromIPC } from "apache-arrow";
import { readParquet } from "parquet-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  readConvergence,
  readManifest,
  SimulationParquetWriter,
  type SimulationManifest,
  verifyOutputs,
  writeResults,
} from "../src/output/index";
import { CONFIG, scenarioResult, SYSTEM, trainingOutput } from "./output-fixture";

const here = dirname(fileURLToPath(import.meta.url));
const reference = JSON.parse(
  readFileSync(join(here, "../../../../shared/cobre-reference/output_schemas.json"), "utf8"),
) as Record<string, [string, string, boolean][]>;

let dir: string;
let simManifest: SimulationManifest;
const json = async (rel: string) => JSON.parse(await readFile(join(dir, rel), "utf8"));
const parquet = async (rel: string) =>
  tableFromIPC(readParquet(new Uint8Array(await readFile(join(dir, rel)))).intoIPCStream());
const exists = (rel: string) =>
  stat(join(dir, rel)).then(
    () => true,
    () => false,
  );

/** Collects dotted paths of every key of a JSON value (arrays not descended). */
function paths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [prefix + k, ...paths(v, `${prefix}${k}.`)]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cobre-out-res-"));
  // A policy written by the policy writer beforehand: metadata hashes what is on disk.
  await mkdir(join(dir, "policy", "cuts"), { recursive: true });
  await writeFile(join(dir, "policy", "cuts", "stage_000.bin"), Uint8Array.from([1, 2, 3]));
  await writeFile(join(dir, "policy", "cuts", "stage_001.bin"), Uint8Array.from([4, 5]));
  const w = await SimulationParquetWriter.create(dir, { system: SYSTEM, totalScenarios: 2 });
  if (!w.ok) throw new Error("create");
  await w.value.writeScenario(scenarioResult(0));
  await w.value.writeScenario(scenarioResult(1));
  const fin = await w.value.finalize();
  if (!fin.ok) throw new Error("finalize");
  simManifest = fin.value;
  const r = await writeResults(dir, trainingOutput(), { manifest: simManifest }, SYSTEM, CONFIG);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  expect(r.value.trainingStatus).toBe("complete");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeResults", () => {
  it("writes every training, dictionary and marker file", async () => {
    for (const rel of [
      "training/_manifest.json",
      "training/metadata.json",
      "training/convergence.parquet",
      "training/timing/iterations.parquet",
      "training/timing/mpi_ranks.parquet",
      "training/dictionaries/codes.json",
      "training/dictionaries/bounds.parquet",
      "training/dictionaries/state_dictionary.json",
      "training/dictionaries/variables.csv",
      "training/dictionaries/entities.csv",
      "training/_SUCCESS",
      "simulation/_SUCCESS",
      "simulation/_manifest.json",
    ]) {
      expect(await exists(rel), rel).toBe(true);
    }
    expect(await exists("training/solver/iterations.parquet")).toBe(false);
  });

  it("convergence.parquet holds the iteration records (readConvergence)", async () => {
    const t = await readConvergence(dir);
    if (!t.ok) throw new Error(t.error.kind);
    expect(t.value.numRows).toBe(5);
    expect(t.value.schema.fields.map((f) => f.name)).toEqual(
      reference["training/convergence.parquet"]!.map((c) => c[0]),
    );
    expect([...t.value.getChild("iteration")!]).toEqual([1, 2, 3, 4, 5]);
    expect([...t.value.getChild("lower_bound")!]).toEqual([100, 110, 120, 130, 140]);
    expect(t.value.getChild("gap_percent")!.get(0)).toBeNull();
    expect(t.value.getChild("gap_percent")!.get(2)).toBeCloseTo((60 / 180) * 100, 12);
    expect(t.value.getChild("time_total_ms")!.get(4)).toBe(43n);
    expect(t.value.getChild("cuts_active")!.get(4)).toBe(16n);
  });

  it("timing files: one row per iteration, and per iteration and worker", async () => {
    const it = await parquet("training/timing/iterations.parquet");
    expect(it.numCols).toBe(16);
    expect([...it.getChild("backward_wall_ms")!]).toEqual([20n, 21n, 22n, 23n, 24n]);
    expect(it.getChild("cut_sync_ms")!.get(0)).toBe(0n);
    const ranks = await parquet("training/timing/mpi_ranks.parquet");
    expect(ranks.numRows).toBe(10);
    expect([...ranks.getChild("rank")!].slice(0, 4)).toEqual([0, 1, 0, 1]);
    expect(ranks.getChild("idle_time_ms")!.get(1)).toBe(1n);
  });

  it("training manifest: seed fields, book distribution block, xxhash64 checksums", async () => {
    const m = await json("training/_manifest.json");
    for (const [field] of reference["training/_manifest.json"]!) expect(paths(m), field).toContain(field);
    expect(m.status).toBe("complete");
    expect(m.iterations).toEqual({ max_iterations: 5, completed: 5, converged_at: null });
    expect(m.convergence.achieved).toBe(false);
    expect(m.convergence.final_gap_percent).toBeCloseTo((20 / 160) * 100, 12);
    expect(m.cuts).toEqual({ total_generated: 20, total_active: 17, peak_active: 18 });
    expect(m.mpi_info).toEqual({ world_size: 2, forward_passes_per_iteration: 4 });
    expect(m.distribution).toMatchObject({ backend: "worker_threads", world_size: 2, ranks_participated: 2 });
    expect(m.checksum.algorithm).toBe("xxhash64");
    expect(m.checksum.policy_value).toMatch(/^[0-9a-f]{16}$/);
    expect(m.checksum.convergence_value).toMatch(/^[0-9a-f]{16}$/);
    const typed = await readManifest(dir, "training");
    expect(typed.ok && typed.value.status).toBe("complete");
  });

  it("metadata.json: every seed section, filled integrity hashes and performance", async () => {
    const md = await json("training/metadata.json");
    for (const section of [
      "run_info",
      "configuration_snapshot",
      "problem_dimensions",
      "performance_summary",
      "data_integrity",
      "environment",
    ]) {
      expect(md[section], section).toBeTypeOf("object");
    }
    const all = paths(md).map((p) => p.split(".").at(-1));
    for (const [field] of reference["training/metadata.json"]!) expect(all, field).toContain(field.split(".").at(-1));
    expect(md.environment.distribution.backend).toBe("worker_threads");
    expect(md.run_info.run_id).toBe("00000000-0000-4000-8000-000000000001");
    expect(md.run_info.duration_seconds).toBe(10);
    expect(md.configuration_snapshot).toMatchObject({
      seed: 7,
      forward_passes: 4,
      stopping_rules: [{ type: "iteration_limit", limit: 5 }],
      stopping_mode: "any",
      policy_mode: "fresh",
    });
    expect(md.problem_dimensions).toMatchObject({
      num_stages: 3,
      num_blocks_per_stage: [2, 2, 2],
      num_hydros: 2,
      num_thermals: 2,
      num_buses: 2,
      num_lines: 1,
      state_dimension: 4,
    });
    expect(md.performance_summary).toMatchObject({
      total_lp_solves: 240,
      avg_lp_time_us: 50.5,
      median_lp_time_us: 51,
      p99_lp_time_us: 100,
    });
    expect(md.performance_summary.total_communication_time_seconds).toBe(0.01);
    const sha = (b: Uint8Array | string) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
    // The convergence hash covers results only (not timings): recompute it from the records.
    const results = trainingOutput().iterations.map((r) => [
      r.iteration,
      r.lowerBound,
      r.upperBoundMean,
      r.upperBoundStd,
      r.cutsAdded,
      r.cutsRemoved,
      r.cutsActive,
      r.forwardPasses,
    ]);
    expect(md.data_integrity.convergence_hash).toBe(sha(JSON.stringify(results)));
    expect(md.data_integrity.system_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(md.data_integrity.policy_hash).toBe(sha(Uint8Array.from([1, 2, 3, 4, 5])));
    expect(md.data_integrity.input_hash).toBe(`sha256:${"ab".repeat(32)}`);
    expect(md.data_integrity.config_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("dictionaries: codes, entities, variables, state layout and bounds", async () => {
    const codes = await json("training/dictionaries/codes.json");
    expect(codes.operative_state).toEqual({ 0: "deactivated", 1: "maintenance", 2: "operating", 3: "saturated" });
    expect(codes.entity_type["7"]).toBe("non_controllable");
    expect(codes.bound_type["9"]).toBe("flow_max");
    const entities = (await readFile(join(dir, "training/dictionaries/entities.csv"), "utf8")).trim().split("\n");
    expect(entities[0]).toBe("entity_type_code,entity_id,name,bus_id,system_id");
    expect(entities).toHaveLength(1 + 2 + 2 + 2 + 1 + 1 + 1 + 1);
    expect(entities[5]).toBe('2,0,"North, ""main""",0,0');
    expect(entities.at(-1)).toBe("7,0,Wind,1,0");
    const variables = (await readFile(join(dir, "training/dictionaries/variables.csv"), "utf8")).trim().split("\n");
    expect(variables[0]).toBe("schema,column_name,arrow_type,nullable,unit,description");
    const total = Object.entries(reference)
      .filter(([k]) => !k.endsWith(".json"))
      .reduce((a, [, v]) => a + v.length, 0);
    expect(variables).toHaveLength(1 + total);
    expect(variables).toContain("hydros,generation_mwh,Float64,false,MWh,Energy generated over the block (derived)");
    const state = await json("training/dictionaries/state_dictionary.json");
    expect(state.state_dimension).toBe(4);
    expect(state.inflow_lag_states[1]).toEqual({ hydro_id: 1, lag_index: 1, dimension_index: 3, unit: "m3s" });
    const bounds = await parquet("training/dictionaries/bounds.parquet");
    // Per stage: 2 hydros × 4 quantities × 2 codes + 2 thermals × 2 + 1 line × 2 = 22.
    expect(bounds.numRows).toBe(3 * 22);
    expect(String(bounds.schema.fields[0]!.type)).toBe("Int8");
    const row = bounds.get(1)!.toJSON();
    expect(row).toEqual({
      entity_type_code: 0,
      entity_id: 0,
      stage_id: 0,
      bound_type_code: 1,
      lower_bound: 10,
      upper_bound: 1000,
    });
    const flowMax = bounds.get(21)!.toJSON();
    expect(flowMax).toMatchObject({ entity_type_code: 3, bound_type_code: 9, lower_bound: -200, upper_bound: 300 });
  });

  it("verifyOutputs passes on the whole tree and catches tampering", async () => {
    const ok = await verifyOutputs(dir, { system: SYSTEM });
    expect(ok.issues).toEqual([]);
    expect(ok.filesChecked).toBe(4 + 20);
    const conv = join(dir, "training/convergence.parquet");
    const original = await readFile(conv);
    const tampered = Buffer.from(original);
    tampered[10] = tampered[10]! ^ 0x01;
    await writeFile(conv, tampered);
    await rm(join(dir, "simulation/buses/scenario_id=0001"), { recursive: true });
    const bad = await verifyOutputs(dir, { system: SYSTEM });
    await writeFile(conv, original);
    expect(bad.ok).toBe(false);
    expect(bad.issues.map((i) => i.check)).toEqual(expect.arrayContaining(["checksum", "completeness"]));
    expect(bad.issues.find((i) => i.check === "completeness")!.file).toBe(
      "simulation/buses/scenario_id=0001/data.parquet",
    );
  });

  it("a failing chain returns an IoError and writes no _SUCCESS marker", async () => {
    const other = await mkdtemp(join(tmpdir(), "cobre-out-fail-"));
    await mkdir(join(other, "training"));
    await writeFile(join(other, "training", "dictionaries"), "blocks the directory");
    const r = await writeResults(other, trainingOutput(), undefined, SYSTEM, CONFIG);
    expect(!r.ok && r.error.kind).toBe("IoError");
    expect(!r.ok && r.error.kind === "IoError" && r.error.path).toContain(join("training", "dictionaries"));
    expect(
      await stat(join(other, "training", "_SUCCESS")).then(
        () => true,
        () => false,
      ),
    ).toBe(false);
    await rm(other, { recursive: true, force: true });
  });
});
