/**
 * What the API functions accept as a case: the plain `Case` of `loadCase` or the
 * `CaseView` of `openCase` / `CaseLoader.load`; and the per-case cache of the engine's
 * scenario inputs (built once, exactly as `train` builds them).
 */
import type { Case, Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { buildScenarioInputs } from "../scenario/build-scenario-inputs";
import { studySeed } from "../study/prepare-study";
import type { ScenarioInputs } from "../scenario/scenario-inputs";
import type { CobreError } from "@cobre/core";
import { fromSddpError, toCobreError } from "./errors";

/** Anything exposing the underlying `Case` (a `CaseView`). */
interface HasCase {
  readonly data: Case;
}

export type CaseLike = Case | HasCase;

/** The plain `Case` behind a `CaseLike`. */
export function caseOf(c: CaseLike): Case {
  return "data" in c ? c.data : c;
}

const inputsCache = new WeakMap<Case, Result<ScenarioInputs, CobreError>>();

/** The engine's `ScenarioInputs` for a case (seed `studySeed`), cached per `Case` object. */
export function scenarioInputsOf(c: Case): Result<ScenarioInputs, CobreError> {
  let cached = inputsCache.get(c);
  if (cached === undefined) {
    try {
      const built = buildScenarioInputs(c, studySeed(c));
      cached = built.ok ? ok(built.value) : err(fromSddpError(built.error));
    } catch (e) {
      cached = err(toCobreError(e));
    }
    inputsCache.set(c, cached);
  }
  return cached;
}
