/**
 * docs/compatibility.md covers the Rust tool: every command of the book's CLI reference,
 * every config.json field with the status that @cobre/core's lists give it, and every
 * file of the book's output tree.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { IMPLEMENTED_CONFIG_FIELDS, UNSUPPORTED_CONFIG_FIELDS } from "@cobre/core";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const doc = readFileSync(path.join(root, "docs/compatibility.md"), "utf8");

/** The status cell of the table row whose first cell is `` `name` ``. */
function statusOf(name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^\\|\\s*\`${escaped}\`\\s*\\|\\s*([^|]+?)\\s*\\|`, "m").exec(doc)?.[1];
}

// The book's CLI reference (guide/cli-reference.md): subcommands.
const COMMANDS = ["init", "run", "validate", "report", "summary", "schema", "version"];

// The book's output tree (reference/output-format.md).
const OUTPUT_FILES = [
  "training/_manifest.json",
  "training/metadata.json",
  "training/convergence.parquet",
  "training/dictionaries/codes.json",
  "training/dictionaries/entities.csv",
  "training/dictionaries/variables.csv",
  "training/dictionaries/bounds.parquet",
  "training/dictionaries/state_dictionary.json",
  "training/timing/iterations.parquet",
  "training/timing/mpi_ranks.parquet",
  "training/solver/iterations.parquet",
  "training/solver/retry_histogram.parquet",
  "training/scaling_report.json",
  "training/cut_selection/iterations.parquet",
  "policy/cuts/stage_NNN.bin",
  "policy/basis/stage_NNN.bin",
  "policy/states/stage_NNN.bin",
  "policy/metadata.json",
  "simulation/_manifest.json",
  "simulation/costs/",
  "simulation/hydros/",
  "simulation/thermals/",
  "simulation/exchanges/",
  "simulation/buses/",
  "simulation/pumping_stations/",
  "simulation/contracts/",
  "simulation/non_controllables/",
  "simulation/inflow_lags/",
  "simulation/violations/generic/",
  "simulation/solver/iterations.parquet",
  "simulation/solver/retry_histogram.parquet",
  "hydro_models/fpha_hyperplanes.parquet",
  "stochastic/inflow_seasonal_stats.parquet",
  "stochastic/inflow_ar_coefficients.parquet",
  "stochastic/correlation.json",
  "stochastic/fitting_report.json",
  "stochastic/noise_openings.parquet",
  "stochastic/load_seasonal_stats.parquet",
];

const STATUSES = ["same", "different", "not implemented (warns)", "in progress", "n/a"];

describe("docs/compatibility.md", () => {
  it.each(COMMANDS)("names the command %s", (command) => {
    expect(doc).toMatch(new RegExp(`\\|\\s*\`cobre ${command}\\b`));
  });

  it.each(IMPLEMENTED_CONFIG_FIELDS)("config field %s: same or different", (field) => {
    expect(["same", "different"]).toContain(statusOf(field));
  });

  it.each(UNSUPPORTED_CONFIG_FIELDS.map((f) => f.field))("config field %s: not implemented (warns)", (field) => {
    expect(statusOf(field)).toBe("not implemented (warns)");
  });

  it.each(OUTPUT_FILES)("output file %s has a status", (file) => {
    expect(STATUSES).toContain(statusOf(file));
  });
});
