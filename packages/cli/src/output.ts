/**
 * Where text goes: human output to stdout with colour on a TTY, JSON envelopes to
 * stdout alone, logs and progress to stderr.
 */
/** `json-lines` (one event per line, for `cobre run` only) is checked in args.ts. */
export type OutputFormat = "human" | "json" | "json-lines";

const useColour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;

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

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
