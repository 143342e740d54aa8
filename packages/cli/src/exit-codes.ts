/** Stable exit codes of the `cobre` CLI (documented in docs/cli.md). */
export const ExitCode = {
  Success: 0,
  /** Invalid case or invalid arguments. */
  Validation: 1,
  /** Reading or writing files failed. */
  Io: 2,
  /** An LP could not be solved to optimality. */
  Solver: 3,
  /** A bug: unexpected internal failure. */
  Internal: 4,
  /** Interrupted by Ctrl-C (SIGINT) after a consistent stop (128 + 2). */
  Interrupted: 130,
  /** Stopped by SIGTERM after a consistent stop (128 + 15). */
  Terminated: 143,
} as const;
