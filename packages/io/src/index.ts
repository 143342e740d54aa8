/**
 * @cobre/io — reading Cobre case directories (with 5-layer validation) and, later,
 * writing Cobre outputs.
 */
export { loadCase } from "./case/load-case";
export { validate } from "./case/validate";
export { VALIDATION_KINDS } from "./errors";
export type {
  LoadError,
  ValidationContext,
  ValidationKind,
  ValidationLayer,
  ValidationRecord,
  ValidationReport,
} from "./errors";
