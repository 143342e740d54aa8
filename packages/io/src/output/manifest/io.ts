/**
 * Reading and writing the two manifests. Writes are atomic (`.tmp` + rename); reads are
 * validated with zod so a truncated or hand-edited manifest is a `ManifestError`, which
 * crash recovery answers by rebuilding from the partition listing.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { err, ok, type Result } from "@cobre/core";
import { writeJsonAtomic } from "../fs/atomic-write";
import { ioError, manifestError, type OutputError } from "../errors";
import type { SimulationManifest, TrainingManifest } from "./types";

const nullableString = z.string().nullable();
const distribution = z.looseObject({
  backend: z.string(),
  world_size: z.number().int(),
  ranks_participated: z.number().int().optional(),
  num_nodes: z.number().int(),
  threads_per_rank: z.number().int(),
  mpi_library: nullableString.optional(),
  mpi_standard: nullableString.optional(),
  thread_level: nullableString.optional(),
  slurm_job_id: nullableString.optional(),
});

const simulationManifestSchema = z.looseObject({
  version: z.string(),
  status: z.enum(["running", "complete", "failed", "partial"]),
  started_at: nullableString,
  completed_at: nullableString,
  scenarios: z.object({ total: z.number().int(), completed: z.number().int(), failed: z.number().int() }),
  partitions_written: z.array(z.string()),
  checksum: z
    .looseObject({ algorithm: z.literal("xxhash64"), value: z.string(), partitions: z.record(z.string(), z.string()) })
    .nullable(),
  distribution: distribution.optional(),
});

const trainingManifestSchema = z.looseObject({
  version: z.string(),
  status: z.enum(["running", "complete", "failed", "converged"]),
  iterations: z.looseObject({ completed: z.number().int() }),
  convergence: z.looseObject({ achieved: z.boolean(), termination_reason: z.string() }),
  cuts: z.looseObject({ total_generated: z.number(), total_active: z.number(), peak_active: z.number() }),
});

export const SIMULATION_MANIFEST_FILE = "simulation/_manifest.json";
export const TRAINING_MANIFEST_FILE = "training/_manifest.json";

/** Writes `simulation/_manifest.json` under the output root, atomically. */
export function writeSimulationManifest(
  outputDir: string,
  manifest: SimulationManifest,
): Promise<Result<void, OutputError>> {
  return writeJsonAtomic(join(outputDir, SIMULATION_MANIFEST_FILE), manifest);
}

/** Writes `training/_manifest.json` under the output root, atomically. */
export function writeTrainingManifest(
  outputDir: string,
  manifest: TrainingManifest,
): Promise<Result<void, OutputError>> {
  return writeJsonAtomic(join(outputDir, TRAINING_MANIFEST_FILE), manifest);
}

async function readJson(path: string, kind: "simulation" | "training"): Promise<Result<unknown, OutputError>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    return err(ioError(path, e));
  }
  try {
    return ok(JSON.parse(text));
  } catch (e) {
    return err(manifestError(kind, `${path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`));
  }
}

/**
 * Reads a manifest from the output root. A missing file is an `IoError` (code ENOENT);
 * unparsable or structurally wrong content is a `ManifestError`.
 */
export async function readManifest(
  outputDir: string,
  kind: "simulation",
): Promise<Result<SimulationManifest, OutputError>>;
export async function readManifest(outputDir: string, kind: "training"): Promise<Result<TrainingManifest, OutputError>>;
export async function readManifest(
  outputDir: string,
  kind: "simulation" | "training",
): Promise<Result<SimulationManifest | TrainingManifest, OutputError>> {
  const file = kind === "simulation" ? SIMULATION_MANIFEST_FILE : TRAINING_MANIFEST_FILE;
  const json = await readJson(join(outputDir, file), kind);
  if (!json.ok) return json;
  const schema = kind === "simulation" ? simulationManifestSchema : trainingManifestSchema;
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return err(manifestError(kind, `${file}: ${first?.path.join(".") ?? ""} ${first?.message ?? "invalid"}`));
  }
  return ok(parsed.data as unknown as SimulationManifest | TrainingManifest);
}
