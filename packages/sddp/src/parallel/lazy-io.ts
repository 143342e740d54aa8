/**
 * `@cobre/io`, loaded on first use by a worker thread. A thread needs it only to encode
 * simulation output, and loading it (Arrow, Parquet, the case schemas) costs each thread
 * 0.3–0.5 s of CPU as it starts, which a training's first iteration would wait for.
 */
import { createRequire } from "node:module";

type Io = typeof import("@cobre/io");

let io: Promise<Io> | null = null;

export function loadIo(): Promise<Io> {
  io ??= import("@cobre/io").catch((e: unknown) => {
    // Run from sources (tests, benches), worker threads load this package as CommonJS
    // through tsx's require hook, which a dynamic import() of a .ts file bypasses.
    if ((e as { code?: unknown }).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw e;
    return createRequire(import.meta.url)("@cobre/io") as Io;
  });
  return io;
}
