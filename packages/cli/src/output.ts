/**
 * Where text goes: human output to stdout (coloured as `--color` and the colour
 * environment variables decide, see color.ts), JSON envelopes to stdout alone, logs and
 * progress to stderr.
 */
import { resolveColor } from "./color";

/** `json-lines` (one event per line, for `cobre run` only) is checked in args.ts. */
export type OutputFormat = "human" | "json" | "json-lines";

// Decided once, before any output, by `setColour` (cli.ts); `auto` until then.
let useColour = resolveColor("auto", process.env, process.stdout.isTTY === true);

/** Sets whether human output is coloured (called once, from the global `--color`). */
export function setColour(on: boolean): void {
  useColour = on;
}

function paint(code: string, text: string): string {
  return useColour ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export const style = {
  bold: (t: string) => paint("1", t),
  red: (t: string) => paint("31", t),
  green: (t: string) => paint("32", t),
  yellow: (t: string) => paint("33", t),
  dim: (t: string) => paint("2", t),
};

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
