/**
 * The one error model of Cobre-TS: every `kind` any package reports (as an error or a
 * warning) is a name of this registry, every error value is an {@link ErrorRecord}, and
 * `CobreError` is the public error class the library API returns and throws.
 *
 * The names of the seed's registry (Structured Output §2.3, Python bindings §6.3) are
 * kept exactly, since `--output-format json` and the MCP tools emit them; the other
 * groups name failures and warnings the seed has no word for.
 *
 * Packages declare their own kind unions as subsets, `Extract<ErrorKind, "A" | "B">`
 * checked by {@link ErrorKindSubset}, so a name cannot drift from the registry.
 */

/** The registry, grouped by where a kind comes from. A name appears in one group only. */
export const ERROR_KIND_GROUPS = {
  /** Input validation (Structured Output §2.3.1): `cobre validate`, `loadCase`, exit code 1. */
  validation: [
    "MissingFile",
    "ParseError",
    "SchemaViolation",
    "TypeMismatch",
    "OutOfRange",
    "InvalidEnum",
    "DuplicateId",
    "MissingReference",
    "CoverageMismatch",
    "StageMismatch",
    "IncompatibleSettings",
    "PhysicalConstraint",
    "CapacityViolation",
    "PenaltyConsistency",
  ],
  /**
   * Validation warnings: nothing is wrong, but the case relies on something the user
   * should know (a documented default stood in for an absent field; a deprecated
   * spelling was accepted and mapped to its replacement).
   */
  validationWarning: ["DefaultApplied", "DeprecatedOption"],
  /** Runtime failures (Structured Output §2.3.2). `MpiError` has no use here (no MPI) but keeps its name. */
  runtime: [
    "SolverFailure",
    "MpiError",
    "CheckpointFailed",
    "OutputCorrupted",
    "OutputNotFound",
    "IncompatibleRuns",
    "WorkerFailed",
  ],
  /** The engine's own failures: options the engine cannot honour, a stop request, a bug (§6.4). */
  engine: ["InvalidOptions", "Shutdown", "InternalPanic"],
  /** Front ends: command-line arguments, a case that did not load, `cobre init`, constraint expressions. */
  frontEnd: ["InvalidArguments", "InvalidCase", "DirectoryNotEmpty", "ExpressionSyntax", "UnknownVariable"],
  /** Output writers and readers of @cobre/io (`OutputError`). */
  output: ["IoError", "SerializationError", "SchemaError", "ManifestError"],
  /** Policy checkpoints on disk (`PolicyError`) and a policy that does not fit the case. */
  policy: ["TruncatedFile", "Corrupted", "VersionMismatch", "InvalidInput", "PolicyIncompatible"],
  /** Analyses of finished runs (`cobre compare`, the MCP tools). */
  analysis: ["InvalidMetadata", "PathNotAllowed", "UnknownRun", "RunFailed"],
  /** The stochastic model (`StochasticError`); `InvalidInput` is shared with the policy group. */
  stochastic: [
    "MissingData",
    "InvalidParParameters",
    "NotSymmetric",
    "InvalidCorrelation",
    "NotPositiveSemidefinite",
    "InsufficientHistory",
    "InvalidOpeningTree",
  ],
  /** The NATS cluster (`ClusterError`). */
  cluster: [
    "ConnectionFailed",
    "AuthenticationFailed",
    "NoWorkers",
    "JetStreamUnavailable",
    "CaseTransferFailed",
    "TaskAbandoned",
    "InvalidClusterOptions",
  ],
  /** Warnings of a run and of the front ends: the run goes on, the user is told. */
  warning: [
    "EstimationWarning",
    "CorrelationClipped",
    "ClippedEigenvalues",
    "SamplingFallback",
    "OpeningsClamped",
    "HistoricalWindows",
    "UnsupportedOption",
    "ResumeWithoutTrainingState",
    "LowDiskSpace",
    "MissingOptionalOutput",
    "ExistingFilesKept",
  ],
} as const;

/** A group of the registry. */
export type ErrorKindGroup = keyof typeof ERROR_KIND_GROUPS;

/** Every registered kind. */
export type ErrorKind = (typeof ERROR_KIND_GROUPS)[ErrorKindGroup][number];

/** Every registered kind, group by group, in registry order. */
export const ERROR_KINDS: readonly ErrorKind[] = Object.values(ERROR_KIND_GROUPS).flat();

/** Whether a string is a registered kind (for kinds read back from JSON). */
export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === "string" && (ERROR_KINDS as readonly string[]).includes(value);
}

/**
 * A package's subset of the registry. Unlike a bare `Extract`, a name outside the
 * registry is a compile error here rather than silently dropped.
 */
export type ErrorKindSubset<K extends ErrorKind> = Extract<ErrorKind, K>;

/** Structured context of an error: identifiers, paths, values, never prose. */
export type ErrorContext = Readonly<Record<string, unknown>>;

/**
 * The value shape of every error and warning (Structured Output §2.1): a registry
 * `kind`, a message for people, structured context and an optional hint.
 */
export interface ErrorRecord<K extends ErrorKind = ErrorKind, C extends ErrorContext = ErrorContext> {
  readonly kind: K;
  readonly message: string;
  readonly context: C;
  readonly suggestion?: string;
}

export interface CobreErrorInit {
  readonly kind: ErrorKind;
  readonly message: string;
  readonly context?: ErrorContext;
  readonly suggestion?: string;
  readonly cause?: unknown;
}

/**
 * Base class of every error the public API returns or throws: a registry `kind`, a
 * message, structured context and a hint. Subclasses (in @cobre/sddp) add the fields of
 * their family (validation records, solver status, worker rank).
 */
export class CobreError extends Error {
  override name = "CobreError";
  readonly kind: ErrorKind;
  readonly context: ErrorContext;
  readonly suggestion: string | null;
  constructor(init: CobreErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.context = init.context ?? {};
    this.suggestion = init.suggestion ?? null;
  }
}
