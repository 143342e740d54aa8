/** Layer 5 (semantic): domain rules, split by topic. */
import type { Diagnostics } from "../../diagnostics";
import type { RawCase } from "../../read/raw-case";
import { checkEntitySemantics } from "./entities";
import { checkPenaltySemantics } from "./penalties";
import { checkSettingsSemantics } from "./settings";
import { checkStochasticSemantics } from "./stochastic";

/** Runs layer 5 on a schema-valid case. */
export function checkSemantics(raw: RawCase, diag: Diagnostics): void {
  checkEntitySemantics(raw, diag);
  checkPenaltySemantics(raw, diag);
  checkStochasticSemantics(raw, diag);
  checkSettingsSemantics(raw, diag);
}
