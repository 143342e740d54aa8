/** Reads a JSON file of the case and validates it against its zod schema. */
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import type { Diagnostics } from "../diagnostics";
import { reportZodIssues } from "./zod-issues";

/** Returns the parsed, schema-valid value, or null (errors recorded in `diag`). */
export async function readJsonFile<S extends z.ZodType>(
  absPath: string,
  file: string,
  schema: S,
  diag: Diagnostics,
): Promise<z.infer<S> | null> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(absPath, "utf8"));
  } catch (e) {
    diag.error("ParseError", `${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { file });
    return null;
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    reportZodIssues(parsed.error.issues, data, file, diag);
    return null;
  }
  return parsed.data;
}
