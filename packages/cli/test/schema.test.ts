/**
 * `cobre schema export`: one JSON Schema per input file, named as the Cobre reference
 * schemas, with the same required top-level properties (the zod schemas that validate
 * cases are the source, so this also checks them against the reference).
 */
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../src/args";
import { schemaCommand } from "../src/commands/schema";
import { INPUT_FILES, jsonSchemaOf } from "../src/input-schemas";
import { capture } from "./support/capture";
import { cobreJson, repoRoot } from "./support/cobre-bin";

const referenceDir = path.resolve(repoRoot, "../shared/cobre-reference/schemas");
const referenceNames = readdirSync(referenceDir)
  .filter((f) => f.endsWith(".schema.json"))
  .sort();
const read = (file: string) =>
  JSON.parse(readFileSync(file, "utf8")) as {
    required?: string[];
    properties?: Record<string, unknown>;
    type?: string;
  };

describe("cobre schema export", () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "cobre-schema-")), "schemas");
  let r: ReturnType<typeof cobreJson>;
  beforeAll(() => {
    r = cobreJson("schema", "export", dir);
  });

  it("writes one file per input file, named like the reference schemas", () => {
    expect(r.code, r.stderr).toBe(0);
    expect(INPUT_FILES.map((f) => `${f.name}.schema.json`).sort()).toEqual(referenceNames);
    // Other schemas (e.g. of output events) may be exported beside the input files.
    expect(r.envelope.data.files).toEqual(expect.arrayContaining(referenceNames));
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(referenceNames));
  });

  it.each(referenceNames)("%s has the reference's required top-level properties", (name) => {
    const ours = read(path.join(dir, name));
    const reference = read(path.join(referenceDir, name));
    expect(ours.type).toBe("object");
    expect(new Set(ours.required ?? [])).toEqual(new Set(reference.required ?? []));
    expect(Object.keys(ours.properties ?? {}).sort()).toEqual(Object.keys(reference.properties ?? {}).sort());
  });

  it("schemas are draft 2020-12 documents titled with the case path they describe", () => {
    for (const f of INPUT_FILES) {
      const s = jsonSchemaOf(f);
      expect(s.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(s.title).toBe(f.casePath);
    }
  });

  it("accepts --output-dir as in the Cobre book, and rejects unknown subcommands", async () => {
    const other = mkdtempSync(path.join(tmpdir(), "cobre-schema-"));
    expect((await capture(() => schemaCommand(["export"], other, "human"))).code).toBe(0);
    expect(readdirSync(other)).toEqual(expect.arrayContaining(referenceNames));
    await expect(schemaCommand(["import"], undefined, "human")).rejects.toThrow(UsageError);
    await expect(schemaCommand(["export", "a"], "b", "human")).rejects.toThrow("not both");
  });
});
