/**
 * Config overrides: a partial `config.json` object (snake_case, the file's own keys)
 * deep-merged into the case's configuration, then re-validated with the zod schema of
 * `@cobre/core` and the engine's settings rules, then resolved with `resolveConfig`.
 *
 * Merge rules: objects merge key by key; arrays (e.g. `stopping_rules`) and scalars
 * replace; `null` sets a nullable field back to its default.
 */
import type { Case, RawConfigFile, Result } from "@cobre/core";
import { configFileSchema, err, ok, resolveConfig } from "@cobre/core";
import type { ValidationRecord } from "@cobre/io";
import { ValidationError } from "./errors";
import { rawConfigOf } from "@cobre/core";

type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;

/** A partial `config.json`, e.g. `{ training: { forward_passes: 4 } }`. */
export type ConfigOverrides = DeepPartial<RawConfigFile>;

type Json = Record<string, unknown>;
const FILE = "config.json";

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `base` with `over` merged in (new objects; inputs untouched). */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (s, k) => (typeof k === "number" ? `${s}[${k}]` : s === "" ? String(k) : `${s}.${String(k)}`),
    "",
  );
}

type Issue = NonNullable<ReturnType<typeof configFileSchema.safeParse>["error"]>["issues"][number];

function kindOf(issue: Issue): ValidationRecord["kind"] {
  switch (issue.code) {
    case "invalid_type":
      return "TypeMismatch";
    case "invalid_value":
    case "invalid_union":
      return "InvalidEnum";
    case "too_small":
    case "too_big":
      return "OutOfRange";
    default:
      return "SchemaViolation";
  }
}

/** Override keys the schema does not know (zod drops them silently). */
function unknownKeys(over: unknown, parsed: unknown, path: string[] = []): string[] {
  if (!isObject(over)) return [];
  return Object.entries(over).flatMap(([k, v]) => {
    if (k === "$schema") return [];
    if (!isObject(parsed) || !(k in parsed)) return [formatPath([...path, k])];
    return unknownKeys(v, parsed[k], [...path, k]);
  });
}

const ENUMS: readonly [string, (c: RawConfigFile) => unknown, readonly unknown[]][] = [
  ["training.stopping_mode", (c) => c.training.stopping_mode, ["any", "all", undefined]],
  ["training.cut_formulation", (c) => c.training.cut_formulation, ["single", "multi", null, undefined]],
  [
    "training.cut_selection.method",
    (c) => c.training.cut_selection?.method,
    ["level1", "lml1", "domination", null, undefined],
  ],
  ["simulation.policy_type", (c) => c.simulation?.policy_type, ["outer", "inner", undefined]],
  [
    "modeling.inflow_non_negativity.method",
    (c) => c.modeling?.inflow_non_negativity?.method,
    ["none", "penalty", "truncation", "truncation_with_penalty", undefined],
  ],
];

/** The settings rules of validation layer 5 that apply to config.json alone. */
function settingsRecords(c: RawConfigFile): ValidationRecord[] {
  const out: ValidationRecord[] = [];
  const add = (kind: ValidationRecord["kind"], field: string, message: string) =>
    out.push({ kind, message: `${FILE}: ${message}`, context: { file: FILE, field } });
  const t = c.training;
  if (t.forward_passes === null || t.forward_passes === undefined || t.forward_passes < 1)
    add("OutOfRange", "training.forward_passes", "training.forward_passes must be >= 1");
  const rules = t.stopping_rules ?? [];
  if (!rules.some((r) => r.type === "iteration_limit"))
    add(
      "IncompatibleSettings",
      "training.stopping_rules",
      "training.stopping_rules must include an iteration_limit rule",
    );
  rules.forEach((r, i) => {
    if (r.type === "time_limit" && !(r.seconds > 0))
      add("OutOfRange", `training.stopping_rules[${i}].seconds`, "time_limit seconds must be > 0");
    if (r.type === "bound_stalling" && !(r.tolerance >= 0))
      add("OutOfRange", `training.stopping_rules[${i}].tolerance`, "bound_stalling tolerance must be >= 0");
  });
  if (t.cut_selection?.enabled === true && !t.cut_selection.method)
    add("IncompatibleSettings", "training.cut_selection.method", "cut selection is enabled without a method");
  const pc = c.modeling?.inflow_non_negativity?.penalty_cost;
  if (pc !== undefined && !(pc > 0))
    add("PenaltyConsistency", "modeling.inflow_non_negativity.penalty_cost", "penalty_cost must be > 0");
  for (const [field, get, allowed] of ENUMS) {
    const v = get(c);
    if (!allowed.includes(v)) add("InvalidEnum", field, `${field} has unknown value ${JSON.stringify(v)}`);
  }
  return out;
}

/**
 * The case with `overrides` applied to its configuration, or a `ValidationError` listing
 * every problem of the merged configuration. The input case is not modified.
 *
 * @example
 * ```ts
 * const quick = applyConfigOverrides(c, { training: { stopping_rules: [{ type: "iteration_limit", limit: 5 }] } });
 * if (!quick.ok) console.error(quick.error.records);
 * ```
 */
export function applyConfigOverrides(c: Case, overrides: ConfigOverrides): Result<Case, ValidationError> {
  const merged = deepMerge(rawConfigOf(c.config), overrides);
  const parsed = configFileSchema.safeParse(merged);
  const records: ValidationRecord[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = formatPath(issue.path);
      records.push({
        kind: kindOf(issue),
        message: `${FILE}: ${field}: ${issue.message}`,
        context: { file: FILE, field },
      });
    }
  } else {
    for (const field of unknownKeys(overrides, parsed.data))
      records.push({
        kind: "SchemaViolation",
        message: `${FILE}: unknown key ${field}`,
        context: { file: FILE, field },
      });
    records.push(...settingsRecords(parsed.data));
  }
  const first = records[0];
  if (first !== undefined || !parsed.success) {
    const head = first ?? { kind: "SchemaViolation" as const, message: `${FILE}: invalid`, context: { file: FILE } };
    return err(
      new ValidationError(
        {
          kind: head.kind,
          message: `config overrides are invalid: ${records.length} error(s); first: ${head.message}`,
          context: head.context,
          suggestion: "Overrides use config.json keys (snake_case), e.g. { training: { forward_passes: 4 } }.",
        },
        records,
      ),
    );
  }
  return ok({ ...c, config: resolveConfig(parsed.data) });
}
