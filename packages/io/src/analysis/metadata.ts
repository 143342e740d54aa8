/**
 * Reading `training/metadata.json` of a finished run, two ways: `readRunMetadata` checks
 * (with zod) the fields the comparisons rely on and fails as an `AnalysisError`;
 * `readTrainingMetadata` checks the blocks a report shows and fails as an `OutputError`,
 * like `readManifest` beside which reports read it. Either keeps the rest of the document
 * as it is.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { z } from "zod";
import { type OutputError, ioError, manifestError } from "../output/errors";
import type { TrainingMetadata } from "../output/training/metadata";
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

/** The blocks of `training/metadata.json` a report shows; each must be an object. */
const REPORTED_BLOCKS = ["run_info", "configuration_snapshot", "problem_dimensions", "performance_summary"] as const;

/**
 * `training/metadata.json` of `outputDir`: absent → `IoError` with code ENOENT (so callers
 * can treat it as optional), unparsable or without a reported block → `ManifestError`.
 */
export async function readTrainingMetadata(outputDir: string): Promise<Result<TrainingMetadata, OutputError>> {
  const file = path.join(outputDir, METADATA_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    return err(ioError(file, e));
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return err(manifestError("metadata", `${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`));
  }
  if (typeof doc !== "object" || doc === null) return err(manifestError("metadata", `${file} is not a JSON object`));
  for (const b of REPORTED_BLOCKS) {
    const v = (doc as Record<string, unknown>)[b];
    if (typeof v !== "object" || v === null) {
      return err(manifestError("metadata", `${file}: '${b}' is missing or not an object`));
    }
  }
  return ok(doc as TrainingMetadata);
}
