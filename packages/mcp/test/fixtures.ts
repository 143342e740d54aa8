/** Small cases copied into fresh temp roots: hydro-tiny (trimmed) and Cobre's reference d02. */
import { cpSync, mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { referencePath, trimmedCase } from "@cobre/test-support";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../..");
const hydroTiny = path.join(repoRoot, "examples/hydro-tiny");
/** Cobre's deterministic d02 (one hydro, one thermal); its analytic optimum is 23635000 / 9. */
export const d02SingleHydro = referencePath("examples", "deterministic", "d02-single-hydro");

/** A temporary root holding `case/`, a hydro-tiny copy limited to `iterations` and `scenarios`. */
export function smallCaseRoot(iterations = 4, scenarios = 12): { root: string; caseDir: string } {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "cobre-mcp-")));
  const caseDir = trimmedCase(hydroTiny, { iterations, scenarios, destination: path.join(root, "case") });
  return { root, caseDir };
}

/** A temporary root holding `case/`, an unmodified copy of `source` (default: d02-single-hydro). */
export function referenceCaseRoot(source = d02SingleHydro): { root: string; caseDir: string } {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "cobre-mcp-")));
  const caseDir = path.join(root, "case");
  cpSync(source, caseDir, { recursive: true });
  return { root, caseDir };
}
