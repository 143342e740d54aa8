/**
 * Terminal boundary cuts (`policy.boundary` of config.json; book, guide "Policy Management —
 * Boundary Cuts"): the cuts of stage `source_stage` of another Cobre policy become the
 * future cost after this study's last stage — how a short-term study (weeks, then months)
 * is coupled to the water values of a long-term one. They are loaded once, kept fixed
 * (training never changes or deselects them) and written with the policy like any cut.
 */
import path from "node:path";
import type { Case, Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { CutPool } from "./cut-pool";
import type { SddpError } from "../errors";
import { Policy } from "../policy";

/**
 * The active cuts of the boundary policy's `source_stage`, or null when the case has no
 * boundary. `policy.boundary.path` is resolved against `baseDir` — Cobre resolves it
 * against the output directory, as `runStudy` passes. Errors (`InvalidOptions`) name the
 * path: unreadable checkpoint, stage out of range, or a state dimension different from
 * this study's last stage.
 */
export async function loadBoundaryCuts(
  c: Case,
  lastStateDim: number,
  baseDir: string,
): Promise<Result<CutPool | null, SddpError>> {
  const boundary = c.config.policy.boundary;
  if (boundary === null) return ok(null);
  const dir = path.resolve(baseDir, boundary.path);
  const context = { field: "policy.boundary", path: dir, sourceStage: boundary.sourceStage };
  const policy = await Policy.load(dir);
  if (!policy.ok) {
    return err({
      kind: "InvalidOptions",
      message: `policy.boundary: cannot read the policy at ${dir}: ${policy.error.message}`,
      context,
      suggestion:
        "Point policy.boundary.path at the policy/ directory of a finished Cobre run (a relative path is taken from the output directory).",
    });
  }
  const source = policy.value.pools[boundary.sourceStage];
  if (source === undefined) {
    return err({
      kind: "InvalidOptions",
      message: `policy.boundary.source_stage ${boundary.sourceStage} is outside the boundary policy's ${policy.value.pools.length} stages`,
      context,
    });
  }
  if (source.stateDim !== lastStateDim) {
    return err({
      kind: "InvalidOptions",
      message: `policy.boundary: the boundary cuts have state dimension ${source.stateDim}, this study's last stage ${lastStateDim}`,
      context,
      suggestion: "Both studies need the same hydros and the same inflow lag order.",
    });
  }
  const pool = new CutPool(source.stateDim, Math.max(1, source.size));
  for (let i = 0; i < source.size; i++) {
    if (source.active[i] !== 1) continue;
    pool.add(
      source.intercepts[i]!,
      source.coefficients.subarray(i * source.stateDim, (i + 1) * source.stateDim),
      0,
      0,
      true,
    );
  }
  return ok(pool);
}
