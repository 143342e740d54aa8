/**
 * The file-system calls of the simulation writer's group commit, behind a small
 * interface so tests can record their order (and fail them at chosen points).
 *
 * The split is deliberate: creating, writing, closing and renaming small files only
 * touch the page cache and take microseconds, so they are synchronous (no thread-pool
 * round trip per call); the two calls that wait for the disk — `datasync` of a file and
 * `syncDir` of a directory — are asynchronous, so a batch issues them all at once (the
 * thread pool runs them in parallel and the file system commits them together) while
 * the event loop keeps dispatching work to the solver threads.
 */
import {
  closeSync,
  fdatasync,
  fsync,
  mkdirSync,
  open as openCb,
  close as closeCb,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";

export interface DurableFs {
  /**
   * Creates `dir` and any missing parents. Returns the first directory it created (the
   * topmost), or undefined when `dir` already existed.
   */
  mkdir(dir: string): string | undefined;
  /** Creates (or truncates) `path`, writes `data` into it and returns its open descriptor. */
  create(path: string, data: Uint8Array | string): number;
  /** Resolves once the file's data (and the metadata needed to read it) is on disk. */
  datasync(fd: number): Promise<void>;
  close(fd: number): void;
  /** Atomically replaces `to` by `from`. */
  rename(from: string, to: string): void;
  /** Resolves once the directory's entries (renames, new children) are on disk. */
  syncDir(dir: string): Promise<void>;
  /** Removes a file if present. */
  remove(path: string): void;
}

/** Codes of a directory fsync the platform does not support (not a failure to persist). */
const UNSUPPORTED = new Set(["EINVAL", "ENOTSUP", "EPERM", "EISDIR", "EBADF"]);

/** The real file system (Node's `fs`). */
export const nodeDurableFs: DurableFs = {
  mkdir: (dir) => mkdirSync(dir, { recursive: true }),
  create(path, data) {
    const fd = openSync(path, "w", 0o644);
    try {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      return fd;
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  },
  datasync: (fd) => new Promise((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve()))),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
  syncDir: (dir) =>
    new Promise((resolve, reject) => {
      // Some platforms (Windows) cannot open or fsync a directory; renames stay atomic there.
      openCb(dir, "r", (e, fd) => {
        if (e) return e.code === "ENOENT" ? reject(e) : resolve();
        fsync(fd, (s) => closeCb(fd, () => (s && !UNSUPPORTED.has(s.code ?? "") ? reject(s) : resolve())));
      });
    }),
  remove: (path) => rmSync(path, { force: true }),
};
