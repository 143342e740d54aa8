/**
 * Durability order of the simulation writer's group commit, observed through an
 * injected file-system layer that records every call (and can fail one, as a crash
 * would interrupt it): a partition becomes visible only after its data is on disk, and
 * the manifest never lists a partition before its data, its rename and its directory
 * entries are durable. A run interrupted at a seeded call leaves only readable files and
 * resumes to partitions identical to an uninterrupted run's.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readParquet } from "parquet-wasm";
import { afterEach, describe, expect, it } from "vitest";
import {
  type DurableFs,
  nodeDurableFs,
  ScenarioEncoder,
  SimulationParquetWriter,
  type SimulationManifest,
} from "../src/output/index";
import { scenarioResult, SYSTEM } from "./output-fixture";

type Event =
  | { op: "mkdir"; path: string; created: string | undefined }
  | { op: "create"; path: string; fd: number; data: Uint8Array | string }
  | { op: "datasynced"; path: string }
  | { op: "close"; path: string }
  | { op: "rename"; from: string; to: string }
  | { op: "dirsynced"; path: string };

/** Node's fs with every call logged (async calls when they complete); fails call `failAt` if set. */
function recordingFs(failAt = Number.POSITIVE_INFINITY): { fs: DurableFs; log: Event[] } {
  const log: Event[] = [];
  const paths = new Map<number, string>();
  let calls = 0;
  const tick = () => {
    if (++calls === failAt) throw Object.assign(new Error("injected crash"), { code: "EIO" });
  };
  const fs: DurableFs = {
    mkdir(dir) {
      tick();
      const created = nodeDurableFs.mkdir(dir);
      log.push({ op: "mkdir", path: dir, created });
      return created;
    },
    create(path, data) {
      tick();
      const fd = nodeDurableFs.create(path, data);
      paths.set(fd, path);
      log.push({ op: "create", path, fd, data });
      return fd;
    },
    async datasync(fd) {
      tick();
      await nodeDurableFs.datasync(fd);
      log.push({ op: "datasynced", path: paths.get(fd)! });
    },
    close(fd) {
      nodeDurableFs.close(fd);
      log.push({ op: "close", path: paths.get(fd)! });
    },
    rename(from, to) {
      tick();
      nodeDurableFs.rename(from, to);
      log.push({ op: "rename", from, to });
    },
    async syncDir(dir) {
      tick();
      await nodeDurableFs.syncDir(dir);
      log.push({ op: "dirsynced", path: dir });
    },
    remove: nodeDurableFs.remove,
  };
  return { fs, log };
}

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "cobre-durable-"));
  dirs.push(d);
  return d;
}

const TOTAL = 12;

/** Writes scenarios 0..TOTAL-1 (encoded, as workers hand them over) through `fs`. */
async function run(out: string, fs: DurableFs, ids: readonly number[] = [...Array(TOTAL).keys()]) {
  const encoder = await ScenarioEncoder.create(SYSTEM);
  const w = await SimulationParquetWriter.create(out, {
    system: SYSTEM,
    totalScenarios: TOTAL,
    checkpointEvery: 2,
    maxBatch: 3,
    fs,
  });
  if (!w.ok) throw new Error(w.error.kind);
  // Pushed without awaiting one by one, so batches of several scenarios form.
  const pushes = ids.map((id) => {
    const e = encoder.encode(scenarioResult(id));
    if (!e.ok) throw new Error(e.error.kind);
    return w.value.writeScenario(e.value);
  });
  await Promise.all(pushes);
  return { writer: w.value, fin: await w.value.finalize() };
}

/** Index of the first event matching `pred`, or Infinity. */
function indexOf(log: readonly Event[], pred: (e: Event) => boolean): number {
  const i = log.findIndex(pred);
  return i < 0 ? Number.POSITIVE_INFINITY : i;
}

function partitionChecksums(out: string): Record<string, string> {
  const m = JSON.parse(readFileSync(join(out, "simulation/_manifest.json"), "utf8")) as SimulationManifest;
  return m.checksum?.partitions ?? {};
}

/** Every visible `data.parquet` under `simulation/` decodes. */
function visiblePartitions(out: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "data.parquet") found.push(p);
    }
  };
  if (existsSync(join(out, "simulation"))) walk(join(out, "simulation"));
  return found;
}

describe("group commit durability order", () => {
  it("no partition is renamed before its data is synced; no manifest lists a partition before it is durable", async () => {
    const out = await tempDir();
    const { fs, log } = recordingFs();
    const { fin } = await run(out, fs);
    expect(fin.ok).toBe(true);
    const simDir = join(out, "simulation");
    const manifestPath = join(simDir, "_manifest.json");

    // Every partition rename follows the datasync of that very temporary file.
    const renames = log.flatMap((e, i) => (e.op === "rename" && e.to.endsWith("data.parquet") ? [{ e, i }] : []));
    expect(renames).toHaveLength(TOTAL * 10);
    for (const { e, i } of renames) {
      if (e.op !== "rename") continue;
      expect(indexOf(log, (x) => x.op === "datasynced" && x.path === e.from)).toBeLessThan(i);
    }

    // Each manifest version written: every partition it lists was synced, renamed, its
    // directory synced, and the directory's own entry (in the entity folder) synced,
    // all before the manifest's temporary file was even created.
    const manifests = log.flatMap((e, i) => (e.op === "create" && e.path === `${manifestPath}.tmp` ? [{ e, i }] : []));
    expect(manifests.length).toBeGreaterThanOrEqual(TOTAL / 2);
    let listedAtLeastOnce = 0;
    for (const { e, i } of manifests) {
      if (e.op !== "create") continue;
      const m = JSON.parse(String(e.data)) as SimulationManifest;
      for (const rel of Object.keys(m.checksum?.partitions ?? {})) {
        const file = join(simDir, rel);
        const partitionDir = dirname(file);
        expect(
          indexOf(log, (x) => x.op === "datasynced" && x.path === `${file}.tmp`),
          rel,
        ).toBeLessThan(i);
        expect(
          indexOf(log, (x) => x.op === "rename" && x.to === file),
          rel,
        ).toBeLessThan(i);
        expect(
          indexOf(log, (x) => x.op === "dirsynced" && x.path === partitionDir),
          rel,
        ).toBeLessThan(i);
        expect(
          indexOf(log, (x) => x.op === "dirsynced" && x.path === dirname(partitionDir)),
          rel,
        ).toBeLessThan(i);
        listedAtLeastOnce++;
      }
    }
    expect(listedAtLeastOnce).toBeGreaterThan(0);
    // Group commit: fewer manifest rewrites than scenarios, several partitions per batch.
    const datasyncs = log.filter((x) => x.op === "datasynced").length;
    expect(datasyncs).toBe(TOTAL * 10 + manifests.length);
    expect(manifests.length).toBeLessThan(TOTAL + 1);
  });

  it.each([7, 40, 95, 160, 230])(
    "a crash at file-system call %i leaves only readable files and resumes to identical partitions",
    async (failAt) => {
      const reference = await tempDir();
      const ref = await run(reference, nodeDurableFs);
      expect(ref.fin.ok).toBe(true);
      const out = await tempDir();
      const crashed = await run(out, recordingFs(failAt).fs);
      expect(crashed.fin.ok).toBe(false);
      for (const file of visiblePartitions(out)) {
        expect(() => readParquet(new Uint8Array(readFileSync(file))), file).not.toThrow();
      }
      const listed = partitionChecksums(out);
      const expected = partitionChecksums(reference);
      for (const [rel, hash] of Object.entries(listed)) expect(hash, rel).toBe(expected[rel]);

      const resumed = await SimulationParquetWriter.create(out, { system: SYSTEM, totalScenarios: TOTAL });
      if (!resumed.ok) throw new Error(resumed.error.kind);
      expect(resumed.value.resume.resumed).toBe(true);
      for (const id of resumed.value.resume.missingScenarios) await resumed.value.writeScenario(scenarioResult(id));
      const fin = await resumed.value.finalize();
      if (!fin.ok) throw new Error(fin.error.kind);
      expect(fin.value.status).toBe("complete");
      expect(fin.value.checksum?.partitions).toEqual(expected);
    },
  );
});

describe("encoded scenarios handed to the writer", () => {
  it("are refused when a partition is missing or named outside its scenario's partition", async () => {
    const encoder = await ScenarioEncoder.create(SYSTEM);
    const e = encoder.encode(scenarioResult(0));
    if (!e.ok) throw new Error(e.error.kind);
    for (const bad of [
      { scenarioId: 0, partitions: e.value.partitions.slice(1) },
      {
        scenarioId: 0,
        partitions: e.value.partitions.map((p, i) => (i === 0 ? { ...p, file: "../../escape/data.parquet" } : p)),
      },
    ]) {
      const out = await tempDir();
      const w = await SimulationParquetWriter.create(out, { system: SYSTEM, totalScenarios: 1 });
      if (!w.ok) throw new Error(w.error.kind);
      await w.value.writeScenario(bad);
      const fin = await w.value.finalize();
      expect(!fin.ok && fin.error.kind).toBe("SchemaError");
      expect(visiblePartitions(out)).toEqual([]);
    }
  });
});
