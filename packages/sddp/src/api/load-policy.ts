/** `loadPolicy`: `Policy.load` with the API's error classes. */
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { Policy } from "../policy";
import type { CobreError } from "@cobre/core";
import { fromPolicyError, toCobreError } from "./errors";

/**
 * Loads `<dir>/policy/` (or `dir` itself when it is the policy directory).
 *
 * @example
 * ```ts
 * const policy = unwrap(await loadPolicy("output"));
 * const sim = unwrap(await simulateCase({ case: c, policy }, { numScenarios: 100 }));
 * ```
 */
export async function loadPolicy(dir: string): Promise<Result<Policy, CobreError>> {
  try {
    const p = await Policy.load(dir);
    return p.ok ? ok(p.value) : err(fromPolicyError(p.error));
  } catch (e) {
    return err(toCobreError(e));
  }
}
