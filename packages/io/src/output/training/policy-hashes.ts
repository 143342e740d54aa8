/**
 * Hashes of the policy checkpoint written by the policy writer (`policy/cuts/stage_*.bin`),
 * read back from disk so metadata and manifests describe the files actually there.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { err, ok, type Result } from "@cobre/core";
import { combineChecksums, sha256TaggedOfAll, xxhash64Hex } from "../fs/checksum";
import { ioError, type OutputError } from "../errors";
import { listDir } from "../fs/walk";

export interface PolicyHashes {
  /** SHA-256 over the cut files in name order; null without a policy. */
  readonly sha256: string | null;
  /** Combined xxhash64 of the cut files; null without a policy. */
  readonly xxhash64: string | null;
}

export async function policyHashes(outputDir: string): Promise<Result<PolicyHashes, OutputError>> {
  const dir = join(outputDir, "policy", "cuts");
  const names = (await listDir(dir)).filter((n) => /^stage_\d+\.bin$/.test(n)).sort();
  if (names.length === 0) return ok({ sha256: null, xxhash64: null });
  const parts: Uint8Array[] = [];
  const byName: Record<string, string> = {};
  for (const name of names) {
    try {
      const bytes = new Uint8Array(await readFile(join(dir, name)));
      parts.push(bytes);
      byName[name] = await xxhash64Hex(bytes);
    } catch (e) {
      return err(ioError(join(dir, name), e));
    }
  }
  return ok({ sha256: sha256TaggedOfAll(parts), xxhash64: await combineChecksums(byName) });
}

/**
 * `input_hash` of metadata.json: SHA-256 of the concatenated SHA-256 hex digests of the
 * given case files (paths relative to `caseDir`, hashed in the order given).
 */
export async function hashInputFiles(caseDir: string, files: readonly string[]): Promise<Result<string, OutputError>> {
  let joined = "";
  for (const f of files) {
    try {
      joined += createHash("sha256")
        .update(await readFile(join(caseDir, f)))
        .digest("hex");
    } catch (e) {
      return err(ioError(join(caseDir, f), e));
    }
  }
  return ok(`sha256:${createHash("sha256").update(joined).digest("hex")}`);
}

/** Every file under `caseDir` as a path relative to it, each directory's entries by name. */
async function caseFiles(caseDir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(caseDir, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await caseFiles(caseDir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/**
 * `input_hash` of a whole case directory: {@link hashInputFiles} over every file in it,
 * in name order (directories depth first). An unreadable directory hashes as empty.
 */
export async function hashCaseDirectory(caseDir: string): Promise<Result<string, OutputError>> {
  const files = await caseFiles(caseDir).catch(() => [] as string[]);
  return hashInputFiles(caseDir, files);
}
