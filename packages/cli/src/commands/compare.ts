/**
 * `cobre compare <OUTPUT_A> <OUTPUT_B>`: are two runs the same? Inputs first (runs of
 * different inputs are refused with IncompatibleRuns unless --force), then policy and
 * convergence hashes, bounds per iteration and simulation cost statistics. Any verdict
 * (identical, equivalent, different) is a successful comparison: exit 0.
 */
import { type AnalysisError, DEFAULT_TOLERANCE, type RunComparison, compareRuns } from "@cobre/io";
import { UsageError } from "../args";
import { type EnvelopeRecord, envelope } from "../envelope";
import { ExitCode } from "../exit-codes";
import { printEnvelope } from "../json-lines";
import { type OutputFormat, style } from "../output";
import { formatMoney } from "../progress";

export interface CompareFlags {
  readonly format: OutputFormat;
  readonly force: boolean;
  readonly tolerance: string | undefined;
}

function parseTolerance(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TOLERANCE;
  const t = Number(value);
  if (value.trim() === "" || !Number.isFinite(t) || t < 0)
    throw new UsageError(`--tolerance must be a non-negative number, got '${value}'`);
  return t;
}

function exitCodeOf(e: AnalysisError): number {
  return e.kind === "IncompatibleRuns" || e.kind === "InvalidArguments" ? ExitCode.Validation : ExitCode.Io;
}

const short = (hash: string | null): string => (hash === null ? "none" : `${hash.slice(0, 19)}…`);
const fmt = (v: number | string | null): string => (typeof v === "number" ? formatMoney(v) : String(v));

function verdictText(v: RunComparison["verdict"]): string {
  const text = v.toUpperCase();
  return v === "identical" ? style.green(text) : v === "equivalent" ? style.yellow(text) : style.red(text);
}

function printHuman(c: RunComparison): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`${style.bold("Compare")}  A ${c.runs.a}\n          B ${c.runs.b}`);
  const i = c.inputs;
  if (i.input_hash.equal && i.config_hash.equal)
    out(`  inputs       same (input ${short(i.input_hash.a)}, config ${short(i.config_hash.a)})`);
  else
    out(
      `  inputs       ${i.compatible ? "differ in configuration" : style.red("INCOMPATIBLE (compared with --force)")}${i.note === null ? "" : `: ${i.note}`}`,
    );
  for (const d of i.configuration_differences) out(`               ${d}`);
  out(`  policy       ${c.hashes.policy_hash.equal ? "same hash" : "hash differs"}`);
  const cv = c.convergence;
  out(
    `  convergence  ${cv.iterations.a} vs ${cv.iterations.b} iterations, ${cv.verdict} (${cv.differing}/${cv.compared} values differ)`,
  );
  if (c.simulation === null) out("  simulation   none in either run");
  else {
    const s = c.simulation;
    out(
      `  simulation   ${s.scenarios.a} vs ${s.scenarios.b} scenarios, ${s.verdict} (${s.differing}/${s.compared} statistics differ)`,
    );
  }
  out(`${style.bold("Verdict")}  ${verdictText(c.verdict)} (relative tolerance ${c.tolerance})`);
  if (c.largest_differences.length > 0) {
    out(style.bold("Largest differences"));
    for (const d of c.largest_differences) {
      const rel = d.rel === null ? "n/a" : d.rel.toExponential(2);
      out(
        `  ${d.section.padEnd(12)} ${d.what.padEnd(36)} ${fmt(d.a).padStart(12)} → ${fmt(d.b).padEnd(12)} rel ${rel}`,
      );
    }
  }
}

export async function compareCommand(positionals: readonly string[], flags: CompareFlags): Promise<number> {
  const [a, b, ...extra] = positionals;
  if (a === undefined || b === undefined)
    throw new UsageError("compare needs two output directories: cobre compare <OUTPUT_A> <OUTPUT_B>");
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const tolerance = parseTolerance(flags.tolerance);
  const result = await compareRuns(a, b, { tolerance, force: flags.force });
  if (!result.ok) {
    const code = exitCodeOf(result.error);
    if (flags.format !== "human") printEnvelope(flags.format, envelope("compare", code, null, [result.error]));
    else {
      process.stderr.write(`${style.red("error")} [${result.error.kind}] ${result.error.message}\n`);
      if (result.error.suggestion !== undefined) process.stderr.write(`  hint: ${result.error.suggestion}\n`);
    }
    return code;
  }
  const c = result.value;
  if (flags.format !== "human") {
    const warnings: EnvelopeRecord[] = c.inputs.forced
      ? [
          {
            kind: "IncompatibleRuns",
            message: c.inputs.note ?? "the runs have different inputs",
            context: { forced: true },
          },
        ]
      : [];
    printEnvelope(
      flags.format,
      envelope("compare", ExitCode.Success, c, [], warnings, {
        verdict: c.verdict,
        largest_differences: c.largest_differences.length,
      }),
    );
  } else printHuman(c);
  return ExitCode.Success;
}
