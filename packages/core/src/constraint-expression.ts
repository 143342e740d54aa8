/**
 * The expression language of `constraints/generic_constraints.json`, parsed once, here,
 * below both the validator (@cobre/io) and the LP builder (@cobre/sddp):
 *
 *   expression ::= ['+' | '-'] term (('+' | '-') term)*
 *   term       ::= number '*' variable | variable | number
 *   variable   ::= name '(' entity_id [',' block_id] ')'
 *
 * e.g. `"2.5 * thermal_generation(5) - hydro_generation(3) + 100"`. The 20 variable names
 * are those of the Cobre book's generic-constraint variable catalogue; `hydro_storage`,
 * `hydro_evaporation` and `hydro_withdrawal` are stage-level and take no block argument.
 * A number alone is a constant; it belongs on the right-hand side, so the parsed form
 * carries it separately.
 *
 * Failures are values with a 1-based `column` into the text: a syntax error, or a name
 * that is not a variable of the catalogue (the validator reports the latter as a missing
 * reference, the former as a parse error).
 */
import type { ErrorKindSubset } from "./errors";
import { type Result, err, ok } from "./result";

/** Stage-level variables: one value per stage, no block argument. */
export const STAGE_VARIABLES = ["hydro_storage", "hydro_evaporation", "hydro_withdrawal"] as const;

/** Block-level variables: one value per block; without a block argument, the row's block. */
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

export type ConstraintVariable = (typeof STAGE_VARIABLES)[number] | (typeof BLOCK_VARIABLES)[number];

/** The entity class a variable refers to (which registry its id must be in). */
export type ConstraintEntityClass = "hydro" | "thermal" | "line" | "bus" | "pumping" | "contract" | "ncs";

/** The entity class of each variable. */
export const VARIABLE_ENTITY: Readonly<Record<ConstraintVariable, ConstraintEntityClass>> = {
  hydro_storage: "hydro",
  hydro_evaporation: "hydro",
  hydro_withdrawal: "hydro",
  hydro_turbined: "hydro",
  hydro_spillage: "hydro",
  hydro_diversion: "hydro",
  hydro_outflow: "hydro",
  hydro_generation: "hydro",
  thermal_generation: "thermal",
  line_direct: "line",
  line_reverse: "line",
  line_exchange: "line",
  bus_deficit: "bus",
  bus_excess: "bus",
  pumping_flow: "pumping",
  pumping_power: "pumping",
  contract_import: "contract",
  contract_export: "contract",
  non_controllable_generation: "ncs",
  non_controllable_curtailment: "ncs",
};

/** One `coefficient · variable(entity[, block])` of an expression. */
export interface LinearTerm {
  readonly coefficient: number;
  readonly variable: ConstraintVariable;
  readonly entityId: number;
  /** Block argument (the block's position in its stage), or null for "the row's block"; always null for stage variables. */
  readonly blockId: number | null;
  /** 1-based column of the variable name in the expression (for messages). */
  readonly column: number;
}

/** A parsed expression: Σ terms + constant. */
export interface LinearExpression {
  readonly terms: readonly LinearTerm[];
  /** Sum of the number-only terms (moved to the right-hand side by the LP builder). */
  readonly constant: number;
}

/** Why an expression does not parse. */
export interface ExpressionError {
  /** `ExpressionSyntax`: malformed text; `UnknownVariable`: a name outside the catalogue. */
  readonly kind: ErrorKindSubset<"ExpressionSyntax" | "UnknownVariable">;
  readonly message: string;
  /** 1-based column of the offending character or token. */
  readonly column: number;
  /** The unknown name, for `UnknownVariable`. */
  readonly name?: string;
}

type Token =
  | { readonly kind: "num"; readonly value: number; readonly text: string; readonly column: number }
  | { readonly kind: "id"; readonly name: string; readonly column: number }
  | { readonly kind: "op"; readonly op: "+" | "-" | "*" | "(" | ")" | ","; readonly column: number };

const KNOWN = new Set<string>([...STAGE_VARIABLES, ...BLOCK_VARIABLES]);
const STAGE_ONLY = new Set<string>(STAGE_VARIABLES);
const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*(),]))/y;

function tokenize(text: string): Result<Token[], ExpressionError> {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (m === null) {
      const at = pos + (text.slice(pos).length - text.slice(pos).trimStart().length);
      return err({
        kind: "ExpressionSyntax",
        message: `unexpected character '${text[at] ?? ""}' at column ${at + 1}`,
        column: at + 1,
      });
    }
    const column = TOKEN.lastIndex - m[0].trimStart().length + 1;
    if (m[1] !== undefined) tokens.push({ kind: "num", value: Number(m[1]), text: m[1], column });
    else if (m[2] !== undefined) tokens.push({ kind: "id", name: m[2], column });
    else tokens.push({ kind: "op", op: m[3] as "+" | "-" | "*" | "(" | ")" | ",", column });
    pos = TOKEN.lastIndex;
  }
  return ok(tokens);
}

function describe(t: Token | undefined): string {
  if (t === undefined) return "the end of the expression";
  if (t.kind === "num") return `'${t.text}'`;
  if (t.kind === "id") return `'${t.name}'`;
  return `'${t.op}'`;
}

/**
 * Parses an expression into linear terms and a constant, or says where and why not.
 *
 * @example
 * parseConstraintExpression("2 * thermal_generation(0) - hydro_storage(1)")
 * // ok: terms [{ coefficient: 2, variable: "thermal_generation", entityId: 0, ... }, { coefficient: -1, ... }]
 * parseConstraintExpression("thermal_generation(0) +* 2")
 * // err: { kind: "ExpressionSyntax", column: 24, ... }
 */
export function parseConstraintExpression(text: string): Result<LinearExpression, ExpressionError> {
  const tokenized = tokenize(text);
  if (!tokenized.ok) return tokenized;
  const tokens = tokenized.value;
  const end = text.trimEnd().length + 1;
  const columnOf = (t: Token | undefined): number => t?.column ?? end;
  const syntax = (t: Token | undefined, expected: string) =>
    err<ExpressionError>({
      kind: "ExpressionSyntax",
      message: `expected ${expected} at column ${columnOf(t)}, found ${describe(t)}`,
      column: columnOf(t),
    });
  if (tokens.length === 0) return err({ kind: "ExpressionSyntax", message: "expression must not be empty", column: 1 });
  const terms: LinearTerm[] = [];
  let constant = 0;
  let i = 0;
  while (i < tokens.length) {
    let sign = 1;
    const t = tokens[i];
    if (t?.kind === "op" && (t.op === "+" || t.op === "-")) {
      sign = t.op === "-" ? -1 : 1;
      i++;
    } else if (i > 0) return syntax(t, "'+' or '-' between terms");
    let coefficient = sign;
    const c = tokens[i];
    if (c?.kind === "num") {
      const next = tokens[i + 1];
      const endsTerm = next === undefined || (next.kind === "op" && (next.op === "+" || next.op === "-"));
      if (endsTerm) {
        constant += sign * c.value;
        i++;
        continue;
      }
      if (!(next.kind === "op" && next.op === "*")) return syntax(next, "'*' after a coefficient");
      coefficient = sign * c.value;
      i += 2;
    }
    const v = tokens[i];
    if (v?.kind !== "id") return syntax(v, "a variable name or a number");
    if (!KNOWN.has(v.name))
      return err({
        kind: "UnknownVariable",
        message: `unknown variable '${v.name}' at column ${v.column}`,
        column: v.column,
        name: v.name,
      });
    const open = tokens[i + 1];
    if (!(open?.kind === "op" && open.op === "(")) return syntax(open, `'(' after '${v.name}'`);
    const idTok = tokens[i + 2];
    const entityId = nonNegativeInteger(idTok);
    if (entityId === undefined) return syntax(idTok, `an entity id (a non-negative integer) in '${v.name}(...)'`);
    i += 3;
    let blockId: number | null = null;
    const comma = tokens[i];
    if (comma?.kind === "op" && comma.op === ",") {
      if (STAGE_ONLY.has(v.name))
        return err({
          kind: "ExpressionSyntax",
          message: `'${v.name}' is a stage variable and takes no block argument (column ${comma.column})`,
          column: comma.column,
        });
      const blockTok = tokens[i + 1];
      const block = nonNegativeInteger(blockTok);
      if (block === undefined) return syntax(blockTok, `a block id (a non-negative integer) in '${v.name}(...)'`);
      blockId = block;
      i += 2;
    }
    const close = tokens[i];
    if (!(close?.kind === "op" && close.op === ")")) return syntax(close, `')' to close '${v.name}('`);
    i++;
    terms.push({ coefficient, variable: v.name as ConstraintVariable, entityId, blockId, column: v.column });
  }
  return ok({ terms, constant });
}

function nonNegativeInteger(t: Token | undefined): number | undefined {
  return t?.kind === "num" && Number.isInteger(t.value) && t.value >= 0 && !t.text.includes(".") ? t.value : undefined;
}
