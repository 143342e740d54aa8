/**
 * Confinement of every path a client sends to the server's `--root` directories. Paths
 * are resolved (`path.resolve`) and then made real (`realpath`), so neither `..` nor a
 * symbolic link can reach outside a root.
 */
import { realpath } from "node:fs/promises";
import path from "node:path";
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { type AnalysisError, analysisError } from "@cobre/io";

/** realpath of the deepest existing ancestor, with the missing tail appended. */
async function realpathAllowingMissing(p: string): Promise<string> {
  const tail: string[] = [];
  let current = p;
  for (;;) {
    try {
      return path.join(await realpath(current), ...tail.reverse());
    } catch (e) {
      const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "";
      const parent = path.dirname(current);
      if (code !== "ENOENT" || parent === current) throw e;
      tail.push(path.basename(current));
      current = parent;
    }
  }
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

export class PathGuard {
  private constructor(readonly roots: readonly string[]) {}

  /** A guard over `roots` (each resolved and made real; a missing root is an error). */
  static async create(roots: readonly string[]): Promise<PathGuard> {
    return new PathGuard(await Promise.all(roots.map((r) => realpath(path.resolve(r)))));
  }

  /**
   * The real absolute path of `p` when it lies under a root, else `PathNotAllowed`.
   * A path that does not exist yet (an output directory to create) is allowed when its
   * deepest existing ancestor, made real, is under a root.
   */
  async resolve(p: string): Promise<Result<string, AnalysisError>> {
    const absolute = path.resolve(p);
    let real: string;
    try {
      real = await realpathAllowingMissing(absolute);
    } catch (e) {
      return err(
        analysisError("IoError", `cannot resolve ${absolute}: ${e instanceof Error ? e.message : String(e)}`, {
          path: p,
        }),
      );
    }
    if (this.roots.some((root) => isInside(root, real))) return ok(real);
    return err(
      analysisError(
        "PathNotAllowed",
        `${p} is outside the directories this server may access`,
        { path: p, resolved: real, roots: this.roots },
        "Use a path under one of the roots, or start cobre-mcp with another --root DIR.",
      ),
    );
  }
}
