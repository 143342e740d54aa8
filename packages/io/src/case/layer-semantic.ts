/** Layer 5 (semantic): domain rules, split by topic. */
import type { Diagnostics } from "./diagnostics";
import type { RawCase } from "./raw-case";
import { checkEntitySemantics } from "./semantic-entities";
import { checkPenaltySemantics } from "./semantic-penalties";
import { checkSettingsSemantics } from "./semantic-settings";
import { checkStochasticSemantics } from "./semantic-stochastic";

/** Runs layer 5 on a schema-valid case. */
export function checkSemantics(raw: RawCase, diag: Diagnostics): void {
  checkEntitySemantics(raw, diag);
  checkPenaltySemantics(raw, diag);
  checkStochasticSemantics(raw, diag);
  checkSettingsSemantics(raw, diag);
}
