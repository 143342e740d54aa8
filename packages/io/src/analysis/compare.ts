/**
 * Comparison of two finished runs (`cobre compare`, MCP `cobre/compare-runs`): inputs
 * first (refusing incompatible runs unless forced), then policy and convergence hashes,
 * bounds per iteration and simulation cost statistics, ending in one verdict.
 */
import { access } from "node:fs/promises";
import path from "node:path";
import type { Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { type Compatibility, type HashCheck, compatibility, hashCheck } from "./compatibility";
import { convergenceRows } from "./convergence";
import { type CostStatistics, costStatistics } from "./cost-statistics";
import { type Difference, type Verdict, combine, diff, largest, verdictOf } from "./diff";
import { type AnalysisError, analysisError } from "./errors";
import { readRunMetadata } from "./metadata";
import type { Row } from "./table-rows";

/** Default relative tolerance of an `equivalent` verdict. */
export const DEFAULT_TOLERANCE = 1e-6;

/**
 * Convergence columns compared. Timings (`time_*_ms`) are wall clock and `lp_solves`
 * counts work, not results, so neither takes part.
 */
export const COMPARED_CONVERGENCE_COLUMNS = [
  "lower_bound",
  "upper_bound_mean",
  "upper_bound_std",
  "gap_percent",
  "cuts_added",
  "cuts_removed",
  "cuts_active",
] as const;

const STATISTICS = ["mean", "std", "p5", "p50", "p95"] as const;

export interface CompareOptions {
  /** Relative tolerance of `equivalent` (default {@link DEFAULT_TOLERANCE}). */
  readonly tolerance?: number;
  /** Compare even when the inputs are incompatible. */
  readonly force?: boolean;
  /** How many of the largest differences to report (default 10). */
  readonly top?: number;
}

export interface SectionResult {
  readonly verdict: Verdict;
  /** Values compared, and how many differ at all. */
  readonly compared: number;
  readonly differing: number;
  readonly max_rel_difference: number | null;
}

export interface RunComparison {
  readonly verdict: Verdict;
  readonly tolerance: number;
  readonly runs: { readonly a: string; readonly b: string };
  readonly inputs: Compatibility & { readonly forced: boolean };
  readonly hashes: { readonly policy_hash: HashCheck; readonly convergence_hash: HashCheck };
  readonly policy: { readonly verdict: Verdict; readonly note: string | null };
  readonly convergence: SectionResult & {
    readonly iterations: { readonly a: number; readonly b: number };
    readonly note: string | null;
  };
  readonly simulation: (SectionResult & { readonly scenarios: { readonly a: number; readonly b: number } }) | null;
  readonly largest_differences: readonly Difference[];
}

function section(differences: readonly Difference[], compared: number, tolerance: number): SectionResult {
  const rels = differences.map((d) => d.rel);
  return {
    verdict: verdictOf(differences, tolerance),
    compared,
    differing: differences.length,
    max_rel_difference: rels.length === 0 ? 0 : rels.includes(null) ? null : Math.max(...(rels as number[])),
  };
}

function convergenceDifferences(a: readonly Row[], b: readonly Row[]): { differences: Difference[]; compared: number } {
  const differences: Difference[] = [];
  const d0 = diff("convergence", "iterations", a.length, b.length);
  if (d0 !== null) differences.push(d0);
  let compared = 1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const ra = a[i]!;
    const rb = b[i]!;
    for (const c of COMPARED_CONVERGENCE_COLUMNS) {
      compared++;
      const va = ra[c] ?? null;
      const vb = rb[c] ?? null;
      const d = diff(
        "convergence",
        `iteration ${String(ra.iteration)} ${c}`,
        typeof va === "boolean" ? String(va) : va,
        typeof vb === "boolean" ? String(vb) : vb,
      );
      if (d !== null) differences.push(d);
    }
  }
  return { differences, compared };
}

function simulationDifferences(a: CostStatistics, b: CostStatistics): { differences: Difference[]; compared: number } {
  const differences: Difference[] = [];
  const push = (d: Difference | null) => {
    if (d !== null) differences.push(d);
  };
  push(diff("simulation", "scenarios", a.scenarios, b.scenarios));
  let compared = 1;
  for (const component of [...new Set([...Object.keys(a.components), ...Object.keys(b.components)])].sort()) {
    for (const s of STATISTICS) {
      compared++;
      push(
        diff(
          "simulation",
          `${component} ${s}`,
          a.components[component]?.[s] ?? null,
          b.components[component]?.[s] ?? null,
        ),
      );
    }
  }
  const totalsB = new Map(b.scenarioTotals.map((r) => [r.scenario_id, r.total_cost]));
  for (const r of a.scenarioTotals) {
    const other = totalsB.get(r.scenario_id);
    if (other === undefined) continue;
    compared++;
    push(diff("simulation", `scenario ${r.scenario_id} total_cost`, r.total_cost, other));
  }
  return { differences, compared };
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

/**
 * Compares the runs written under `dirA` and `dirB`.
 *
 * @example
 * ```ts
 * const r = await compareRuns("out/seed-1", "out/seed-1-again");
 * if (r.ok) console.log(r.value.verdict); // "identical"
 * ```
 */
export async function compareRuns(
  dirA: string,
  dirB: string,
  options: CompareOptions = {},
): Promise<Result<RunComparison, AnalysisError>> {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    return err(
      analysisError("InvalidArguments", `tolerance must be a non-negative number, got ${tolerance}`, { tolerance }),
    );
  }
  const [ma, mb] = await Promise.all([readRunMetadata(dirA), readRunMetadata(dirB)]);
  if (!ma.ok) return ma;
  if (!mb.ok) return mb;
  const inputs = compatibility(ma.value, mb.value);
  const forced = options.force === true;
  if (!inputs.compatible && !forced) {
    return err(
      analysisError(
        "IncompatibleRuns",
        `${dirA} and ${dirB} were produced from different inputs: ${inputs.note ?? ""}`,
        { output_a: dirA, output_b: dirB, input_hash_a: inputs.input_hash.a, input_hash_b: inputs.input_hash.b },
        "Compare runs of the same case, or pass --force (force: true) to compare anyway.",
      ),
    );
  }
  const policyHash = hashCheck(ma.value.data_integrity.policy_hash, mb.value.data_integrity.policy_hash);
  const convergenceHash = hashCheck(ma.value.data_integrity.convergence_hash, mb.value.data_integrity.convergence_hash);

  const [ca, cb] = await Promise.all([convergenceRows(dirA), convergenceRows(dirB)]);
  if (!ca.ok) return ca;
  if (!cb.ok) return cb;
  const conv = convergenceDifferences(ca.value, cb.value);
  const convergence = {
    ...section(conv.differences, conv.compared, tolerance),
    iterations: { a: ca.value.length, b: cb.value.length },
    // convergence_hash covers bounds and cut counts (not timings); the values are compared
    // one by one anyway, to report where runs part.
    note: convergenceHash.equal ? null : "convergence_hash differs: bounds or cut counts differ (see the differences).",
  };

  // A policy whose bytes differ cannot be measured against a tolerance here; it caps the
  // verdict at `equivalent` and the bounds decide the rest.
  const policy = policyHash.equal
    ? { verdict: "identical" as const, note: null }
    : { verdict: "equivalent" as const, note: "policy_hash differs: the cut files are not byte-identical." };
  const policyDiff = diff("policy", "policy_hash", policyHash.a, policyHash.b);

  const simA = path.join(dirA, "simulation", "costs");
  const simB = path.join(dirB, "simulation", "costs");
  const [hasA, hasB] = await Promise.all([exists(simA), exists(simB)]);
  let simulation: RunComparison["simulation"] = null;
  let simDifferences: Difference[] = [];
  if (hasA && hasB) {
    const [sa, sb] = await Promise.all([costStatistics(dirA), costStatistics(dirB)]);
    if (!sa.ok) return sa;
    if (!sb.ok) return sb;
    const s = simulationDifferences(sa.value, sb.value);
    simDifferences = s.differences;
    simulation = {
      ...section(s.differences, s.compared, tolerance),
      scenarios: { a: sa.value.scenarios, b: sb.value.scenarios },
    };
  } else if (hasA !== hasB) {
    simDifferences = [
      {
        section: "simulation",
        what: "simulation outputs",
        a: hasA ? "present" : "absent",
        b: hasB ? "present" : "absent",
        abs: null,
        rel: null,
      },
    ];
    simulation = { ...section(simDifferences, 1, tolerance), scenarios: { a: 0, b: 0 } };
  }

  const all = [...(policyDiff === null ? [] : [policyDiff]), ...conv.differences, ...simDifferences];
  const verdict = combine(policy.verdict, convergence.verdict, simulation?.verdict ?? "identical");
  return ok({
    verdict,
    tolerance,
    runs: { a: dirA, b: dirB },
    inputs: { ...inputs, forced: forced && !inputs.compatible },
    hashes: { policy_hash: policyHash, convergence_hash: convergenceHash },
    policy,
    convergence,
    simulation,
    // The policy hash has no relative size; list it only when nothing else differs.
    largest_differences: largest(
      all.filter((d) => d.section !== "policy" || all.length === 1),
      options.top ?? 10,
    ),
  });
}
