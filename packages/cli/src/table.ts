/**
 * Plain-text tables for human output: right-aligned numbers, left-aligned text, one
 * space-padded column per field. No box drawing, so the output pastes cleanly into
 * issues and logs.
 */
import { style } from "./output";

/** A cell is printed as given; numbers are formatted by the caller so units stay explicit. */
export type Cell = string;

export interface TableOptions {
  /** Columns (by index) aligned left; the rest align right. Default: the first column. */
  readonly leftAligned?: readonly number[];
  /** Indentation of every line. */
  readonly indent?: number;
}

/**
 * Renders a header row, a rule and the rows.
 *
 * @example
 * renderTable(["component", "mean"], [["thermal_cost", "1.2M"]]);
 */
export function renderTable(
  headers: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  opts: TableOptions = {},
): string {
  const left = new Set(opts.leftAligned ?? [0]);
  const pad = " ".repeat(opts.indent ?? 2);
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly Cell[]) =>
    cells
      .map((cell, c) => (left.has(c) ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  const lines = [style.bold(pad + line(headers)), style.dim(pad + rule), ...rows.map((r) => pad + line(r))];
  return `${lines.join("\n")}\n`;
}

/** Renders `label  value` pairs with the labels padded to one width. */
export function renderPairs(pairs: readonly (readonly [string, string])[], indent = 2): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return `${pairs.map(([k, v]) => `${" ".repeat(indent)}${k.padEnd(width)}  ${v}`).join("\n")}\n`;
}

/** A section title line. */
export function heading(title: string, detail = ""): string {
  return `${style.bold(title)}${detail === "" ? "" : `  ${detail}`}\n`;
}
