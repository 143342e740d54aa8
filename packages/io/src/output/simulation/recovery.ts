/**
 * Crash recovery of `simulation/` (seed §1.1, §3.3): delete stray `.tmp` files, read the
 * manifest (or, when it is corrupt, fall back to the partition listing), and find the
 * scenarios whose every entity partition is present and verified, so a resumed run only
 * simulates the missing ones.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { err, ok, type Result } from "@cobre/core";
import { TMP_SUFFIX } from "../fs/atomic-write";
import { xxhash64Hex } from "../fs/checksum";
import { ioError, type OutputError } from "../errors";
import { isFile, listDir, walkFiles } from "../fs/walk";
import type { SimulationManifest } from "../manifest/types";
import { parsePartitionName, partitionFile } from "./partition-layout";
import type { SimulationEntity } from "../schemas/index";

const PARQUET_MAGIC = "PAR1";

/** What recovery found in an existing `simulation/` directory. */
export interface RecoveryScan {
  /** Scenarios with every expected partition present and verified, ascending. */
  readonly completedScenarios: readonly number[];
  /** xxhash64 per verified partition file, keyed like the manifest's `checksum.partitions`. */
  readonly checksums: Readonly<Record<string, string>>;
  /** Partition files that exist but failed verification (they will be rewritten). */
  readonly corruptPartitions: readonly string[];
  /** `.tmp` files deleted (absolute paths). */
  readonly removedTmpFiles: readonly string[];
}

/** Deletes every `*.tmp` under `dir`; returns the deleted paths. */
export async function removeTmpFiles(dir: string): Promise<Result<string[], OutputError>> {
  const removed: string[] = [];
  for (const path of await walkFiles(dir)) {
    if (!path.endsWith(TMP_SUFFIX)) continue;
    try {
      await rm(path, { force: true });
      removed.push(path);
    } catch (e) {
      return err(ioError(path, e));
    }
  }
  return ok(removed);
}

/** Whether bytes look like a whole Parquet file: magic at both ends (a torn write lacks the footer). */
function hasParquetMagic(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const text = (from: number) => String.fromCharCode(...bytes.subarray(from, from + 4));
  return text(0) === PARQUET_MAGIC && text(bytes.length - 4) === PARQUET_MAGIC;
}

/** Scenario ids that have a partition directory in any of the given families. */
async function scenarioIdsOnDisk(simDir: string, entities: readonly SimulationEntity[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const entity of entities) {
    for (const name of await listDir(join(simDir, entity))) {
      const id = parsePartitionName(name);
      if (id !== null) ids.add(id);
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/**
 * Scans `simDir`. A partition verifies when its bytes match the manifest's recorded
 * xxhash64, or — when the manifest has none (crash between write and checkpoint, or a
 * rebuilt manifest) — when it is a complete Parquet file.
 */
export async function scanSimulationDir(
  simDir: string,
  entities: readonly SimulationEntity[],
  manifest: SimulationManifest | null,
): Promise<Result<RecoveryScan, OutputError>> {
  const removed = await removeTmpFiles(simDir);
  if (!removed.ok) return removed;
  const recorded = manifest?.checksum?.partitions ?? {};
  const checksums: Record<string, string> = {};
  const corrupt: string[] = [];
  const completed: number[] = [];
  for (const id of await scenarioIdsOnDisk(simDir, entities)) {
    let complete = true;
    for (const entity of entities) {
      const rel = partitionFile(entity, id);
      const abs = join(simDir, rel);
      if (!(await isFile(abs))) {
        complete = false;
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(abs));
      } catch (e) {
        return err(ioError(abs, e));
      }
      const hash = await xxhash64Hex(bytes);
      const expected = recorded[rel];
      if ((expected !== undefined && expected !== hash) || !hasParquetMagic(bytes)) {
        corrupt.push(rel);
        complete = false;
        continue;
      }
      checksums[rel] = hash;
    }
    if (complete) completed.push(id);
  }
  return ok({ completedScenarios: completed, checksums, corruptPartitions: corrupt, removedTmpFiles: removed.value });
}
