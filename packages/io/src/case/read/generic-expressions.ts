/**
 * The expressions of `constraints/generic_constraints.json`, parsed once per case by the
 * one parser of @cobre/core: the referential layer reports what does not parse, and the
 * resolver reuses the same parsed forms (so the engine never sees an invalid expression).
 */
import { type ExpressionError, type LinearExpression, type Result, parseConstraintExpression } from "@cobre/core";
import type { RawCase } from "./raw-case";

const cache = new WeakMap<RawCase, readonly Result<LinearExpression, ExpressionError>[]>();

/** One parse result per entry of `constraints[]`, in file order. */
export function parsedExpressions(raw: RawCase): readonly Result<LinearExpression, ExpressionError>[] {
  let parsed = cache.get(raw);
  if (parsed === undefined) {
    parsed = (raw.json.genericConstraints?.constraints ?? []).map((c) => parseConstraintExpression(c.expression));
    cache.set(raw, parsed);
  }
  return parsed;
}
