/** Maps zod issues to registry kinds, naming the field path and the entity id. */
import type { z } from "zod";
import type { ValidationContext, ValidationKind } from "../../errors";
import type { Diagnostics } from "../diagnostics";

type PathKey = PropertyKey;

/** `["hydros", 2, "reservoir"]` → `hydros[2].reservoir`. */
function formatPath(path: readonly PathKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(data: unknown, path: readonly PathKey[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key as string];
  }
  return cur;
}

/** The `id` (or `hydro_id`, ...) of the array element the path goes through, if any. */
function entityIdAt(data: unknown, path: readonly PathKey[]): number | undefined {
  for (let i = path.length; i > 0; i--) {
    if (typeof path[i - 1] !== "number") continue;
    const element = valueAt(data, path.slice(0, i));
    if (element && typeof element === "object") {
      const rec = element as Record<string, unknown>;
      for (const key of ["id", "hydro_id", "bus_id", "line_id", "ncs_id"]) {
        if (typeof rec[key] === "number") return rec[key];
      }
    }
  }
  return undefined;
}

function kindOf(issue: z.core.$ZodIssue, present: boolean): ValidationKind {
  switch (issue.code) {
    case "invalid_type":
      return present ? "TypeMismatch" : "SchemaViolation";
    case "invalid_value":
      return "InvalidEnum";
    case "invalid_union":
      // A discriminated union whose tag matched nothing: the tag is an unknown enum value.
      return "discriminator" in issue || issue.errors.length === 0 ? "InvalidEnum" : "SchemaViolation";
    case "too_small":
    case "too_big":
      return "OutOfRange";
    case "invalid_format":
      return "TypeMismatch";
    default:
      return "SchemaViolation";
  }
}

/** Records one diagnostic per zod issue. */
export function reportZodIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  file: string,
  diag: Diagnostics,
): void {
  for (const issue of issues) {
    const path = issue.path;
    const value = valueAt(data, path);
    const present = value !== undefined;
    const kind = kindOf(issue, present);
    const field = formatPath(path);
    const entityId = entityIdAt(data, path);
    const context: ValidationContext = entityId === undefined ? { file, field } : { file, field, entity_id: entityId };
    const what = present ? issue.message : `missing required field '${field}'`;
    diag.error(kind, `${file}: ${field || "(root)"}: ${what}`, context);
  }
}
