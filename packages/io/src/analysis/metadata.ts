/**
 * Reading `training/metadata.json` of a finished run. Only the fields the comparisons
 * rely on are checked (with zod); the rest of the document is kept as it is.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { z } from "zod";
import { type AnalysisError, analysisError } from "./errors";

export const METADATA_FILE = "training/metadata.json";

const metadataSchema = z.looseObject({
  run_info: z.looseObject({ run_id: z.string().optional(), cobre_version: z.string().optional() }),
  configuration_snapshot: z.record(z.string(), z.unknown()),
  problem_dimensions: z.record(z.string(), z.unknown()),
  data_integrity: z.object({
    input_hash: z.string().nullable(),
    config_hash: z.string(),
    policy_hash: z.string().nullable(),
    convergence_hash: z.string(),
    /** Written by Cobre-TS; absent from older or other implementations' metadata. */
    system_hash: z.string().optional(),
  }),
});

/** The parts of `training/metadata.json` the analyses use. */
export type RunMetadata = z.infer<typeof metadataSchema>;

/** Reads a JSON document under an output directory; a missing file is `MissingFile`. */
export async function readOutputJson(outputDir: string, relative: string): Promise<Result<unknown, AnalysisError>> {
  const file = path.join(outputDir, relative);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "";
    if (code === "ENOENT") {
      return err(
        analysisError(
          "MissingFile",
          `${file} does not exist`,
          { path: file, output_dir: outputDir },
          "Point at the output directory of a finished `cobre run`.",
        ),
      );
    }
    return err(
      analysisError("IoError", `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, { path: file }),
    );
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    return err(
      analysisError("InvalidMetadata", `${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, {
        path: file,
      }),
    );
  }
}

/** `training/metadata.json` of `outputDir`, validated. */
export async function readRunMetadata(outputDir: string): Promise<Result<RunMetadata, AnalysisError>> {
  const json = await readOutputJson(outputDir, METADATA_FILE);
  if (!json.ok) return json;
  const parsed = metadataSchema.safeParse(json.value);
  if (!parsed.success) {
    const file = path.join(outputDir, METADATA_FILE);
    return err(
      analysisError(
        "InvalidMetadata",
        `${file} does not look like Cobre training metadata: ${parsed.error.issues[0]?.message ?? "invalid"}`,
        { path: file },
      ),
    );
  }
  return ok(parsed.data);
}
