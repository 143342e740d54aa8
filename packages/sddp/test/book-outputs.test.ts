/**
 * Every file of the Cobre book's output tree (`BOOK_OUTPUT_FILES` of @cobre/io, with its
 * condition) is written exactly when its condition holds: a run with every condition on
 * (d07, computed FPHA, all exports, cut selection, store_basis, simulation) and one with
 * the defaults and no simulation (hydro-tiny). Each Parquet file written has the book's
 * columns, Arrow types and nullability (`output_schemas.json`, the book's tables), each
 * per-stage FlatBuffers file decodes as its stage's.
 */
import { access, cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { tableFromIPC } from "apache-arrow";
import { readParquet } from "parquet-wasm";
import type { Case } from "@cobre/core";
import {
  ALL_SCHEMAS,
  BOOK_OUTPUT_FILES,
  type BookOutputFile,
  loadCase,
  type OutputConditionTerm,
  type OutputSchema,
  readStageBasis,
  readStageCuts,
  SIMULATION_RETRY_HISTOGRAM_SCHEMA,
  SIMULATION_SOLVER_ITERATIONS_SCHEMA,
  STOCHASTIC_SCHEMAS,
} from "@cobre/io";
import { runStudy } from "@cobre/sddp";
import { examplePath, referencePath, repoRoot } from "@cobre/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const d07 = referencePath("examples", "deterministic", "d07-fpha-computed");
const tiny = examplePath("hydro-tiny");

/** The book's Parquet tables: [column, Arrow type, nullable] per file. */
const bookTables = JSON.parse(await readFile(referencePath("output_schemas.json"), "utf8")) as Record<
  string,
  [string, string, boolean][]
>;

/** The book's table of a Parquet entry; null where the book defines the file by an input file's format. */
function bookColumns(entry: BookOutputFile): [string, string, boolean][] | null {
  // "Identical schema to training/solver/…"; bounds.parquet is keyed by its name alone.
  const key = entry.path.startsWith("simulation/solver/")
    ? entry.path.replace("simulation/", "training/")
    : entry.path === "training/dictionaries/bounds.parquet"
      ? "bounds.parquet"
      : entry.path;
  // output_schemas.json spells the FPHA file (an input format) with Parquet physical names.
  const arrow = (t: string) => ({ INT32: "Int32", DOUBLE: "Float64" })[t] ?? t;
  return bookTables[key]?.map(([n, t, nullable]) => [n, arrow(t), nullable]) ?? null;
}

/** Our definition of a Parquet entry's file. */
function schemaOf(entry: BookOutputFile): OutputSchema {
  const all = [
    ...ALL_SCHEMAS,
    SIMULATION_SOLVER_ITERATIONS_SCHEMA,
    SIMULATION_RETRY_HISTOGRAM_SCHEMA,
    ...STOCHASTIC_SCHEMAS,
  ];
  const schema = all.find((s) => s.path === entry.path);
  if (schema === undefined) throw new Error(`no schema for ${entry.path}`);
  return schema;
}

/** [name, Arrow type, nullable] of every column of a Parquet file, as written. */
async function columnsOnDisk(file: string): Promise<[string, string, boolean][]> {
  const table = tableFromIPC(readParquet(new Uint8Array(await readFile(file))).intoIPCStream());
  return table.schema.fields.map((f) => [f.name, String(f.type), f.nullable]);
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

/** Whether a term holds for a run of `c` (the case directory tells estimation and load statistics). */
async function holds(term: OutputConditionTerm, c: Case): Promise<boolean> {
  const { config, system } = c;
  const entityCount: Record<string, number> = {
    costs: 1,
    hydros: system.hydros.length,
    thermals: system.thermals.length,
    exchanges: system.lines.length,
    buses: system.buses.length,
    pumping_stations: system.pumpingStations.length,
    contracts: system.energyContracts.length,
    non_controllables: system.nonControllableSources.length,
    inflow_lags: system.hydros.length,
    "violations/generic": system.genericConstraints.length,
  };
  if (term.startsWith("entity:")) return (entityCount[term.slice("entity:".length)] ?? 0) > 0;
  switch (term) {
    case "training":
      return config.training.enabled;
    case "exports.training":
      return config.exports.training;
    case "exports.cuts":
      return config.exports.cuts;
    case "exports.states":
      return config.exports.states;
    case "exports.stochastic":
      return config.exports.stochastic;
    case "simulation":
      return config.simulation.enabled && config.simulation.numScenarios > 0 && config.exports.simulation;
    case "cut_selection":
      return config.training.cutSelection.enabled && config.training.cutSelection.method !== null;
    case "store_basis":
      return config.policy.checkpointing.storeBasis;
    case "fpha_computed":
      return c.productionModels.some((m) =>
        (m.selectionMode === "stage_ranges" ? m.stageRanges : m.seasons).some(
          (ch) => ch.fphaConfig?.source === "computed",
        ),
      );
    case "estimation":
      return !(await exists(path.join(c.directory, "scenarios/inflow_seasonal_stats.parquet")));
    case "load_statistics":
      return exists(path.join(c.directory, "scenarios/load_seasonal_stats.parquet"));
    default:
      throw new Error(`unknown condition ${term}`);
  }
}

/** Whether `entry` is on disk under `out`: per-stage binaries all there, Hive partitions with scenario 0. */
async function present(out: string, entry: BookOutputFile, stages: number): Promise<boolean> {
  if (entry.path.endsWith("stage_NNN.bin")) {
    const dir = path.join(out, path.dirname(entry.path));
    const names = await readdir(dir).catch(() => [] as string[]);
    return names.length > 0 && names.filter((n) => /^stage_\d{3}\.bin$/.test(n)).length === stages;
  }
  if (entry.format === "hive-parquet") return exists(path.join(out, entry.path, "scenario_id=0000", "data.parquet"));
  return exists(path.join(out, entry.path));
}

/** A written entry has the book's columns and types (Parquet) or decodes per stage (FlatBuffers). */
async function checkContent(out: string, entry: BookOutputFile, stages: number): Promise<void> {
  if (entry.format === "parquet" || entry.format === "hive-parquet") {
    const file =
      entry.format === "hive-parquet"
        ? path.join(out, entry.path, "scenario_id=0000", "data.parquet")
        : path.join(out, entry.path);
    const schema = schemaOf(entry);
    const ours = schema.columns.map((c) => [c.name, c.type, c.nullable]);
    // Our definition is the book's table...
    const book = bookColumns(entry);
    if (book !== null) expect(ours, `${entry.path}: our schema against the book`).toEqual(book);
    // ...and the file holds exactly it (Arrow type names as apache-arrow prints them).
    const want = schema.arrow.fields.map((f) => [f.name, String(f.type), f.nullable]);
    expect(await columnsOnDisk(file), `${entry.path}: columns on disk`).toEqual(want);
  } else if (entry.format === "flatbuffers" && entry.path !== "policy/states/stage_NNN.bin") {
    for (let t = 0; t < stages; t++) {
      const file = path.join(out, path.dirname(entry.path), `stage_${String(t).padStart(3, "0")}.bin`);
      const decoded = entry.path.startsWith("policy/basis/") ? await readStageBasis(file) : await readStageCuts(file);
      expect(decoded.ok, file).toBe(true);
      if (decoded.ok) expect(decoded.value.stageIndex).toBe(t);
    }
  }
}

interface Run {
  readonly out: string;
  readonly c: Case;
}

async function run(dir: string, patch: (c: Case) => Case): Promise<Run> {
  const loaded = await loadCase(dir);
  if (!loaded.ok) throw new Error(loaded.error.message);
  const c = patch(loaded.value);
  const out = await mkdtemp(path.join(tmpdir(), "cobre-book-outputs-"));
  dirs.push(out);
  const r = await runStudy(c, { outputDir: out });
  if (!r.ok) throw new Error(r.error.message);
  return { out, c };
}

let allOn: Run;
let defaults: Run;
beforeAll(async () => {
  allOn = await run(d07, (c) => ({
    ...c,
    config: {
      ...c.config,
      training: {
        ...c.config.training,
        stoppingRules: [{ type: "iteration_limit", limit: 3 }],
        cutSelection: { ...c.config.training.cutSelection, enabled: true, method: "level1", checkFrequency: 1 },
      },
      simulation: { ...c.config.simulation, enabled: true, numScenarios: 2 },
      policy: { ...c.config.policy, checkpointing: { ...c.config.policy.checkpointing, storeBasis: true } },
      exports: { ...c.config.exports, training: true, cuts: true, states: true, simulation: true, stochastic: true },
    },
  }));
  defaults = await run(tiny, (c) => ({
    ...c,
    config: {
      ...c.config,
      training: { ...c.config.training, stoppingRules: [{ type: "iteration_limit", limit: 2 }] },
      simulation: { ...c.config.simulation, enabled: false },
    },
  }));
}, 300_000);

describe("the book's output files", () => {
  it.each(BOOK_OUTPUT_FILES.map((f) => [f.path, f] as const))(
    "%s is written exactly when its condition holds",
    async (_path, entry) => {
      for (const { out, c } of [allOn, defaults]) {
        let expected = true;
        for (const term of entry.when) expected &&= await holds(term, c);
        const isThere = await present(out, entry, c.system.stages.length);
        expect({ run: c.directory, written: isThere }).toEqual({ run: c.directory, written: expected });
        if (isThere) await checkContent(out, entry, c.system.stages.length);
      }
    },
  );

  it("every entry but those of absent entity families or estimation is seen written by one of the runs", async () => {
    const never: string[] = [];
    for (const entry of BOOK_OUTPUT_FILES) {
      let seen = false;
      for (const { c } of [allOn, defaults]) {
        let all = true;
        for (const term of entry.when) all &&= await holds(term, c);
        seen ||= all;
      }
      if (!seen) never.push(entry.path);
    }
    // d07 has no lines, pumps, contracts, NCS or generic constraints, and gives its inflow statistics.
    expect(never).toEqual([
      "simulation/exchanges/",
      "simulation/pumping_stations/",
      "simulation/contracts/",
      "simulation/non_controllables/",
      "simulation/violations/generic/",
      "stochastic/inflow_seasonal_stats.parquet",
      "stochastic/inflow_ar_coefficients.parquet",
      "stochastic/fitting_report.json",
    ]);
  });
});

describe("docs/output-format.md", () => {
  it("lists every file of the table", async () => {
    const doc = await readFile(path.join(repoRoot, "docs/output-format.md"), "utf8");
    const missing = BOOK_OUTPUT_FILES.filter((f) => {
      const name = f.format === "hive-parquet" ? f.path.replace(/^simulation\/(?!costs)/, "") : f.path;
      return !doc.includes(`\`${name}\``);
    }).map((f) => f.path);
    expect(missing).toEqual([]);
  });
});

describe("training/scaling_report.json", () => {
  it("has one object per stage with the book's before/after ranges; nothing rescales our LPs", async () => {
    const report = JSON.parse(await readFile(path.join(allOn.out, "training/scaling_report.json"), "utf8"));
    expect(Array.isArray(report)).toBe(true);
    expect(report.map((s: { stage: number }) => s.stage)).toEqual(allOn.c.system.stages.map((_, t) => t));
    for (const s of report) {
      expect(Object.keys(s)).toEqual(["stage", "before", "after"]);
      expect(Object.keys(s.before)).toEqual(["coefficient_min", "coefficient_max", "rhs_min", "rhs_max"]);
      expect(s.after).toEqual(s.before);
      expect(s.before.coefficient_min).toBeGreaterThan(0);
      expect(s.before.coefficient_max).toBeGreaterThanOrEqual(s.before.coefficient_min);
      expect(s.before.rhs_max).toBeGreaterThanOrEqual(s.before.rhs_min);
    }
  });
});

describe("hydro_models/fpha_hyperplanes.parquet", () => {
  it("replays the run as a precomputed input: same planes loaded, same lower bound", async () => {
    // The book: copy the file to system/fpha_hyperplanes.parquet and use source "precomputed".
    const replay = await mkdtemp(path.join(tmpdir(), "cobre-fpha-replay-"));
    dirs.push(replay);
    await cp(d07, replay, { recursive: true });
    await cp(
      path.join(allOn.out, "hydro_models/fpha_hyperplanes.parquet"),
      path.join(replay, "system/fpha_hyperplanes.parquet"),
    );
    const modelsFile = path.join(replay, "system/hydro_production_models.json");
    const models = (await readFile(modelsFile, "utf8")).replaceAll('"computed"', '"precomputed"');
    await writeFile(modelsFile, models);

    const computed = await loadCase(d07);
    const precomputed = await loadCase(replay);
    if (!computed.ok || !precomputed.ok) throw new Error("cannot load d07 or its replay");
    expect(computed.value.fphaHyperplanes).toHaveLength(0);
    expect(precomputed.value.fphaHyperplanes.length).toBeGreaterThan(0);
    const limit = (c: Case): Case => ({
      ...c,
      config: {
        ...c.config,
        training: { ...c.config.training, stoppingRules: [{ type: "iteration_limit", limit: 3 }] },
      },
    });
    const a = await runStudy(limit(computed.value), { outputDir: await mkdtemp(path.join(tmpdir(), "cobre-fpha-a-")) });
    const b = await runStudy(limit(precomputed.value), {
      outputDir: await mkdtemp(path.join(tmpdir(), "cobre-fpha-b-")),
    });
    if (!a.ok || !b.ok) throw new Error("training failed");
    expect(b.value.training!.finalLowerBound).toBe(a.value.training!.finalLowerBound);
    // A precomputed case fits nothing, so writes no hydro_models/.
    expect(await exists(path.join(b.value.outputDir, "hydro_models"))).toBe(false);
  });
});
