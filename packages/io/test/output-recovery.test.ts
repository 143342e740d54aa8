import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BoundedQueue,
  readManifest,
  SimulationParquetWriter,
  verifyOutputs,
  writeSimulationManifest,
} from "../src/output/index";
import { scenarioResult, SYSTEM } from "./output-fixture";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cobre-out-rec-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );
const part = (entity: string, id: number) => join(dir, "simulation", entity, `scenario_id=000${id}`, "data.parquet");

/** Writes `ids` and stops without finalizing: the on-disk manifest stays `running`. */
async function interruptedRun(ids: number[], total = 5) {
  const w = await SimulationParquetWriter.create(dir, { system: SYSTEM, totalScenarios: total, checkpointEvery: 1 });
  if (!w.ok) throw new Error(w.error.kind);
  for (const id of ids) await w.value.writeScenario(scenarioResult(id));
  expect((await w.value.flush()).ok).toBe(true);
  return w.value;
}

describe("crash recovery", () => {
  it("resumes a running manifest: lists completed and missing scenarios, deletes stray .tmp", async () => {
    await interruptedRun([0, 1, 3]);
    const m = await readManifest(dir, "simulation");
    expect(m.ok && m.value.status).toBe("running");
    expect(m.ok && m.value.partitions_written).toEqual(["scenario_id=0000/", "scenario_id=0001/", "scenario_id=0003/"]);
    // A torn write of scenario 2 and a half-written scenario 4 (only costs).
    const tmp = `${part("hydros", 2)}.tmp`;
    await mkdir(join(tmp, ".."), { recursive: true });
    await writeFile(tmp, "PAR1 torn");
    await mkdir(join(part("costs", 4), ".."), { recursive: true });
    await writeFile(part("costs", 4), await readFile(part("costs", 0)));

    const resumed = await SimulationParquetWriter.create(dir, { system: SYSTEM, totalScenarios: 5 });
    if (!resumed.ok) throw new Error(resumed.error.kind);
    const r = resumed.value.resume;
    expect(r.resumed).toBe(true);
    expect(r.manifestRebuilt).toBe(false);
    expect(r.completedScenarios).toEqual([0, 1, 3]);
    expect(r.missingScenarios).toEqual([2, 4]);
    expect(r.removedTmpFiles).toEqual([tmp]);
    expect(await exists(tmp)).toBe(false);

    for (const id of r.missingScenarios) await resumed.value.writeScenario(scenarioResult(id));
    const fin = await resumed.value.finalize();
    if (!fin.ok) throw new Error(fin.error.kind);
    expect(fin.value.status).toBe("complete");
    expect(fin.value.scenarios.completed).toBe(5);
    expect(fin.value.started_at).toBe(m.ok ? m.value.started_at : "");
    await writeSimulationManifest(dir, fin.value);
    const report = await verifyOutputs(dir, { system: SYSTEM });
    expect(report.issues).toEqual([]);
  });

  it("rejects a partition whose bytes no longer match the manifest checksum", async () => {
    await interruptedRun([0, 1]);
    const bytes = await readFile(part("thermals", 1));
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
    await writeFile(part("thermals", 1), bytes);
    const resumed = await SimulationParquetWriter.create(dir, { system: SYSTEM, totalScenarios: 3 });
    expect(resumed.ok && resumed.value.resume.completedScenarios).toEqual([0]);
    expect(resumed.ok && resumed.value.resume.missingScenarios).toEqual([1, 2]);
  });

  it("rebuilds a corrupted manifest from the partition listing", async () => {
    await interruptedRun([0, 2]);
    await writeFile(join(dir, "simulation", "_manifest.json"), '{"version": "2.0.0", "status": "runn');
    const resumed = await SimulationParquetWriter.create(dir, { system: SYSTEM, totalScenarios: 3 });
    if (!resumed.ok) throw new Error(resumed.error.kind);
    expect(resumed.value.resume.manifestRebuilt).toBe(true);
    expect(resumed.value.resume.completedScenarios).toEqual([0, 2]);
    const m = await readManifest(dir, "simulation");
    expect(m.ok && m.value.status).toBe("running");
    expect(m.ok && Object.keys(m.value.checksum!.partitions)).toHaveLength(20);
  });

  it("starts fresh after a complete run, removing old partitions", async () => {
    const w = await interruptedRun([0, 1], 2);
    const fin = await w.finalize();
    await writeSimulationManifest(dir, fin.ok ? fin.value : (undefined as never));
    const again = await SimulationParquetWriter.create(dir, { system: SYSTEM, totalScenarios: 1 });
    expect(again.ok && again.value.resume).toMatchObject({ resumed: false, missingScenarios: [0] });
    expect(await exists(part("hydros", 1))).toBe(false);
  });
});

describe("I/O failures are OutputError values", () => {
  it("create under a regular file is an IoError naming the path", async () => {
    const file = join(dir, "not-a-dir");
    await writeFile(file, "x");
    const r = await SimulationParquetWriter.create(join(file, "sub"), { system: SYSTEM, totalScenarios: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe("IoError");
    if (r.error.kind !== "IoError") return;
    expect(r.error.path).toBe(join(file, "sub", "simulation"));
    expect(r.error.code).toBe("ENOTDIR");
  });

  it("a failed partition write poisons the writer and leaves earlier partitions intact", async () => {
    const w = await interruptedRun([0, 1], 3);
    const before = await readFile(part("hydros", 0));
    // Block scenario 2's hydros partition directory with a regular file.
    await mkdir(join(dir, "simulation", "hydros"), { recursive: true });
    await writeFile(join(dir, "simulation", "hydros", "scenario_id=0002"), "in the way");
    expect((await w.writeScenario(scenarioResult(2))).ok).toBe(true);
    const flushed = await w.flush();
    expect(flushed.ok).toBe(false);
    const again = await w.writeScenario(scenarioResult(2));
    const fin = await w.finalize();
    for (const r of [flushed, again, fin]) {
      if (r.ok) throw new Error("expected failure");
      expect(r.error.kind).toBe("IoError");
      if (r.error.kind === "IoError") expect(r.error.path).toContain(join("hydros", "scenario_id=0002"));
    }
    expect(await readFile(part("hydros", 0))).toEqual(before);
    const m = await readManifest(dir, "simulation");
    expect(m.ok && m.value.status).toBe("running");
    expect(m.ok && m.value.partitions_written).toEqual(["scenario_id=0000/", "scenario_id=0001/"]);
  });

  it("a result missing a family the system has is a SchemaError", async () => {
    const w = await SimulationParquetWriter.create(dir, { system: SYSTEM, totalScenarios: 1 });
    if (!w.ok) throw new Error("create");
    const { hydros: _dropped, ...rest } = scenarioResult(0);
    await w.value.writeScenario(rest);
    const fin = await w.value.finalize();
    expect(!fin.ok && fin.error).toMatchObject({ kind: "SchemaError", file: "hydros/scenario_id=0000/data.parquet" });
  });

  it("a column of the wrong length is a SchemaError naming the column", async () => {
    const w = await SimulationParquetWriter.create(dir, { system: SYSTEM, totalScenarios: 1 });
    if (!w.ok) throw new Error("create");
    const r = scenarioResult(0);
    await w.value.writeScenario({ ...r, buses: { ...r.buses!, spotPrice: new Float64Array(3) } });
    const fin = await w.value.finalize();
    expect(!fin.ok && fin.error).toMatchObject({ kind: "SchemaError", column: "spot_price" });
  });
});

describe("BoundedQueue backpressure", () => {
  it("holds producers while full and admits them as the consumer takes", async () => {
    const q = new BoundedQueue<number>(2);
    const settled: number[] = [];
    const pushes = [1, 2, 3, 4].map((n) => q.push(n).then(() => settled.push(n)));
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toEqual([1, 2]);
    expect(q.size).toBe(2);
    expect(await q.take()).toBe(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toEqual([1, 2, 3]);
    q.close();
    await Promise.all(pushes);
    expect(settled).toEqual([1, 2, 3, 4]);
    expect([await q.take(), await q.take(), await q.take(), await q.take()]).toEqual([2, 3, 4, undefined]);
    expect(await q.push(5)).toBe(false);
  });

  it("the writer with capacity 1 still writes every scenario", async () => {
    const w = await SimulationParquetWriter.create(dir, { system: SYSTEM, totalScenarios: 3, ioChannelCapacity: 1 });
    if (!w.ok) throw new Error("create");
    await Promise.all([0, 1, 2].map((k) => w.value.writeScenario(scenarioResult(k))));
    const fin = await w.value.finalize();
    expect(fin.ok && fin.value.scenarios.completed).toBe(3);
  });
});
