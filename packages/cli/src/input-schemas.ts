/**
 * JSON Schemas of every JSON input file of a case, generated from the zod schemas of
 * @cobre/core (the single definition `loadCase` validates with), so editors and external
 * tools check files exactly as Cobre-TS does. File names follow the Cobre book's
 * `<name>.schema.json`.
 */
import { JSON_INPUT_FILES, type JsonInputFile } from "@cobre/io";
import { z } from "zod";

type InputFile = JsonInputFile;

/** Every JSON input file, from the registry `loadCase` itself reads with. */
export const INPUT_FILES: readonly InputFile[] = JSON_INPUT_FILES;

/**
 * The JSON Schema (draft 2020-12) of one input file. `io: "input"` describes what may be
 * written on disk: fields with defaults are optional, as `loadCase` accepts them.
 *
 * @example
 * jsonSchemaOf(INPUT_FILES[0]!).required; // ["training"]
 */
export function jsonSchemaOf(file: InputFile): Record<string, unknown> {
  const generated = z.toJSONSchema(file.schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...generated, title: file.casePath, description: `Cobre case file ${file.casePath}` };
}
