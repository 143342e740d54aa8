/**
 * Broken-case corpus: reference cases copied to a temp dir and mutated, one defect each.
 * Every case must yield a structured error of the expected kind naming file and field,
 * and neither `validate` nor `loadCase` may throw.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadCase, validate, type ValidationKind } from "@cobre/io";
import { afterAll, describe, expect, it } from "vitest";
import {
  EXAMPLES,
  cleanupCopies,
  copyCase,
  editJson,
  editParquet,
  readParquetTable,
  referenceCase,
  truncateFile,
  writeCaseFile,
  writeParquetTable,
} from "./support/case-fixture";

interface BrokenCase {
  readonly name: string;
  readonly base: string;
  readonly mutate: (dir: string) => void;
  readonly kind: ValidationKind;
  readonly file: string;
  /** Substring expected in `context.field` (omitted when the defect has no field, e.g. a missing file). */
  readonly field?: string;
}

const INFLOW = "scenarios/inflow_seasonal_stats.parquet";
const LOAD = "scenarios/load_seasonal_stats.parquet";

const correlation =
  (matrix: number[][], nEntities = matrix.length) =>
  (dir: string) =>
    writeCaseFile(
      dir,
      "scenarios/correlation.json",
      JSON.stringify({
        method: "spectral",
        profiles: {
          default: {
            correlation_groups: [
              { name: "g", entities: Array.from({ length: nEntities }, (_, i) => ({ type: "inflow", id: i })), matrix },
            ],
          },
        },
      }),
    );

const CASES: BrokenCase[] = [
  // Layer 1: structural
  {
    name: "missing config.json",
    base: "1dtoy",
    mutate: (d) => rmSync(join(d, "config.json")),
    kind: "MissingFile",
    file: "config.json",
  },
  {
    name: "missing hydros.json",
    base: "1dtoy",
    mutate: (d) => rmSync(join(d, "system/hydros.json")),
    kind: "MissingFile",
    file: "system/hydros.json",
  },
  {
    name: "missing stages.json",
    base: "4ree",
    mutate: (d) => rmSync(join(d, "stages.json")),
    kind: "MissingFile",
    file: "stages.json",
  },
  {
    name: "missing initial_conditions.json",
    base: "d02-single-hydro",
    mutate: (d) => rmSync(join(d, "initial_conditions.json")),
    kind: "MissingFile",
    file: "initial_conditions.json",
  },
  // Layer 2: parse and schema
  {
    name: "truncated config.json",
    base: "1dtoy",
    mutate: (d) => truncateFile(d, "config.json"),
    kind: "ParseError",
    file: "config.json",
  },
  {
    name: "truncated penalties.json",
    base: "4ree",
    mutate: (d) => truncateFile(d, "penalties.json"),
    kind: "ParseError",
    file: "penalties.json",
  },
  {
    name: "bus_id as a string",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "system/hydros.json", (j) => {
        j.hydros[0].bus_id = "zero";
      }),
    kind: "TypeMismatch",
    file: "system/hydros.json",
    field: "hydros[0].bus_id",
  },
  {
    name: "fractional stage id",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "stages.json", (j) => {
        j.stages[0].id = 0.5;
      }),
    kind: "TypeMismatch",
    file: "stages.json",
    field: "stages[0].id",
  },
  {
    name: "thermal without cost_per_mwh",
    base: "d01-thermal-dispatch",
    mutate: (d) =>
      editJson(d, "system/thermals.json", (j) => {
        delete j.thermals[1].cost_per_mwh;
      }),
    kind: "SchemaViolation",
    file: "system/thermals.json",
    field: "thermals[1].cost_per_mwh",
  },
  {
    name: "config without training",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "config.json", (j) => {
        delete j.training;
      }),
    kind: "SchemaViolation",
    file: "config.json",
    field: "training",
  },
  {
    name: "unknown generation model",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "system/hydros.json", (j) => {
        j.hydros[0].generation.model = "magic";
      }),
    kind: "InvalidEnum",
    file: "system/hydros.json",
    field: "hydros[0].generation",
  },
  {
    name: "unknown stopping rule type",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "config.json", (j) => {
        j.training.stopping_rules[0].type = "forever";
      }),
    kind: "InvalidEnum",
    file: "config.json",
    field: "training.stopping_rules[0]",
  },
  {
    name: "bad policy.mode",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "config.json", (j) => {
        j.policy = { mode: "hot" };
      }),
    kind: "InvalidEnum",
    file: "config.json",
    field: "policy.mode",
  },
  {
    name: "bad inflow_non_negativity.method",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "config.json", (j) => {
        j.modeling.inflow_non_negativity.method = "clip";
      }),
    kind: "InvalidEnum",
    file: "config.json",
    field: "modeling.inflow_non_negativity.method",
  },
  {
    name: "bad sampling scheme",
    base: "4ree",
    mutate: (d) =>
      editJson(d, "config.json", (j) => {
        j.training.scenario_source.inflow.scheme = "random";
      }),
    kind: "InvalidEnum",
    file: "config.json",
    field: "training.scenario_source.inflow.scheme",
  },
  {
    name: "bad block_mode",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "stages.json", (j) => {
        j.stages[1].block_mode = "serial";
      }),
    kind: "InvalidEnum",
    file: "stages.json",
    field: "stages[1].block_mode",
  },
  {
    name: "bad policy graph type",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "stages.json", (j) => {
        j.policy_graph.type = "infinite";
      }),
    kind: "InvalidEnum",
    file: "stages.json",
    field: "policy_graph.type",
  },
  {
    name: "negative num_scenarios",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "stages.json", (j) => {
        j.stages[0].num_scenarios = -3;
      }),
    kind: "OutOfRange",
    file: "stages.json",
    field: "stages[0].num_scenarios",
  },
  {
    name: "legacy scenario_source in stages.json",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "stages.json", (j) => {
        j.scenario_source = { seed: 1 };
      }),
    kind: "SchemaViolation",
    file: "stages.json",
    field: "scenario_source",
  },
  {
    name: "unknown key in a scheme entry",
    base: "4ree",
    mutate: (d) =>
      editJson(d, "config.json", (j) => {
        j.training.scenario_source.load.extra = 1;
      }),
    kind: "SchemaViolation",
    file: "config.json",
    field: "training.scenario_source.load",
  },
  {
    name: "bad contract type",
    base: "1dtoy",
    mutate: (d) =>
      writeCaseFile(
        d,
        "system/energy_contracts.json",
        JSON.stringify({
          contracts: [
            { id: 0, name: "c", bus_id: 0, type: "swap", price_per_mwh: 1, limits: { min_mw: 0, max_mw: 1 } },
          ],
        }),
      ),
    kind: "InvalidEnum",
    file: "system/energy_contracts.json",
    field: "contracts[0].type",
  },
  {
    name: "truncated Parquet",
    base: "1dtoy",
    mutate: (d) => truncateFile(d, INFLOW),
    kind: "ParseError",
    file: INFLOW,
  },
  {
    name: "Parquet with a missing column",
    base: "1dtoy",
    mutate: (d) =>
      writeParquetTable(d, INFLOW, readParquetTable(d, INFLOW).select(["hydro_id", "stage_id", "mean_m3s"])),
    kind: "SchemaViolation",
    file: INFLOW,
    field: "std_m3s",
  },
  {
    name: "Parquet column of the wrong type",
    base: "1dtoy",
    mutate: (d) => editParquet(d, LOAD, (c) => ({ ...c, stage_id: Float64Array.from(c.stage_id ?? []) })),
    kind: "TypeMismatch",
    file: LOAD,
    field: "stage_id",
  },
  {
    name: "Parquet null in a required column",
    base: "1dtoy",
    mutate: (d) =>
      editParquet(d, INFLOW, (c) => ({ ...c, mean_m3s: Array.from(c.mean_m3s ?? [], (v, i) => (i === 0 ? null : v)) })),
    kind: "SchemaViolation",
    file: INFLOW,
    field: "mean_m3s",
  },
  // Layer 3: referential
  {
    name: "dangling hydro bus_id",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "system/hydros.json", (j) => {
        j.hydros[0].bus_id = 99;
      }),
    kind: "MissingReference",
    file: "system/hydros.json",
    field: "hydros[0].bus_id",
  },
  {
    name: "dangling thermal bus_id",
    base: "4ree",
    mutate: (d) =>
      editJson(d, "system/thermals.json", (j) => {
        j.thermals[3].bus_id = 42;
      }),
    kind: "MissingReference",
    file: "system/thermals.json",
    field: "thermals[3].bus_id",
  },
  {
    name: "dangling line source bus",
    base: "d04-transmission",
    mutate: (d) =>
      editJson(d, "system/lines.json", (j) => {
        j.lines[0].source_bus_id = 7;
      }),
    kind: "MissingReference",
    file: "system/lines.json",
    field: "lines[0].source_bus_id",
  },
  {
    name: "dangling downstream_id",
    base: "d03-two-hydro-cascade",
    mutate: (d) =>
      editJson(d, "system/hydros.json", (j) => {
        j.hydros[0].downstream_id = 5;
      }),
    kind: "MissingReference",
    file: "system/hydros.json",
    field: "hydros[0].downstream_id",
  },
  {
    name: "duplicate thermal id",
    base: "d01-thermal-dispatch",
    mutate: (d) =>
      editJson(d, "system/thermals.json", (j) => {
        j.thermals[1].id = j.thermals[0].id;
      }),
    kind: "DuplicateId",
    file: "system/thermals.json",
    field: "thermals[1].id",
  },
  {
    name: "duplicate bus id",
    base: "4ree",
    mutate: (d) =>
      editJson(d, "system/buses.json", (j) => {
        j.buses[4].id = 0;
      }),
    kind: "DuplicateId",
    file: "system/buses.json",
    field: "buses[4].id",
  },
  {
    name: "inflow stats for an unknown hydro",
    base: "1dtoy",
    mutate: (d) => editParquet(d, INFLOW, (c) => ({ ...c, hydro_id: Int32Array.from(c.hydro_id ?? [], () => 9) })),
    kind: "MissingReference",
    file: INFLOW,
    field: "hydro_id",
  },
  {
    name: "load stats for an unknown stage",
    base: "1dtoy",
    mutate: (d) =>
      editParquet(d, LOAD, (c) => ({ ...c, stage_id: Int32Array.from(c.stage_id ?? [], (s) => (s ?? 0) + 100) })),
    kind: "StageMismatch",
    file: LOAD,
    field: "stage_id",
  },
  {
    name: "initial storage of an unknown hydro",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "initial_conditions.json", (j) => {
        j.storage.push({ hydro_id: 3, value_hm3: 1 });
      }),
    kind: "MissingReference",
    file: "initial_conditions.json",
    field: "storage[1].hydro_id",
  },
  {
    name: "generic constraint on a missing thermal",
    base: "d13-generic-constraint",
    mutate: (d) =>
      editJson(d, "constraints/generic_constraints.json", (j) => {
        j.constraints[0].expression = "thermal_generation(8)";
      }),
    kind: "MissingReference",
    file: "constraints/generic_constraints.json",
    field: "constraints[0].expression",
  },
  {
    name: "load factor for an unknown block",
    base: "d14-block-factors",
    mutate: (d) =>
      editJson(d, "scenarios/load_factors.json", (j) => {
        j.load_factors[0].block_factors[1].block_id = 9;
      }),
    kind: "MissingReference",
    file: "scenarios/load_factors.json",
    field: "load_factors[0].block_factors[1].block_id",
  },
  {
    name: "stage with an undefined season",
    base: "d12-par-annual",
    mutate: (d) =>
      editJson(d, "stages.json", (j) => {
        j.stages[2].season_id = 77;
      }),
    kind: "MissingReference",
    file: "stages.json",
    field: "stages[2].season_id",
  },
  // Layer 4: dimensional
  {
    name: "inflow stats stage coverage hole",
    base: "1dtoy",
    mutate: (d) =>
      editParquet(d, INFLOW, () => ({
        hydro_id: Int32Array.from([0, 0, 0]),
        stage_id: Int32Array.from([0, 1, 3]),
        mean_m3s: Float64Array.from([1, 1, 1]),
        std_m3s: Float64Array.from([1, 1, 1]),
      })),
    kind: "CoverageMismatch",
    file: INFLOW,
    field: "hydro_id",
  },
  {
    name: "duplicate stats row",
    base: "1dtoy",
    mutate: (d) =>
      editParquet(d, LOAD, () => ({
        bus_id: Int32Array.from([0, 0, 0, 0, 0]),
        stage_id: Int32Array.from([0, 1, 2, 3, 3]),
        mean_mw: Float64Array.from([1, 1, 1, 1, 1]),
        std_mw: Float64Array.from([0, 0, 0, 0, 0]),
      })),
    kind: "DuplicateId",
    file: LOAD,
    field: "bus_id",
  },
  {
    name: "stage without blocks",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "stages.json", (j) => {
        j.stages[1].blocks = [];
      }),
    kind: "CoverageMismatch",
    file: "stages.json",
    field: "blocks",
  },
  {
    name: "stage ending before it starts",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "stages.json", (j) => {
        j.stages[0].end_date = "2000-01-01";
      }),
    kind: "StageMismatch",
    file: "stages.json",
    field: "end_date",
  },
  {
    name: "11 evaporation coefficients",
    base: "d08-evaporation",
    mutate: (d) =>
      editJson(d, "system/hydros.json", (j) => {
        j.hydros[0].evaporation.coefficients_mm.pop();
      }),
    kind: "CoverageMismatch",
    file: "system/hydros.json",
    field: "hydros[0].evaporation.coefficients_mm",
  },
  {
    name: "non-contiguous AR lags",
    base: "d16-par1-lag-shift",
    mutate: (d) =>
      editParquet(d, "scenarios/inflow_ar_coefficients.parquet", (c) => ({
        ...c,
        lag: Int32Array.from(c.lag ?? [], () => 2),
      })),
    kind: "CoverageMismatch",
    file: "scenarios/inflow_ar_coefficients.parquet",
    field: "lag",
  },
  {
    name: "hydro without initial storage",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "initial_conditions.json", (j) => {
        j.storage = [];
      }),
    kind: "CoverageMismatch",
    file: "initial_conditions.json",
    field: "storage",
  },
  {
    name: "precomputed FPHA without planes",
    base: "d05-fpha-constant-head",
    mutate: (d) => rmSync(join(d, "system/fpha_hyperplanes.parquet")),
    kind: "CoverageMismatch",
    file: "system/fpha_hyperplanes.parquet",
    field: "hydro_id",
  },
  {
    name: "correlation matrix of the wrong size",
    base: "4ree",
    mutate: correlation(
      [
        [1, 0],
        [0, 1],
      ],
      4,
    ),
    kind: "CoverageMismatch",
    file: "scenarios/correlation.json",
    field: "matrix",
  },
  // Layer 5: semantic
  {
    name: "negative thermal capacity",
    base: "d01-thermal-dispatch",
    mutate: (d) =>
      editJson(d, "system/thermals.json", (j) => {
        j.thermals[0].generation.max_mw = -5;
      }),
    kind: "CapacityViolation",
    file: "system/thermals.json",
    field: "thermals[0].generation.max_mw",
  },
  {
    name: "negative line capacity",
    base: "d04-transmission",
    mutate: (d) =>
      editJson(d, "system/lines.json", (j) => {
        j.lines[0].capacity.reverse_mw = -1;
      }),
    kind: "CapacityViolation",
    file: "system/lines.json",
    field: "lines[0].capacity.reverse_mw",
  },
  {
    name: "thermal min > max",
    base: "d01-thermal-dispatch",
    mutate: (d) =>
      editJson(d, "system/thermals.json", (j) => {
        j.thermals[1].generation.min_mw = 100;
      }),
    kind: "PhysicalConstraint",
    file: "system/thermals.json",
    field: "thermals[1].generation.min_mw",
  },
  {
    name: "storage min > max",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "system/hydros.json", (j) => {
        j.hydros[0].reservoir.min_storage_hm3 = 1e9;
      }),
    kind: "PhysicalConstraint",
    file: "system/hydros.json",
    field: "hydros[0].reservoir.min_storage_hm3",
  },
  {
    name: "initial storage above max",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "initial_conditions.json", (j) => {
        j.storage[0].value_hm3 = 1e9;
      }),
    kind: "PhysicalConstraint",
    file: "initial_conditions.json",
    field: "storage[0].value_hm3",
  },
  {
    name: "cascade cycle",
    base: "d03-two-hydro-cascade",
    mutate: (d) =>
      editJson(d, "system/hydros.json", (j) => {
        j.hydros[1].downstream_id = 0;
      }),
    kind: "PhysicalConstraint",
    file: "system/hydros.json",
    field: "downstream_id",
  },
  {
    name: "non-PSD correlation",
    base: "4ree",
    mutate: correlation([
      [1, 0.9, -0.9, 0],
      [0.9, 1, 0.9, 0],
      [-0.9, 0.9, 1, 0],
      [0, 0, 0, 1],
    ]),
    kind: "PhysicalConstraint",
    file: "scenarios/correlation.json",
    field: "matrix",
  },
  {
    name: "asymmetric correlation",
    base: "4ree",
    mutate: correlation([
      [1, 0.2, 0, 0],
      [0.3, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]),
    kind: "PhysicalConstraint",
    file: "scenarios/correlation.json",
    field: "matrix",
  },
  {
    name: "deficit costs not increasing",
    base: "d09-multi-deficit",
    mutate: (d) =>
      editJson(d, "penalties.json", (j) => {
        j.bus.deficit_segments = [
          { depth_mw: 10, cost: 500 },
          { depth_mw: null, cost: 100 },
        ];
      }),
    kind: "PenaltyConsistency",
    file: "penalties.json",
    field: "bus.deficit_segments[1].cost",
  },
  {
    name: "last deficit segment bounded",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "penalties.json", (j) => {
        j.bus.deficit_segments[j.bus.deficit_segments.length - 1].depth_mw = 50;
      }),
    kind: "PenaltyConsistency",
    file: "penalties.json",
    field: "depth_mw",
  },
  {
    name: "negative penalty cost",
    base: "4ree",
    mutate: (d) =>
      editJson(d, "penalties.json", (j) => {
        j.hydro.spillage_cost = -1;
      }),
    kind: "PenaltyConsistency",
    file: "penalties.json",
    field: "hydro.spillage_cost",
  },
  {
    name: "no iteration_limit rule",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "config.json", (j) => {
        j.training.stopping_rules = [{ type: "time_limit", seconds: 10 }];
      }),
    kind: "IncompatibleSettings",
    file: "config.json",
    field: "training.stopping_rules",
  },
  {
    name: "missing forward_passes",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "config.json", (j) => {
        delete j.training.forward_passes;
      }),
    kind: "SchemaViolation",
    file: "config.json",
    field: "training.forward_passes",
  },
  {
    name: "negative retry time budget",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "config.json", (j) => {
        j.training.solver = { retry_time_budget_seconds: -1 };
      }),
    kind: "OutOfRange",
    file: "config.json",
    field: "training.solver.retry_time_budget_seconds",
  },
  {
    name: "cut selection without method",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "config.json", (j) => {
        j.training.cut_selection = { enabled: true };
      }),
    kind: "IncompatibleSettings",
    file: "config.json",
    field: "training.cut_selection.method",
  },
  {
    name: "CVaR alpha out of range",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "stages.json", (j) => {
        j.stages[0].risk_measure = { cvar: { alpha: 1.5, lambda: 0.5 } };
      }),
    kind: "OutOfRange",
    file: "stages.json",
    field: "stages[0].risk_measure.cvar.alpha",
  },
  {
    name: "negative inflow std",
    base: "1dtoy",
    mutate: (d) => editParquet(d, INFLOW, (c) => ({ ...c, std_m3s: Float64Array.from(c.std_m3s ?? [], () => -1) })),
    kind: "OutOfRange",
    file: INFLOW,
    field: "std_m3s",
  },
  {
    name: "productivity override on fpha",
    base: "d05-fpha-constant-head",
    mutate: (d) =>
      editJson(d, "system/hydro_production_models.json", (j) => {
        j.production_models[0].stage_ranges[0].productivity_override = 2;
      }),
    kind: "IncompatibleSettings",
    file: "system/hydro_production_models.json",
    field: "productivity_override",
  },
  {
    name: "external scheme without its file",
    base: "1dtoy",
    mutate: (d) =>
      editJson(d, "config.json", (j) => {
        j.training.scenario_source.load.scheme = "external";
      }),
    kind: "IncompatibleSettings",
    file: "config.json",
    field: "training.scenario_source.load.scheme",
  },
];

const available = existsSync(EXAMPLES);

describe.skipIf(!available && process.env.CI !== "true")("broken-case corpus", () => {
  afterAll(cleanupCopies);

  it("has at least 40 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, bc) => {
    const dir = copyCase(referenceCase(bc.base));
    bc.mutate(dir);
    const report = await validate(dir);
    expect(report.valid).toBe(false);
    const match = report.errors.find(
      (e) =>
        e.kind === bc.kind &&
        e.context.file === bc.file &&
        (bc.field === undefined || (e.context.field ?? "").includes(bc.field)),
    );
    expect(match, JSON.stringify(report.errors, null, 1)).toBeDefined();
    expect(match?.message.length).toBeGreaterThan(0);
    const loaded = await loadCase(dir);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.error.kind).toBe("InvalidCase");
      expect(loaded.error.errors).toEqual(report.errors);
    }
  });

  it("reports a missing directory without throwing", async () => {
    const report = await validate(join(EXAMPLES, "no-such-case"));
    expect(report.valid).toBe(false);
    expect(report.errors[0]?.kind).toBe("MissingFile");
    expect(report.layersCompleted).toEqual([]);
  });

  it("reports every error, not only the first", async () => {
    const dir = copyCase(referenceCase("4ree"));
    editJson(dir, "system/thermals.json", (j) => {
      j.thermals[0].generation.max_mw = -1;
      j.thermals[5].bus_id = 77;
    });
    editJson(dir, "system/hydros.json", (j) => {
      j.hydros[2].reservoir.min_storage_hm3 = 1e12;
    });
    const report = await validate(dir);
    const kinds = new Set(report.errors.map((e) => e.kind));
    expect(kinds).toEqual(new Set(["CapacityViolation", "MissingReference", "PhysicalConstraint"]));
    expect(report.layersCompleted).toEqual(["structural", "schema", "referential", "dimensional", "semantic"]);
  });

  it("reports schema errors in several files at once and stops before layer 3", async () => {
    const dir = copyCase(referenceCase("1dtoy"));
    truncateFile(dir, "config.json");
    editJson(dir, "system/buses.json", (j) => {
      j.buses[0].name = 5;
    });
    const report = await validate(dir);
    expect(report.errors.map((e) => e.context.file).sort()).toEqual(["config.json", "system/buses.json"]);
    expect(report.layersCompleted).toEqual(["structural"]);
  });

  it("warns with DefaultApplied (not SchemaViolation) when training.tree_seed is absent", async () => {
    const report = await validate(referenceCase("1dtoy"));
    expect(report.warnings.filter((w) => w.context.field === "training.tree_seed")).toEqual([
      expect.objectContaining({
        kind: "DefaultApplied",
        context: { file: "config.json", field: "training.tree_seed" },
      }),
    ]);
  });

  it('accepts the deprecated order_selection "fixed" as "pacf", with a DeprecatedOption warning', async () => {
    const dir = copyCase(referenceCase("1dtoy"));
    editJson(dir, "config.json", (j) => {
      j.estimation = { order_selection: "fixed" };
    });
    const report = await validate(dir);
    expect(report.valid).toBe(true);
    expect(report.warnings).toContainEqual(
      expect.objectContaining({
        kind: "DeprecatedOption",
        context: { file: "config.json", field: "estimation.order_selection" },
      }),
    );
    const loaded = await loadCase(dir);
    expect(loaded.ok && loaded.value.config.estimation.orderSelection).toBe("pacf");
  });

  it("warns DeprecatedOption for cut_selection.threshold, as Cobre does for any value", async () => {
    const dir = copyCase(referenceCase("1dtoy"));
    editJson(dir, "config.json", (j) => {
      j.training.cut_selection = { enabled: true, method: "level1", threshold: 3 };
    });
    const report = await validate(dir);
    expect(report.valid).toBe(true);
    expect(report.warnings.filter((w) => w.kind === "DeprecatedOption")).toEqual([
      expect.objectContaining({ context: { file: "config.json", field: "training.cut_selection.threshold" } }),
    ]);
    const loaded = await loadCase(dir);
    expect(loaded.ok && loaded.value.config.training.cutSelection.threshold).toBe(3);
  });
});
