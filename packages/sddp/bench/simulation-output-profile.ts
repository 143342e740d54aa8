/**
 * Where the CPU of the simulation's Parquet outputs goes, per phase, on 4ree (40
 * iterations, 400 scenarios, 2,400 partitions): `node --conditions=@cobre/source --import
 * tsx bench/simulation-output-profile.ts` (add `--cpu-prof` for a V8 profile).
 *
 * Trains once (the policy is cached under the OS temp dir, keyed by the iteration count,
 * so reruns only simulate), simulates in-process on one worker without outputs while
 * timing the extractor, then encodes the collected results phase by phase the way
 * `ScenarioEncoder.encode` does, and finally through `ScenarioEncoder` itself. Prints CPU
 * ms per phase, µs per row, and a digest of every partition's bytes (to check that a
 * change keeps the files identical).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import type { Case } from "@cobre/core";
import { ScenarioEncoder, type SimulationScenarioResult } from "@cobre/io";
import { Table as WasmTable, writeParquet } from "parquet-wasm";
import { blockHours } from "../../io/src/output/simulation/block-hours";
import { familyColumns } from "../../io/src/output/simulation/columns";
import { encodeIpc } from "../../io/src/output/parquet/arrow-ipc";
import { writerProperties } from "../../io/src/output/parquet/encode";
import { loadXxhash64 } from "../../io/src/output/fs/checksum";
import { expectedEntities, partitionFile, RESULT_KEY } from "../../io/src/output/simulation/partition-layout";
import { SIMULATION_SCHEMAS } from "../../io/src/output/schemas/index";
import { ScenarioExtractor } from "../src/simulation/extract";
import { simulate } from "../src/simulation/simulate";
import { train, type TrainingOutcome } from "../src/training/train";
import { loadTrimmed } from "../test/fixtures/load-trimmed";

const here = path.dirname(fileURLToPath(import.meta.url));
const iterations = Number(process.env.BENCH_ITERATIONS ?? 40);
const scenarios = Number(process.env.BENCH_SCENARIOS ?? 400);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function policy(c: Case): Promise<TrainingOutcome> {
  const cache = path.join(tmpdir(), `cobre-simout-4ree-${iterations}.v8`);
  if (existsSync(cache)) return deserialize(readFileSync(cache)) as TrainingOutcome;
  const r = await train(c, { numWorkers: 2 });
  if (!r.ok) throw new Error(r.error.message);
  writeFileSync(cache, serialize(r.value));
  return r.value;
}

async function main(): Promise<void> {
  const c: Case = await loadTrimmed(path.resolve(here, "../../../../shared/cobre-reference/examples/4ree"), iterations);
  const trained = await policy(c);

  // The extractor, timed by wrapping its methods (the simulation loop is in worker-core).
  let extractMs = 0;
  const proto = ScenarioExtractor.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of ["addStage", "finish"]) {
    const original = proto[name]!;
    proto[name] = function (this: unknown, ...a: unknown[]) {
      const t0 = performance.now();
      const r = original.apply(this, a);
      extractMs += performance.now() - t0;
      return r;
    };
  }
  const results: SimulationScenarioResult[] = [];
  const s0 = cpuMs();
  const sim = await simulate(c, trained, {
    numScenarios: scenarios,
    numWorkers: 1,
    onScenario: (r) => {
      results.push(r);
    },
  });
  if (!sim.ok) throw new Error(sim.error.message);
  const simMs = cpuMs() - s0;

  const system = c.system;
  const hours = blockHours(system);
  const entities = expectedEntities(system);
  const hash = await loadXxhash64();
  let rows = 0;
  for (const r of results)
    for (const e of entities) rows += (r[RESULT_KEY[e]] as { stageId?: Int32Array } | undefined)?.stageId?.length ?? 0;

  const phases = {
    familyColumns: 0,
    encodeIpc: 0,
    fromIPCStream: 0,
    writerProperties: 0,
    writeParquet: 0,
    xxhash64: 0,
  };
  const best = { ...phases };
  const repCpu: number[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    const p = { ...phases };
    const r0 = cpuMs();
    for (const r of results) {
      for (const entity of entities) {
        const schema = SIMULATION_SCHEMAS[entity];
        const file = partitionFile(entity, r.scenarioId);
        let t = performance.now();
        const family = r[RESULT_KEY[entity]] as Readonly<Record<string, unknown>> | undefined;
        const cols = familyColumns(schema, entity, family, { system, hours, file });
        if (!cols.ok) throw new Error(JSON.stringify(cols.error));
        let u = performance.now();
        p.familyColumns += u - t;
        t = u;
        const ipc = encodeIpc(schema, cols.value.columns, cols.value.length, file);
        if (!ipc.ok) throw new Error(JSON.stringify(ipc.error));
        u = performance.now();
        p.encodeIpc += u - t;
        t = u;
        const table = WasmTable.fromIPCStream(ipc.value);
        u = performance.now();
        p.fromIPCStream += u - t;
        t = u;
        const props = writerProperties(schema, cols.value.length, {});
        u = performance.now();
        p.writerProperties += u - t;
        t = u;
        const bytes = writeParquet(table, props);
        u = performance.now();
        p.writeParquet += u - t;
        t = u;
        hash(bytes);
        p.xxhash64 += performance.now() - t;
      }
    }
    repCpu.push(cpuMs() - r0);
    for (const k of Object.keys(p) as (keyof typeof p)[]) best[k] = rep === 0 ? p[k] : Math.min(best[k], p[k]);
  }

  const encoder = await ScenarioEncoder.create(system);
  let encodeMs = Number.POSITIVE_INFINITY;
  let digest = "";
  let files = 0;
  let bytesOut = 0;
  for (let rep = 0; rep < repeats; rep++) {
    const d = createHash("sha256");
    files = 0;
    bytesOut = 0;
    const t0 = cpuMs();
    for (const r of results) {
      const e = encoder.encode(r);
      if (!e.ok) throw new Error(JSON.stringify(e.error));
      for (const part of e.value.partitions) {
        d.update(part.file);
        d.update(part.bytes);
        files++;
        bytesOut += part.bytes.length;
      }
    }
    encodeMs = Math.min(encodeMs, cpuMs() - t0);
    digest = d.digest("hex");
  }

  const lines = [
    `4ree, ${iterations} iterations, ${scenarios} scenarios: ${files} partitions, ${rows} rows, ${(bytesOut / 1e6).toFixed(2)} MB`,
    `simulate (1 worker, in-process, no outputs): ${simMs.toFixed(0)} CPU ms, of which extractor ${extractMs.toFixed(0)} ms (${((extractMs * 1000) / rows).toFixed(2)} µs/row)`,
    `encode phases (best of ${repeats}, ms): ${Object.entries(best)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(", ")}; sum ${Object.values(best)
      .reduce((a, b) => a + b, 0)
      .toFixed(0)}`,
    `process CPU of each pass over the phases (the first warms up a fresh isolate: JIT, Wasm code, heap): ${repCpu.map((v) => v.toFixed(0)).join(", ")} ms`,
    `ScenarioEncoder.encode (best of ${repeats}): ${encodeMs.toFixed(0)} CPU ms, ${((encodeMs * 1000) / rows).toFixed(2)} µs/row`,
    `extractor + encode: ${(((extractMs + encodeMs) * 1000) / rows).toFixed(2)} µs/row`,
    `sha256 of all partitions: ${digest}`,
  ];
  console.log(lines.join("\n"));
}

await main();
