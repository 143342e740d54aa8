/**
 * The one parser of generic-constraint expressions: terms, constants, block arguments,
 * and failures that say where (1-based column) and whether the text is malformed or names
 * a variable outside the catalogue.
 */
import { describe, expect, it } from "vitest";
import { BLOCK_VARIABLES, STAGE_VARIABLES, VARIABLE_ENTITY, parseConstraintExpression } from "@cobre/core";

describe("parseConstraintExpression", () => {
  it("parses coefficients, signs, block arguments and constants", () => {
    const r = parseConstraintExpression(
      "2.5 * thermal_generation(5) - hydro_generation(3) + hydro_turbined(1, 0) - 100",
    );
    expect(r).toEqual({
      ok: true,
      value: {
        terms: [
          { coefficient: 2.5, variable: "thermal_generation", entityId: 5, blockId: null, column: 7 },
          { coefficient: -1, variable: "hydro_generation", entityId: 3, blockId: null, column: 31 },
          { coefficient: 1, variable: "hydro_turbined", entityId: 1, blockId: 0, column: 53 },
        ],
        constant: -100,
      },
    });
    const lead = parseConstraintExpression("-hydro_storage(0) + 1e3 * non_controllable_generation(99)");
    expect(lead.ok && lead.value.terms.map((t) => [t.coefficient, t.variable, t.entityId])).toEqual([
      [-1, "hydro_storage", 0],
      [1000, "non_controllable_generation", 99],
    ]);
  });

  it("knows the 20 variables of the book's catalogue, each with its entity class", () => {
    expect(STAGE_VARIABLES.length + BLOCK_VARIABLES.length).toBe(20);
    expect(Object.keys(VARIABLE_ENTITY).sort()).toEqual([...STAGE_VARIABLES, ...BLOCK_VARIABLES].sort());
    for (const v of [...STAGE_VARIABLES, ...BLOCK_VARIABLES])
      expect(parseConstraintExpression(`${v}(0)`).ok).toBe(true);
  });

  it.each([
    ["thermal_generation(0) +* 2", 24],
    ["thermal_generation(0) +", 24],
    ["2 thermal_generation(0)", 3],
    ["thermal_generation(0) thermal_generation(1)", 23],
    ["thermal_generation 0", 20],
    ["thermal_generation(1.5)", 20],
    ["thermal_generation(0", 21],
    ["hydro_storage(0, 1)", 16],
    ["thermal_generation(0) # 2", 23],
    ["", 1],
  ])("a syntax error in %j is reported at column %i", (text, column) => {
    const r = parseConstraintExpression(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: "ExpressionSyntax", column });
    if (text !== "") expect(r.error.message).toContain(`column ${column}`);
  });

  it("a name outside the catalogue is an UnknownVariable at its column", () => {
    expect(parseConstraintExpression("thermal_generation(0) + non_generation(99)")).toEqual({
      ok: false,
      error: {
        kind: "UnknownVariable",
        message: "unknown variable 'non_generation' at column 25",
        column: 25,
        name: "non_generation",
      },
    });
  });
});
