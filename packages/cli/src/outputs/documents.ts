/**
 * The JSON documents of an output directory: both manifests (through @cobre/io's
 * `readManifest`, which validates them) and `training/metadata.json`, for which
 * @cobre/io has a writer but no reader yet, so it is read here as JSON and checked for
 * the blocks the report shows.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { err, ok, type Result } from "@cobre/core";
import { readManifest, type SimulationManifest, type TrainingManifest, type TrainingMetadata } from "@cobre/io";
import type { ReadError } from "./errors";

export const METADATA_FILE = "training/metadata.json";

export async function readTrainingManifest(outputDir: string): Promise<Result<TrainingManifest, ReadError>> {
  const r = await readManifest(outputDir, "training");
  return r.ok ? r : err({ family: "output", error: r.error });
}

export async function readSimulationManifest(outputDir: string): Promise<Result<SimulationManifest, ReadError>> {
  const r = await readManifest(outputDir, "simulation");
  return r.ok ? r : err({ family: "output", error: r.error });
}

function metadataError(message: string): ReadError {
  return { family: "output", error: { kind: "ManifestError", manifestType: "metadata", message } };
}

/** `training/metadata.json`; absent → `IoError` ENOENT, unparsable or wrong shape → `ManifestError`. */
export async function readTrainingMetadata(outputDir: string): Promise<Result<TrainingMetadata, ReadError>> {
  const path = join(outputDir, METADATA_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? null;
    const message = `I/O error at ${path}: ${e instanceof Error ? e.message : String(e)}`;
    return err({ family: "output", error: { kind: "IoError", path, code, message, cause: e } });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return err(metadataError(`${path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`));
  }
  const blocks = ["run_info", "configuration_snapshot", "problem_dimensions", "performance_summary"] as const;
  if (typeof doc !== "object" || doc === null) return err(metadataError(`${path} is not a JSON object`));
  for (const b of blocks) {
    const v = (doc as Record<string, unknown>)[b];
    if (typeof v !== "object" || v === null) return err(metadataError(`${path}: '${b}' is missing or not an object`));
  }
  return ok(doc as TrainingMetadata);
}

/** An absent optional file as `ok(null)`; any other failure passes through. */
export function optional<T>(r: Result<T, ReadError>, isAbsent: (e: ReadError) => boolean): Result<T | null, ReadError> {
  return !r.ok && isAbsent(r.error) ? ok(null) : r;
}
