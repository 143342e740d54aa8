/**
 * Parser of the expression language of `constraints/generic_constraints.json`:
 *
 *   expression ::= ['+' | '-'] term (('+' | '-') term)*
 *   term       ::= [number '*'] variable
 *   variable   ::= name '(' entity_id [',' block_id] ')'
 *
 * e.g. `"2.5 * thermal_generation(5) - hydro_generation(3)"`. A variable without a block
 * argument means "the block of the row" (one row per block); `hydro_storage`,
 * `hydro_evaporation` and `hydro_withdrawal` are stage-level and take no block.
 */

export const STAGE_VARIABLES = ["hydro_storage", "hydro_evaporation", "hydro_withdrawal"] as const;

export const BLOCK_VARIABLES = [
  "hydro_turbined",
  "hydro_spillage",
  "hydro_diversion",
  "hydro_outflow",
  "hydro_generation",
  "thermal_generation",
  "line_direct",
  "line_reverse",
  "line_exchange",
  "bus_deficit",
  "bus_excess",
  "pumping_flow",
  "pumping_power",
  "contract_import",
  "contract_export",
  "non_controllable_generation",
  "non_controllable_curtailment",
] as const;

export type VariableName = (typeof STAGE_VARIABLES)[number] | (typeof BLOCK_VARIABLES)[number];

export interface LinearTerm {
  readonly coefficient: number;
  readonly variable: VariableName;
  readonly entityId: number;
  /** Block position, or null for "the row's block" (always null for stage variables). */
  readonly blockId: number | null;
}

export type ParseResult =
  | { readonly ok: true; readonly terms: LinearTerm[] }
  | { readonly ok: false; readonly message: string };

type Token =
  | { readonly kind: "num"; readonly value: number }
  | { readonly kind: "id"; readonly name: string }
  | { readonly kind: "op"; readonly op: "+" | "-" | "*" | "(" | ")" | "," };

const KNOWN = new Set<string>([...STAGE_VARIABLES, ...BLOCK_VARIABLES]);
const STAGE_ONLY = new Set<string>(STAGE_VARIABLES);

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*(),]))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) return `unexpected character '${text.slice(pos).trim()[0] ?? ""}' at position ${pos}`;
    if (m[1] !== undefined) tokens.push({ kind: "num", value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: "id", name: m[2] });
    else tokens.push({ kind: "op", op: m[3] as "+" | "-" | "*" | "(" | ")" | "," });
    pos = re.lastIndex;
  }
  return tokens;
}

function isOp(t: Token | undefined, op: string): boolean {
  return t !== undefined && t.kind === "op" && t.op === op;
}

function integerAt(t: Token | undefined): number | undefined {
  return t !== undefined && t.kind === "num" && Number.isInteger(t.value) && t.value >= 0 ? t.value : undefined;
}

/** Parses an expression into linear terms, or explains why it cannot. */
export function parseConstraintExpression(text: string): ParseResult {
  const tokens = tokenize(text);
  if (typeof tokens === "string") return { ok: false, message: tokens };
  if (tokens.length === 0) return { ok: false, message: "expression must not be empty" };
  const terms: LinearTerm[] = [];
  let i = 0;
  let first = true;
  while (i < tokens.length) {
    let sign = 1;
    const t = tokens[i];
    if (isOp(t, "+") || isOp(t, "-")) {
      sign = isOp(t, "-") ? -1 : 1;
      i++;
    } else if (!first) return { ok: false, message: `expected '+' or '-' between terms at token ${i}` };
    first = false;
    let coefficient = sign;
    const c = tokens[i];
    if (c !== undefined && c.kind === "num") {
      if (!isOp(tokens[i + 1], "*")) return { ok: false, message: `expected '*' after coefficient ${c.value}` };
      coefficient = sign * c.value;
      i += 2;
    }
    const v = tokens[i];
    if (v === undefined || v.kind !== "id") return { ok: false, message: `expected a variable name at token ${i}` };
    if (!KNOWN.has(v.name)) return { ok: false, message: `unknown variable "${v.name}"` };
    if (!isOp(tokens[i + 1], "(")) return { ok: false, message: `expected '(' after "${v.name}"` };
    const entityId = integerAt(tokens[i + 2]);
    if (entityId === undefined) return { ok: false, message: `"${v.name}" needs a non-negative integer entity id` };
    i += 3;
    let blockId: number | null = null;
    if (isOp(tokens[i], ",")) {
      blockId = integerAt(tokens[i + 1]) ?? null;
      if (blockId === null) return { ok: false, message: `"${v.name}" needs a non-negative integer block id` };
      if (STAGE_ONLY.has(v.name)) return { ok: false, message: `"${v.name}" does not take a block argument` };
      i += 2;
    }
    if (!isOp(tokens[i], ")")) return { ok: false, message: `expected ')' to close "${v.name}"` };
    i++;
    terms.push({ coefficient, variable: v.name as VariableName, entityId, blockId });
  }
  return { ok: true, terms };
}
