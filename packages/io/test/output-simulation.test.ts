import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { readParquet, readSchema } from "parquet-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectedEntities,
  readManifest,
  readSimulation,
  SIMULATION_SCHEMAS,
  SimulationParquetWriter,
  type SimulationManifest,
  verifyOutputs,
  writeSimulationManifest,
} from "../src/output/index";
import { HOURS, NUM_STAGES, scenarioResult, SYSTEM } from "./output-fixture";

const SCENARIOS = 4;
let dir: string;
let manifest: SimulationManifest;

const BOOK_TO_ARROW: Record<string, string> = { Boolean: "Bool", UInt32: "Uint32", UInt64: "Uint64" };

async function readPartition(entity: string, id: number) {
  const bytes = new Uint8Array(await readFile(join(dir, "simulation", entity, `scenario_id=000${id}`, "data.parquet")));
  return { bytes, table: tableFromIPC(readParquet(bytes).intoIPCStream()) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cobre-out-sim-"));
  const created = await SimulationParquetWriter.create(dir, {
    system: SYSTEM,
    totalScenarios: SCENARIOS,
    ioChannelCapacity: 2,
  });
  if (!created.ok) throw new Error(created.error.kind);
  const writer = created.value;
  expect(writer.resume.resumed).toBe(false);
  // Arrival order is not id order.
  for (const k of [2, 0, 3, 1]) expect((await writer.writeScenario(scenarioResult(k))).ok).toBe(true);
  const fin = await writer.finalize();
  if (!fin.ok) throw new Error(JSON.stringify(fin.error));
  manifest = fin.value;
  expect((await writeSimulationManifest(dir, manifest)).ok).toBe(true);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("SimulationParquetWriter", () => {
  it("writes one Hive partition per entity family and scenario", async () => {
    const entities = expectedEntities(SYSTEM);
    expect(entities).toHaveLength(10);
    for (const entity of entities) {
      for (let k = 0; k < SCENARIOS; k++) {
        const { bytes } = await readPartition(entity, k);
        expect(bytes.length).toBeGreaterThan(100);
      }
    }
  });

  it("writes files whose Parquet schema matches our definitions exactly", async () => {
    for (const entity of expectedEntities(SYSTEM)) {
      const { bytes } = await readPartition(entity, 0);
      const fields = tableFromIPC(readSchema(bytes).intoIPCStream()).schema.fields;
      const want = SIMULATION_SCHEMAS[entity].columns;
      expect(fields.map((f) => f.name)).toEqual(want.map((c) => c.name));
      expect(fields.map((f) => String(f.type))).toEqual(want.map((c) => BOOK_TO_ARROW[c.type] ?? c.type));
      expect(fields.map((f) => f.nullable)).toEqual(want.map((c) => c.nullable));
    }
  });

  it("has stages × blocks × entities rows", async () => {
    const blocks = NUM_STAGES * HOURS.length;
    const expected: Record<string, number> = {
      costs: blocks,
      hydros: blocks * 2,
      thermals: blocks * 2,
      exchanges: blocks,
      buses: blocks * 2,
      pumping_stations: blocks,
      contracts: blocks,
      non_controllables: blocks,
      inflow_lags: NUM_STAGES * 2,
      "violations/generic": 1,
    };
    for (const [entity, rows] of Object.entries(expected)) {
      expect((await readPartition(entity, 3)).table.numRows, entity).toBe(rows);
    }
  });

  it("stores input values and computes the derived columns from the system", async () => {
    const hydros = (await readPartition("hydros", 1)).table;
    // Row 3 = stage 0, block 1, hydro 1 → base = 1000 + 10 + 1 = 1011.
    expect(hydros.getChild("turbined_m3s")!.get(3)).toBe(1011.5);
    expect(hydros.getChild("outflow_m3s")!.get(3)).toBe(1012.75);
    expect(hydros.getChild("generation_mwh")!.get(3)).toBeCloseTo(1011 * 0.9 * 200, 9);
    expect(hydros.getChild("evaporation_m3s")!.get(2)).toBe(0.75);
    expect(hydros.getChild("evaporation_m3s")!.get(3)).toBeNull();
    expect(hydros.getChild("block_id")!.get(3)).toBe(1);
    expect(hydros.getChild("operative_state_code")!.get(0)).toBe(2);
    expect(hydros.getChild("storage_binding_code")!.get(0)).toBe(0);
    expect(hydros.getChild("productivity_mw_per_m3s")!.nullCount).toBe(12);

    const ex = (await readPartition("exchanges", 0)).table;
    // Stage 2, block 1: direct 102, reverse 10, losses 2 %.
    expect(ex.getChild("net_flow_mw")!.get(5)).toBe(92);
    expect(ex.getChild("net_flow_mwh")!.get(5)).toBe(92 * 200);
    expect(ex.getChild("losses_mw")!.get(5)).toBeCloseTo(0.02 * 112, 12);
    expect(ex.getChild("losses_mwh")!.get(5)).toBeCloseTo(0.02 * 112 * 200, 9);

    const th = (await readPartition("thermals", 0)).table;
    expect([th.getChild("is_gnl")!.get(0), th.getChild("is_gnl")!.get(1)]).toEqual([false, true]);
    expect(th.getChild("gnl_committed_mw")!.get(0)).toBeNull();
    expect(th.getChild("gnl_committed_mw")!.get(1)).toBe(20);

    const pump = (await readPartition("pumping_stations", 0)).table;
    expect(pump.getChild("pumped_volume_hm3")!.get(0)).toBeCloseTo(20 * 100 * 0.0036, 12);
    expect(pump.getChild("energy_consumption_mwh")!.get(1)).toBe(6 * 200);

    const buses = (await readPartition("buses", 0)).table;
    expect(buses.getChild("deficit_mwh")!.get(2)).toBe(3 * 200);
    expect(buses.getChild("excess_mwh")!.get(2)).toBe(0);

    const ncs = (await readPartition("non_controllables", 0)).table;
    expect(ncs.getChild("curtailment_mwh")!.get(0)).toBe(1000);

    const gv = (await readPartition("violations/generic", 0)).table;
    expect(gv.getChild("block_id")!.get(0)).toBeNull();
    expect(gv.getChild("slack_value")!.get(0)).toBe(2.5);
  });

  it("returns a complete manifest with per-partition xxhash64 checksums", async () => {
    expect(manifest.status).toBe("complete");
    expect(manifest.scenarios).toEqual({ total: 4, completed: 4, failed: 0 });
    expect(manifest.partitions_written).toEqual([
      "scenario_id=0000/",
      "scenario_id=0001/",
      "scenario_id=0002/",
      "scenario_id=0003/",
    ]);
    expect(Object.keys(manifest.checksum!.partitions)).toHaveLength(40);
    expect(manifest.checksum!.value).toMatch(/^[0-9a-f]{16}$/);
    expect(manifest.mpi_info).toEqual({ world_size: 1, ranks_participated: 1 });
    expect(manifest.distribution.backend).toBe("local");
    const onDisk = await readManifest(dir, "simulation");
    expect(onDisk.ok && onDisk.value.status).toBe("complete");
  });

  it("verifies: schemas, checksums, completeness and exact row counts", async () => {
    const report = await verifyOutputs(dir, { system: SYSTEM });
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.scenariosChecked).toBe(4);
    expect(report.filesChecked).toBe(40);
    expect(report.rowCounts.hydros).toEqual({ 0: 12, 1: 12, 2: 12, 3: 12 });
  });

  it("readSimulation reads only the requested partitions and stages", async () => {
    const r = await readSimulation(dir, "hydros", { scenarios: [1, 3], stages: [2] });
    if (!r.ok) throw new Error(r.error.kind);
    const t = r.value;
    expect(t.numRows).toBe(2 * 2 * 2);
    expect([...t.getChild("scenario_id")!]).toEqual([1, 1, 1, 1, 3, 3, 3, 3]);
    expect(new Set([...t.getChild("stage_id")!])).toEqual(new Set([2]));
    // Scenario 3, stage 2, block 0, hydro 0 → 3000 + 200 + 0.5.
    expect(t.getChild("turbined_m3s")!.get(4)).toBe(3200.5);
    const missing = await readSimulation(dir, "hydros", { scenarios: [9] });
    expect(!missing.ok && missing.error.kind).toBe("IoError");
  });

  it("is read back by DuckDB with Hive partitioning: same values and column types", async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const glob = join(dir, "simulation", "hydros", "**", "*.parquet");
    const reader = await conn.runAndReadAll(
      `SELECT scenario_id, stage_id, block_id, hydro_id, turbined_m3s, generation_mwh, evaporation_m3s, operative_state_code
       FROM read_parquet('${glob}', hive_partitioning = true)
       WHERE scenario_id = 2 ORDER BY stage_id, block_id, hydro_id`,
    );
    const rows = reader.getRowObjects();
    expect(rows).toHaveLength(12);
    expect(rows[5]).toMatchObject({
      stage_id: 1,
      block_id: 0,
      hydro_id: 1,
      turbined_m3s: 2101.5,
      evaporation_m3s: null,
    });
    expect(Number(rows[5]!.scenario_id)).toBe(2);
    expect(rows[5]!.generation_mwh).toBeCloseTo(2101 * 0.9 * 100, 8);
    const types = reader.columnTypes().map(String);
    expect(types.slice(1)).toEqual(["INTEGER", "INTEGER", "INTEGER", "DOUBLE", "DOUBLE", "DOUBLE", "TINYINT"]);
    const count = await conn.runAndReadAll(
      `SELECT count(*)::INTEGER AS n FROM read_parquet('${glob}', hive_partitioning = true)`,
    );
    expect(count.getRowObjects()[0]!.n).toBe(48);
    const thermals = await conn.runAndReadAll(
      `SELECT any_value(typeof(is_gnl)) AS t, sum(CASE WHEN is_gnl THEN 1 ELSE 0 END)::INTEGER AS gnl
       FROM read_parquet('${join(dir, "simulation", "thermals", "**", "*.parquet")}', hive_partitioning = true)`,
    );
    expect(thermals.getRowObjects()[0]).toEqual({ t: "BOOLEAN", gnl: 24 });
    conn.closeSync();
  });
});
