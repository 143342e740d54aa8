/**
 * Whether two runs may be compared at all (seed §5.3): same inputs and configuration
 * are comparable; so are runs of the same system whose configuration differs (another
 * seed, more iterations). Runs of different systems are `IncompatibleRuns`.
 */
import type { RunMetadata } from "./metadata";

export interface HashCheck {
  readonly a: string | null;
  readonly b: string | null;
  readonly equal: boolean;
}

export interface Compatibility {
  readonly input_hash: HashCheck;
  readonly config_hash: HashCheck;
  /** True when the inputs are the same, or differ only by configuration. */
  readonly compatible: boolean;
  /** Keys of `configuration_snapshot` that differ, as `key: a → b`. */
  readonly configuration_differences: readonly string[];
  readonly note: string | null;
}

/** JSON with sorted keys, so equal documents compare equal whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

export function hashCheck(a: string | null, b: string | null): HashCheck {
  return { a, b, equal: a !== null && a === b };
}

/**
 * Decides comparability. The input hash covers every case file, config.json included, so a
 * new seed changes it too. With `system_hash` on both sides (Cobre-TS metadata) the system
 * decides: same system → comparable, whatever the configuration. Without it (metadata of
 * other implementations): when the config hash differs and the problem dimensions match,
 * the input difference is taken to be the configuration's (a heuristic: a changed system
 * of the same shape together with a changed configuration is not detected).
 */
export function compatibility(a: RunMetadata, b: RunMetadata): Compatibility {
  const input = hashCheck(a.data_integrity.input_hash, b.data_integrity.input_hash);
  const config = hashCheck(a.data_integrity.config_hash, b.data_integrity.config_hash);
  const keys = [
    ...new Set([...Object.keys(a.configuration_snapshot), ...Object.keys(b.configuration_snapshot)]),
  ].sort();
  const configuration_differences = keys
    .filter((k) => canonical(a.configuration_snapshot[k]) !== canonical(b.configuration_snapshot[k]))
    .map((k) => `${k}: ${canonical(a.configuration_snapshot[k])} → ${canonical(b.configuration_snapshot[k])}`);
  const sameDimensions = canonical(a.problem_dimensions) === canonical(b.problem_dimensions);
  const systemA = a.data_integrity.system_hash;
  const systemB = b.data_integrity.system_hash;
  if (systemA !== undefined && systemB !== undefined) {
    const sameSystem = systemA === systemB;
    return {
      input_hash: input,
      config_hash: config,
      compatible: sameSystem,
      configuration_differences,
      note: !sameSystem
        ? "The runs solve different systems (system hashes differ)."
        : config.equal
          ? null
          : "Same system, different configuration; results are compared but need not be identical.",
    };
  }
  if (input.equal && config.equal)
    return { input_hash: input, config_hash: config, compatible: true, configuration_differences, note: null };
  if (!config.equal && sameDimensions) {
    return {
      input_hash: input,
      config_hash: config,
      compatible: true,
      configuration_differences,
      note: "The runs share the system's dimensions but differ in configuration; results are compared but need not be identical.",
    };
  }
  return {
    input_hash: input,
    config_hash: config,
    compatible: false,
    configuration_differences,
    note: sameDimensions
      ? "The case data differ (input hashes differ with the same configuration)."
      : "The runs solve different systems (problem dimensions differ).",
  };
}
