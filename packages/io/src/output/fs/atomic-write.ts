/**
 * Atomic file replacement: write `<path>.tmp`, fsync it, rename over `<path>`, fsync the
 * directory. Readers therefore see either the old file or the complete new one, never a
 * torn write; a crash leaves at most a stray `.tmp`, which recovery deletes.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { err, ok, type Result } from "@cobre/core";
import { replaceFileAtomically, syncDirectory } from "../../atomic-file";
import { ioError, type OutputError } from "../errors";

export const TMP_SUFFIX = ".tmp";

/** Creates a directory (and parents); failures are `IoError`s naming the directory. */
export async function ensureDir(dir: string): Promise<Result<void, OutputError>> {
  try {
    await mkdir(dir, { recursive: true });
    return ok(undefined);
  } catch (e) {
    return err(ioError(dir, e));
  }
}

/** Writes `bytes` to `path` atomically, creating the parent directory if needed. */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<Result<void, OutputError>> {
  const made = await ensureDir(dirname(path));
  if (!made.ok) return made;
  try {
    await replaceFileAtomically(path, bytes);
  } catch (e) {
    return err(ioError(path, e));
  }
  await syncDirectory(dirname(path));
  return ok(undefined);
}

/** Serializes a JSON document (2-space indented, trailing newline) and writes it atomically. */
export function writeJsonAtomic(path: string, value: unknown): Promise<Result<void, OutputError>> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
