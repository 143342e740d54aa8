/**
 * The data of `cobre report`: the manifests, metadata, convergence log and policy summary
 * of an output directory, by section. With `--section all` the training manifest and the
 * convergence log are required and the rest is optional (absent → `null` plus a
 * warning); a section asked for by name is required. A present but unreadable file is an
 * error in every case.
 */
import { resolve } from "node:path";
import { ok, type Result } from "@cobre/core";
import {
  type ConvergenceLogRow,
  METADATA_FILE,
  type PolicySummary,
  type SimulationManifest,
  type TrainingManifest,
  type TrainingMetadata,
} from "@cobre/io";
import type { EnvelopeRecord } from "../envelope";
import { absentWarning, isAbsent, type ReadError } from "./errors";
import {
  optional,
  readConvergenceLog,
  readPolicySummary,
  readSimulationManifest,
  readTrainingManifest,
  readTrainingMetadata,
} from "./read";

export const REPORT_SECTIONS = ["convergence", "simulation", "metadata", "policy", "all"] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export function isReportSection(s: string): s is ReportSection {
  return (REPORT_SECTIONS as readonly string[]).includes(s);
}

/** The simulation manifest without its per-file checksums and partition list, which grow with the scenario count. */
type SimulationReport = Omit<SimulationManifest, "partitions_written" | "checksum"> & {
  readonly partitions_written_count: number;
  readonly checksum: { readonly algorithm: string; readonly value: string; readonly files: number } | null;
};

interface ConvergenceReport {
  readonly iterations: number;
  readonly final: ConvergenceLogRow | null;
  readonly history: readonly ConvergenceLogRow[];
}

export interface ReportData {
  readonly output_directory: string;
  readonly status?: string;
  readonly training?: TrainingManifest;
  readonly convergence?: ConvergenceReport;
  readonly simulation?: SimulationReport | null;
  readonly metadata?: TrainingMetadata | null;
  readonly policy?: PolicySummary | null;
}

export interface Report {
  readonly data: ReportData;
  readonly warnings: readonly EnvelopeRecord[];
}

function trimSimulation(m: SimulationManifest): SimulationReport {
  const { partitions_written, checksum, ...rest } = m;
  return {
    ...rest,
    partitions_written_count: partitions_written.length,
    checksum:
      checksum === null
        ? null
        : { algorithm: checksum.algorithm, value: checksum.value, files: Object.keys(checksum.partitions).length },
  };
}

/**
 * Reads what `section` needs from `outputDir`.
 *
 * @example
 * const r = await buildReport("case/output", "convergence");
 * if (r.ok) console.log(r.value.data.convergence?.final?.lower_bound);
 */
export async function buildReport(outputDir: string, section: ReportSection): Promise<Result<Report, ReadError>> {
  const all = section === "all";
  const warnings: EnvelopeRecord[] = [];
  const data: { -readonly [K in keyof ReportData]: ReportData[K] } = { output_directory: resolve(outputDir) };
  /** Required when asked for by name; optional (null + warning) under `all`. */
  const take = <T>(r: Result<T, ReadError>, what: string, path: string): Result<T | null, ReadError> => {
    if (!all) return r;
    const o = optional(r, isAbsent);
    if (o.ok && o.value === null) warnings.push(absentWarning(what, path));
    return o;
  };

  if (section === "convergence" || all) {
    const training = await readTrainingManifest(outputDir);
    if (!training.ok) return training;
    const log = await readConvergenceLog(outputDir);
    if (!log.ok) return log;
    data.status = training.value.status;
    data.training = training.value;
    data.convergence = { iterations: log.value.length, final: log.value.at(-1) ?? null, history: log.value };
  }
  if (section === "simulation" || all) {
    const sim = take(await readSimulationManifest(outputDir), "simulation manifest", "simulation/_manifest.json");
    if (!sim.ok) return sim;
    data.simulation = sim.value === null ? null : trimSimulation(sim.value);
  }
  if (section === "metadata" || all) {
    const meta = take(await readTrainingMetadata(outputDir), "training metadata", METADATA_FILE);
    if (!meta.ok) return meta;
    data.metadata = meta.value;
  }
  if (section === "policy" || all) {
    const policy = take(await readPolicySummary(outputDir), "policy checkpoint", "policy/metadata.json");
    if (!policy.ok) return policy;
    data.policy = policy.value;
  }
  return ok({ data, warnings });
}
