import path from "node:path";
import { fileURLToPath } from "node:url";
import { resolveConfig } from "@cobre/core";
import {
  CaseLoader,
  type CaseView,
  ValidationError,
  applyConfigOverrides,
  deepMerge,
  rawConfigOf,
  trainCase,
  unwrap,
} from "@cobre/sddp";
import { beforeAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const tiny = path.resolve(here, "../../../examples/hydro-tiny");
const ref = path.resolve(here, "../../../../shared/cobre-reference/examples");

let c: CaseView;
beforeAll(async () => {
  c = await CaseLoader.load(tiny);
});

describe("rawConfigOf", () => {
  it("is the inverse of resolveConfig on every reference case", async () => {
    for (const dir of [
      "1dtoy",
      "4ree",
      "deterministic/d28-decomp-weekly-monthly",
      "deterministic/d26-estimated-par2",
      "deterministic/d12-par-annual",
    ]) {
      const loaded = await CaseLoader.load(path.join(ref, dir));
      expect(resolveConfig(rawConfigOf(loaded.config))).toEqual(loaded.config);
    }
    expect(c.rawConfig.training.forward_passes).toBe(8);
  });
});

describe("deepMerge", () => {
  it("merges objects, replaces arrays and scalars, leaves inputs untouched", () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 1 };
    expect(deepMerge(base, { a: { c: [3] }, e: null })).toEqual({ a: { b: 1, c: [3] }, d: 1, e: null });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 1 });
  });
});

describe("applyConfigOverrides", () => {
  it("applies snake_case overrides and keeps the rest of the config", () => {
    const r = unwrap(
      applyConfigOverrides(c.data, {
        training: { forward_passes: 3, cut_selection: { enabled: true, method: "level1" } },
      }),
    );
    expect(r.config.training.forwardPasses).toBe(3);
    expect(r.config.training.cutSelection).toMatchObject({ enabled: true, method: "level1" });
    expect(r.config.training.stoppingRules).toEqual(c.config.training.stoppingRules);
    expect(r.config.training.treeSeed).toBe(2026);
    expect(r.config.simulation.numScenarios).toBe(100);
    expect(r.system).toBe(c.data.system);
    expect(c.config.training.forwardPasses).toBe(8);
  });

  it("falls back to training.scenario_source for simulation when the case did", () => {
    const r = unwrap(applyConfigOverrides(c.data, { training: { scenario_source: { seed: 7 } } }));
    expect(r.config.simulation.scenarioSource.seed).toBe(7);
  });

  const invalid: [string, unknown, string, string][] = [
    ["a negative forward_passes", { training: { forward_passes: -1 } }, "OutOfRange", "training.forward_passes"],
    [
      "a string where a number goes",
      { training: { forward_passes: "four" } },
      "TypeMismatch",
      "training.forward_passes",
    ],
    [
      "an unknown stopping rule",
      { training: { stopping_rules: [{ type: "forever" }] } },
      "InvalidEnum",
      "training.stopping_rules[0].type",
    ],
    [
      "no iteration limit",
      { training: { stopping_rules: [{ type: "time_limit", seconds: 10 }] } },
      "IncompatibleSettings",
      "training.stopping_rules",
    ],
    ["an unknown stopping_mode", { training: { stopping_mode: "sometimes" } }, "InvalidEnum", "training.stopping_mode"],
    ["an unknown key", { training: { forward_pases: 2 } }, "SchemaViolation", "training.forward_pases"],
    [
      "cut selection without a method",
      { training: { cut_selection: { enabled: true } } },
      "IncompatibleSettings",
      "training.cut_selection.method",
    ],
  ];
  for (const [what, overrides, kind, field] of invalid) {
    it(`rejects ${what} with a ValidationError (${kind})`, () => {
      const r = applyConfigOverrides(c.data, overrides as never);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toBeInstanceOf(ValidationError);
      expect(r.error.kind).toBe(kind);
      expect(r.error.records[0]!.context).toMatchObject({ file: "config.json", field });
      expect(r.error.suggestion).toContain("snake_case");
    });
  }

  it("makes trainCase fail before training, as a Result", async () => {
    let progressed = false;
    const r = await trainCase(c, {
      configOverrides: { training: { forward_passes: 0 } },
      onProgress: () => (progressed = true),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(ValidationError);
      expect((r.error as ValidationError).records.map((x) => x.context.field)).toEqual(["training.forward_passes"]);
    }
    expect(progressed).toBe(false);
    await expect(async () => unwrap(r)).rejects.toBeInstanceOf(ValidationError);
  });
});
