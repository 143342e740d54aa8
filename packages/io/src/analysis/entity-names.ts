/**
 * Entity names for labels, from `training/dictionaries/entities.csv` (with the entity type
 * codes of `codes.json`). Labels are a nicety: when the dictionaries are absent or odd,
 * callers fall back to ids, so nothing here fails.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** Splits one RFC 4180 line (quoted fields may hold commas and doubled quotes). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === "," && !quoted) {
      out.push(field);
      field = "";
    } else {
      field += ch;
    }
  }
  out.push(field);
  return out;
}

/** Names of the entities of one type (`hydro`, `thermal`, `bus`, ...) keyed by id; empty if unknown. */
export async function entityNames(outputDir: string, type: string): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  const dir = join(outputDir, "training", "dictionaries");
  try {
    const codes = JSON.parse(await readFile(join(dir, "codes.json"), "utf8")) as {
      entity_type?: Record<string, string>;
    };
    const code = Object.entries(codes.entity_type ?? {}).find(([, v]) => v === type)?.[0];
    if (code === undefined) return names;
    const [header, ...lines] = (await readFile(join(dir, "entities.csv"), "utf8"))
      .split(/\r?\n/)
      .filter((l) => l !== "");
    const cols = splitCsvLine(header ?? "");
    const [ti, ii, ni] = ["entity_type_code", "entity_id", "name"].map((c) => cols.indexOf(c)) as [
      number,
      number,
      number,
    ];
    for (const line of lines) {
      const f = splitCsvLine(line);
      if (f[ti] === code && f[ii] !== undefined) names.set(Number(f[ii]), f[ni] ?? "");
    }
  } catch {
    // Missing or malformed dictionaries: labels fall back to ids.
  }
  return names;
}
