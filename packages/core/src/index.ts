/**
 * @cobre/core — Entities, System, configuration types and zod schemas of Cobre. No I/O, no solver.
 */
export const PACKAGE_NAME = "@cobre/core";
