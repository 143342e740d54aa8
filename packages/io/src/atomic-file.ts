/**
 * Crash-safe file replacement, shared by every writer of @cobre/io: write a sibling
 * `*.tmp`, fsync it, then rename over the target (then fsync the directory).
 */
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";

/** Test seam: runs after the temporary file is durable and before it is renamed into place. */
export type BeforeRenameHook = (tmpPath: string, finalPath: string) => void | Promise<void>;

/**
 * Writes `data` to `path` atomically: readers see either the old file or the complete new
 * one, never a partial file. The temporary file is removed when anything fails.
 */
export async function replaceFileAtomically(
  path: string,
  data: Uint8Array | string,
  beforeRename?: BeforeRenameHook,
): Promise<void> {
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    const handle = await open(tmp, "w", 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await beforeRename?.(tmp, path);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Flushes a directory entry table (so renames survive a crash); best effort where unsupported. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the renames are still atomic.
  }
}
