import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ALL_SCHEMAS, SIMULATION_SCHEMAS, type OutputSchema } from "../src/output/index";

const here = dirname(fileURLToPath(import.meta.url));
const reference = JSON.parse(
  readFileSync(join(here, "../../../../shared/cobre-reference/output_schemas.json"), "utf8"),
) as Record<string, [string, string, boolean][]>;

/** output_schemas.json spells the FPHA file with Parquet physical names. */
const normalize = (t: string) => ({ INT32: "Int32", DOUBLE: "Float64" })[t] ?? t;

function referenceKey(schema: OutputSchema): string {
  if (schema.path === "training/dictionaries/bounds.parquet") return "bounds.parquet";
  return schema.path;
}

describe("output schemas match output_schemas.json", () => {
  const parquetKeys = Object.keys(reference).filter((k) => !k.endsWith(".json"));

  it("defines every Parquet output of the reference, and nothing the reference lacks", () => {
    expect(ALL_SCHEMAS.map(referenceKey).sort()).toEqual(parquetKeys.sort());
    expect(parquetKeys).toHaveLength(18);
  });

  for (const schema of ALL_SCHEMAS) {
    it(`${schema.path}: names, types and nullability`, () => {
      const want = reference[referenceKey(schema)]!.map(([n, t, nullable]) => [n, normalize(t), nullable]);
      const got = schema.columns.map((c) => [c.name, c.type, c.nullable]);
      expect(got).toEqual(want);
      // The Arrow schema used at runtime agrees with the column specs.
      expect(schema.arrow.fields.map((f) => [f.name, f.nullable])).toEqual(want.map(([n, , nl]) => [n, nl]));
    });
  }

  it("has the book's column counts for the headline files", () => {
    const count = (p: string) => ALL_SCHEMAS.find((s) => s.path === p)!.columns.length;
    expect(count("training/convergence.parquet")).toBe(13);
    expect(count("training/timing/iterations.parquet")).toBe(16);
    expect(count("training/timing/mpi_ranks.parquet")).toBe(8);
    expect(SIMULATION_SCHEMAS.hydros.columns).toHaveLength(31);
    expect(SIMULATION_SCHEMAS.costs.columns).toHaveLength(26);
  });

  it("dictionary-encodes only id and code columns, never floats", () => {
    for (const s of ALL_SCHEMAS) {
      for (const c of s.columns) {
        if (c.type === "Float64") expect(c.dictionary, `${s.name}.${c.name}`).toBe(false);
        if (c.name.endsWith("_code") || c.name === "stage_id" || c.name === "block_id") expect(c.dictionary).toBe(true);
      }
    }
  });
});
