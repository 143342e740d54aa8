/**
 * Where a study's policy comes from and whether it fits the case. Cobre resolves
 * `policy.path` and `policy.boundary.path` against the output directory (an absolute
 * path stays as it is): the policy of a run is `<output>/<policy.path>`, by default
 * `<output>/policy`, and a warm start, a resume or a simulation-only run
 * (`training.enabled: false`) reads it from there.
 *
 * Compatibility (`policy.validate_compatibility`, default true; book, error codes
 * `PolicyIncompatible`): the policy's stage count and state dimension (its metadata and
 * every stage's cuts) must be the case's, and when the policy records a system hash (ours
 * do; the Rust tool writes none) it must be the hash of this case's system. The config
 * hash is not compared: a simulation-only run or a resume with a higher iteration limit
 * legitimately changes the configuration.
 */
import path from "node:path";
import type { Case, ErrorKindSubset, Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import type { PolicyMetadata } from "@cobre/io";
import type { CutPool } from "../cuts/cut-pool";
import { systemHash } from "../training/training-checkpoint";

/** `<outputDir>/<policy.path>`: where the policy is read and written. */
export function policyDirectory(c: Case, outputDir: string): string {
  return path.resolve(outputDir, c.config.policy.path);
}

/** A policy that does not fit the case, as the book's `PolicyIncompatible` reports it. */
export interface PolicyIncompatible {
  readonly kind: ErrorKindSubset<"PolicyIncompatible">;
  readonly check: "stage count" | "state dimension" | "system hash";
  readonly policyValue: string;
  readonly systemValue: string;
  readonly path: string;
  readonly message: string;
}

function incompatible(
  check: PolicyIncompatible["check"],
  policyValue: string | number,
  systemValue: string | number,
  dir: string,
): Result<never, PolicyIncompatible> {
  return err({
    kind: "PolicyIncompatible",
    check,
    policyValue: String(policyValue),
    systemValue: String(systemValue),
    path: dir,
    message: `policy incompatible: ${check} mismatch — policy has ${policyValue}, system has ${systemValue}`,
  });
}

/**
 * Checks a loaded policy against the case (unless `policy.validate_compatibility` is
 * false). `stateDims` are the case's state dimension per stage.
 */
export function checkPolicyCompatibility(
  c: Case,
  policy: { readonly pools: readonly CutPool[]; readonly metadata: PolicyMetadata | null },
  stateDims: readonly number[],
  dir: string,
): Result<void, PolicyIncompatible> {
  if (!c.config.policy.validateCompatibility) return ok(undefined);
  const meta = policy.metadata;
  const stages = meta?.numStages ?? policy.pools.length;
  if (stages !== stateDims.length || policy.pools.length !== stateDims.length)
    return incompatible("stage count", stages, stateDims.length, dir);
  for (let t = 0; t < stateDims.length; t++) {
    const dim = policy.pools[t]!.stateDim;
    if (dim !== stateDims[t] || (meta !== null && meta.stateDimension !== stateDims[t]))
      return incompatible("state dimension", meta?.stateDimension ?? dim, stateDims[t]!, dir);
  }
  const recorded = meta?.systemHash ?? null;
  if (recorded !== null && recorded !== "") {
    const current = systemHash(c);
    if (recorded !== current) return incompatible("system hash", recorded, current, dir);
  }
  return ok(undefined);
}
