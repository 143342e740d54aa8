/**
 * No option of config.json is silently ignored: every field of the zod schema is either
 * implemented or draws an `UnsupportedOption` warning, and the warnings come from the
 * list (each unsupported field, when asked for, warns with its own field name).
 */
import {
  IMPLEMENTED_CONFIG_FIELDS,
  type RawConfigFile,
  UNSUPPORTED_CONFIG_FIELDS,
  configFileSchema,
  resolveConfig,
  unsupportedConfigWarnings,
} from "@cobre/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";

/** Dotted paths of the leaves of a zod schema; arrays, unions and scalars are leaves. */
function leaves(schema: z.ZodType, prefix = ""): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return leaves(schema.unwrap() as z.ZodType, prefix);
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([k, v]) =>
      leaves(v, prefix === "" ? k : `${prefix}.${k}`),
    );
  }
  return [prefix];
}

const minimal = { training: { forward_passes: 1, stopping_rules: [{ type: "iteration_limit", limit: 1 }] } };

/** For each unsupported field, a config.json fragment that asks for it. */
const ASKING: Record<string, object> = {
  "training.cut_formulation": { training: { cut_formulation: "multi" } },
  "training.forward_pass.type": { training: { forward_pass: { type: "pipelined" } } },
  "training.cut_selection.basis_activity_window": { training: { cut_selection: { basis_activity_window: 7 } } },
  "simulation.policy_type": { simulation: { policy_type: "inner" } },
  "simulation.output_path": { simulation: { output_path: "./simulation" } },
  "simulation.output_mode": { simulation: { output_mode: "batched" } },
  "policy.checkpointing.compress": { policy: { checkpointing: { compress: true } } },
  "upper_bound_evaluation.enabled": { upper_bound_evaluation: { enabled: true } },
  "upper_bound_evaluation.initial_iteration": { upper_bound_evaluation: { initial_iteration: 3 } },
  "upper_bound_evaluation.interval_iterations": { upper_bound_evaluation: { interval_iterations: 3 } },
  "upper_bound_evaluation.lipschitz.mode": { upper_bound_evaluation: { lipschitz: { mode: "auto" } } },
  "upper_bound_evaluation.lipschitz.fallback_value": { upper_bound_evaluation: { lipschitz: { fallback_value: 1 } } },
  "upper_bound_evaluation.lipschitz.scale_factor": { upper_bound_evaluation: { lipschitz: { scale_factor: 2 } } },
  "exports.vertices": { upper_bound_evaluation: { enabled: true }, exports: { vertices: true } },
  "exports.forward_detail": { exports: { forward_detail: true } },
  "exports.backward_detail": { exports: { backward_detail: true } },
};

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev && typeof prev === "object" && !Array.isArray(prev) && v && typeof v === "object" && !Array.isArray(v)
        ? merge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

function configOf(fragment: object) {
  const parsed = configFileSchema.safeParse(merge(minimal, fragment as Record<string, unknown>));
  if (!parsed.success) throw new Error(parsed.error.message);
  return resolveConfig(parsed.data as RawConfigFile);
}

describe("config.json fields: implemented or unsupported with a warning", () => {
  const fields = leaves(configFileSchema);
  const implemented = new Set(IMPLEMENTED_CONFIG_FIELDS);
  const unsupported = new Set(UNSUPPORTED_CONFIG_FIELDS.map((f) => f.field));

  it("the schema walk finds the fields of every section", () => {
    expect(fields).toContain("training.cut_selection.max_active_per_stage");
    expect(fields).toContain("policy.checkpointing.store_basis");
    expect(fields).toContain("upper_bound_evaluation.lipschitz.scale_factor");
    expect(fields.length).toBeGreaterThan(60);
  });

  it.each(fields)("%s is in exactly one list", (field) => {
    expect(Number(implemented.has(field)) + Number(unsupported.has(field))).toBe(1);
  });

  it("the lists name only fields of the schema, each once", () => {
    const all = [...IMPLEMENTED_CONFIG_FIELDS, ...UNSUPPORTED_CONFIG_FIELDS.map((f) => f.field)];
    expect(all.filter((f) => !fields.includes(f))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });

  it("a configuration with every default asks for nothing unsupported", () => {
    expect(unsupportedConfigWarnings(configOf({}))).toEqual([]);
  });

  it.each(UNSUPPORTED_CONFIG_FIELDS.map((f) => [f.field, f.message] as const))(
    "%s, when asked for, draws an UnsupportedOption warning of its own",
    (field, message) => {
      const fragment = ASKING[field];
      expect(fragment, `add a config fragment asking for ${field} to ASKING`).toBeDefined();
      expect(unsupportedConfigWarnings(configOf(fragment ?? {}))).toContainEqual({
        kind: "UnsupportedOption",
        message,
        context: { file: "config.json", field },
      });
    },
  );
});
