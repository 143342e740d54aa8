/**
 * JSON Schemas of every JSON input file of a case, generated from the zod schemas of
 * @cobre/core (the single definition `loadCase` validates with), so editors and external
 * tools check files exactly as Cobre-TS does. File names follow the Cobre book's
 * `<name>.schema.json`.
 */
import {
  busesFileSchema,
  configFileSchema,
  correlationFileSchema,
  energyContractsFileSchema,
  exchangeFactorsFileSchema,
  genericConstraintsFileSchema,
  hydrosFileSchema,
  initialConditionsFileSchema,
  linesFileSchema,
  loadFactorsFileSchema,
  ncsFactorsFileSchema,
  ncsFileSchema,
  penaltiesFileSchema,
  productionModelsFileSchema,
  pumpingStationsFileSchema,
  stagesFileSchema,
  thermalsFileSchema,
} from "@cobre/core";
import { z } from "zod";

interface InputFile {
  /** Schema name: the file is `<name>.schema.json`. */
  readonly name: string;
  /** Where the described file lives in a case directory. */
  readonly casePath: string;
  readonly schema: z.ZodType;
}

export const INPUT_FILES: readonly InputFile[] = [
  { name: "config", casePath: "config.json", schema: configFileSchema },
  { name: "stages", casePath: "stages.json", schema: stagesFileSchema },
  { name: "penalties", casePath: "penalties.json", schema: penaltiesFileSchema },
  { name: "initial_conditions", casePath: "initial_conditions.json", schema: initialConditionsFileSchema },
  { name: "buses", casePath: "system/buses.json", schema: busesFileSchema },
  { name: "lines", casePath: "system/lines.json", schema: linesFileSchema },
  { name: "hydros", casePath: "system/hydros.json", schema: hydrosFileSchema },
  { name: "thermals", casePath: "system/thermals.json", schema: thermalsFileSchema },
  { name: "energy_contracts", casePath: "system/energy_contracts.json", schema: energyContractsFileSchema },
  { name: "pumping_stations", casePath: "system/pumping_stations.json", schema: pumpingStationsFileSchema },
  { name: "non_controllable_sources", casePath: "system/non_controllable_sources.json", schema: ncsFileSchema },
  { name: "production_models", casePath: "system/hydro_production_models.json", schema: productionModelsFileSchema },
  { name: "correlation", casePath: "scenarios/correlation.json", schema: correlationFileSchema },
  { name: "load_factors", casePath: "scenarios/load_factors.json", schema: loadFactorsFileSchema },
  { name: "exchange_factors", casePath: "constraints/exchange_factors.json", schema: exchangeFactorsFileSchema },
  {
    name: "non_controllable_factors",
    casePath: "scenarios/non_controllable_factors.json",
    schema: ncsFactorsFileSchema,
  },
  {
    name: "generic_constraints",
    casePath: "constraints/generic_constraints.json",
    schema: genericConstraintsFileSchema,
  },
];

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
