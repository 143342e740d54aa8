/**
 * Generic-constraint expressions are parsed once, during validation, by the parser of
 * @cobre/core: syntax errors are `ParseError` records with the constraint id and the
 * column; unknown variables and entity ids are `MissingReference`; a valid case carries
 * the parsed form to the engine.
 */
import { loadCase, validate } from "@cobre/io";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupCopies, copyCase, editJson, referenceCase, writeCaseFile } from "./support/case-fixture";

afterAll(cleanupCopies);

const FILE = "constraints/generic_constraints.json";

function withExpression(base: string, expression: string): string {
  const dir = copyCase(referenceCase(base));
  writeCaseFile(
    dir,
    FILE,
    JSON.stringify({
      constraints: [
        // id 1: the constraint d13's bounds file refers to.
        { id: 1, name: "g1", expression, sense: "<=", slack: { enabled: true, penalty: 100 } },
      ],
    }),
  );
  return dir;
}

describe("generic constraint expressions in validation", () => {
  it("non_controllable_generation(99) with no NCS 99 is a MissingReference naming the variable", async () => {
    const report = await validate(withExpression("d15-non-controllable-source", "non_controllable_generation(99)"));
    expect(report.valid).toBe(false);
    expect(report.errors).toEqual([
      expect.objectContaining({
        kind: "MissingReference",
        context: { file: FILE, field: "constraints[0].expression", entity_id: 1, column: 1 },
      }),
    ]);
    expect(report.errors[0]!.message).toContain("non_controllable_generation(99)");
    expect(report.errors[0]!.message).toContain("ncs 99");
  });

  it("non_controllable_generation of an existing source validates", async () => {
    const report = await validate(withExpression("d15-non-controllable-source", "non_controllable_generation(0)"));
    expect(report.errors).toEqual([]);
  });

  it("a syntax error is a ParseError with the constraint id and the column", async () => {
    const report = await validate(withExpression("d13-generic-constraint", "thermal_generation(0) +* 2"));
    expect(report.valid).toBe(false);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({
      kind: "ParseError",
      context: { file: FILE, field: "constraints[0].expression", entity_id: 1, column: 24 },
    });
    expect(report.errors[0]!.message).toContain("constraint 1");
    expect(report.errors[0]!.message).toContain("column 24");
    const loaded = await loadCase(withExpression("d13-generic-constraint", "thermal_generation(0) +* 2"));
    expect(loaded.ok).toBe(false);
  });

  it("an unknown variable is a MissingReference at its column", async () => {
    const report = await validate(
      withExpression("d13-generic-constraint", "thermal_generation(0) - thermal_output(0)"),
    );
    expect(report.errors).toEqual([
      expect.objectContaining({
        kind: "MissingReference",
        context: { file: FILE, field: "constraints[0].expression", entity_id: 1, column: 25 },
      }),
    ]);
  });

  it("a block argument that a bound stage does not have is a MissingReference", async () => {
    const report = await validate(withExpression("d13-generic-constraint", "thermal_generation(0, 7)"));
    expect(report.errors.length).toBeGreaterThan(0);
    expect(report.errors[0]).toMatchObject({
      kind: "MissingReference",
      context: { file: FILE, field: "constraints[0].expression", entity_id: 1, column: 1 },
    });
    expect(report.errors[0]!.message).toContain("block 7");
    expect((await validate(withExpression("d13-generic-constraint", "thermal_generation(0, 0)"))).errors).toEqual([]);
  });

  it("a valid case carries the parsed expression to the engine", async () => {
    const dir = copyCase(referenceCase("d13-generic-constraint"));
    editJson(dir, FILE, (j) => {
      (j.constraints as { expression: string }[])[0]!.expression = "2 * thermal_generation(0) - 3";
    });
    const loaded = await loadCase(dir);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.system.genericConstraints[0]!.lhs).toEqual({
      terms: [{ coefficient: 2, variable: "thermal_generation", entityId: 0, blockId: null, column: 5 }],
      constant: -3,
    });
  });
});
