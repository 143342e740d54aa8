/**
 * Every kind a package emits is a name of the registry in @cobre/core. Three checks:
 * - at the type level, each package's exported kind union must extend `ErrorKind`
 *   (`pnpm typecheck` compiles this file; a name outside the registry fails it);
 * - at run time, the exported kind lists, and what the engine's one mapping point makes
 *   of each thing the engine throws, are registry kinds;
 * - over the sources, every `kind: "Name"` literal of a package is a registry kind, so a
 *   record built where no type constrains it cannot bring a new name in unnoticed.
 * (The types come from the packages @cobre/cli depends on; @cobre/stochastic's and
 * @cobre/mcp's kinds are `ErrorKindSubset`s checked where they are declared, and the
 * source scan covers every package.)
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { ClusterErrorKind } from "@cobre/cluster";
import { type ErrorKind, type ExpressionError, type UnsupportedOptionWarning, isErrorKind } from "@cobre/core";
import type { AnalysisErrorKind, LoadError, OutputError, PolicyErrorKind, ValidationKind } from "@cobre/io";
import { VALIDATION_KINDS } from "@cobre/io";
import {
  type EngineWarning,
  type PolicyIncompatible,
  type RunError,
  type SddpErrorKind,
  SolverError,
  WorkerError,
  toCobreError,
} from "@cobre/sddp";
import { WorkerFailure } from "@cobre/sddp/internal";
import type { SolverError as LpFailure } from "@cobre/solver";
import { describe, expect, it } from "vitest";
import type { EnvelopeRecord } from "../src/envelope";
import { repoRoot } from "./support/cobre-bin";

/** Compiles only when every member of `K` is a registry kind. */
type Registered<K extends ErrorKind> = K;

/** One entry per package union; a kind that leaves the registry breaks the typecheck here. */
export type EveryPackageKind = [
  Registered<ExpressionError["kind"]>,
  Registered<UnsupportedOptionWarning["kind"]>,
  Registered<ValidationKind>,
  Registered<LoadError["kind"]>,
  Registered<OutputError["kind"]>,
  Registered<PolicyErrorKind>,
  Registered<AnalysisErrorKind>,
  // @cobre/solver sits below core and spells its kind out; this line is what checks it.
  Registered<LpFailure["kind"]>,
  Registered<SddpErrorKind>,
  Registered<EngineWarning["kind"]>,
  Registered<PolicyIncompatible["kind"]>,
  Registered<RunError["kind"]>,
  Registered<ClusterErrorKind>,
  Registered<EnvelopeRecord["kind"]>,
];

/**
 * Thrown for API misuse and never emitted as a record: a caller sees it only as the
 * `InternalPanic` the mapping makes of it.
 */
const THROWN_ONLY = new Set(["SolverUsageError"]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

describe("error kinds of every package", () => {
  it("the validation kinds of @cobre/io are the registry's validation groups", () => {
    expect(VALIDATION_KINDS.length).toBe(16);
    for (const k of VALIDATION_KINDS) expect(isErrorKind(k), k).toBe(true);
  });

  it("the engine's one mapping turns each thing it throws into a registry kind and class", () => {
    const worker = toCobreError(new WorkerFailure(2, 3, "exited"));
    expect(worker).toBeInstanceOf(WorkerError);
    expect(worker).toMatchObject({ kind: "WorkerFailed", rank: 2, exitCode: 3 });
    // An LP failure that crossed a worker boundary arrives as a plain object.
    const lp: LpFailure = {
      kind: "SolverFailure",
      status: "Infeasible",
      message: "LP solve failed",
      suggestion: "",
      context: { stage: 4, attempts: 1 },
      history: [{ level: null, strategy: "configured", status: "Infeasible", seconds: 0 }],
      ending: "retry-off",
    };
    const solve = toCobreError({ solverError: lp, site: { phase: "forward", iteration: 5, scenario: 1 } });
    expect(solve).toBeInstanceOf(SolverError);
    expect(solve).toMatchObject({ kind: "SolverFailure", stage: 4, iteration: 5, solverStatus: "Infeasible" });
    const bug = toCobreError(new TypeError("x is undefined"));
    expect(bug.kind).toBe("InternalPanic");
    expect(String(bug.context.location)).toMatch(/error-kinds\.test\.ts:\d+:\d+/);
    for (const e of [worker, solve, bug]) expect(isErrorKind(e.kind), e.kind).toBe(true);
  });

  it("every `kind` literal in the packages' sources is a registry kind", () => {
    const found = new Map<string, string>();
    const packages = path.join(repoRoot, "packages");
    for (const pkg of readdirSync(packages)) {
      const src = path.join(packages, pkg, "src");
      if (!statSync(path.join(packages, pkg)).isDirectory()) continue;
      let files: string[];
      try {
        files = sourceFiles(src);
      } catch {
        continue;
      }
      for (const file of files) {
        const text = readFileSync(file, "utf8");
        for (const m of text.matchAll(/\bkind(?::|\s*=|\s*===)\s*"([A-Z][A-Za-z]+)"/g))
          found.set(m[1]!, path.relative(repoRoot, file));
      }
    }
    // The scan sees the kinds it should: the LP failure, a warning, a CLI front-end kind.
    for (const k of ["SolverFailure", "LowDiskSpace", "DirectoryNotEmpty"]) expect(found.has(k), k).toBe(true);
    const outside = [...found].filter(([k]) => !isErrorKind(k) && !THROWN_ONLY.has(k));
    expect(outside).toEqual([]);
  });
});
