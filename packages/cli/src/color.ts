/**
 * When human output is coloured, as the Rust tool decides it: the global `--color
 * auto|always|never` flag first; under `auto`, `COBRE_COLOR` (`always` | `never`, any
 * case; other values are ignored), then `FORCE_COLOR` (any non-empty value turns colour
 * on), then `NO_COLOR` (any non-empty value turns it off), then whether the output is a
 * terminal.
 */
const COLOR_CHOICES = ["auto", "always", "never"] as const;
export type ColorWhen = (typeof COLOR_CHOICES)[number];

/** True when `value` is a valid `--color` argument. */
function isColorWhen(value: string): value is ColorWhen {
  return (COLOR_CHOICES as readonly string[]).includes(value);
}

/**
 * Resolves the colour setting.
 *
 * @example
 * resolveColor("auto", { COBRE_COLOR: "never", FORCE_COLOR: "1" }, true) // false: COBRE_COLOR comes first
 * resolveColor("always", { NO_COLOR: "1" }, false) // true: the flag wins
 */
export function resolveColor(
  flag: ColorWhen,
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  if (flag !== "auto") return flag === "always";
  const cobre = env.COBRE_COLOR?.toLowerCase();
  if (cobre === "always") return true;
  if (cobre === "never") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "") return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTTY;
}

/**
 * Takes the global `--color WHEN` / `--color=WHEN` out of the arguments, wherever it is
 * (before or after the command, as a global flag of the Rust tool may be).
 * Returns the remaining arguments and the flag (`auto` when absent), or an error message.
 */
export function extractColorFlag(
  argv: readonly string[],
): { readonly args: string[]; readonly color: ColorWhen } | { readonly error: string } {
  const args: string[] = [];
  let color: ColorWhen = "auto";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      args.push(...argv.slice(i));
      break;
    }
    let value: string | undefined;
    if (a === "--color") {
      value = argv[i + 1];
      i++;
    } else if (a.startsWith("--color=")) value = a.slice("--color=".length);
    else {
      args.push(a);
      continue;
    }
    if (value === undefined || !isColorWhen(value))
      return { error: `--color must be auto, always or never, got '${value ?? ""}'` };
    color = value;
  }
  return { args, color };
}
