/** Schemas of the optional entity registries: NCS, pumping stations, energy contracts. */
import { z } from "zod";
import { int, opt, schemaKey } from "./common";

const rawNcsSchema = z.object({
  id: int(),
  name: z.string(),
  bus_id: int(),
  entry_stage_id: opt(int()),
  exit_stage_id: opt(int()),
  max_generation_mw: z.number(),
  curtailment_cost: opt(z.number()),
});
/** `system/non_controllable_sources.json`. */
export const ncsFileSchema = z.object({ $schema: schemaKey, non_controllable_sources: z.array(rawNcsSchema) });
export type RawNcsFile = z.infer<typeof ncsFileSchema>;

const rawPumpingStationSchema = z.object({
  id: int(),
  name: z.string(),
  bus_id: int(),
  source_hydro_id: int(),
  destination_hydro_id: int(),
  entry_stage_id: opt(int()),
  exit_stage_id: opt(int()),
  consumption_mw_per_m3s: z.number(),
  flow: z.object({ min_m3s: z.number(), max_m3s: z.number() }),
});
/** `system/pumping_stations.json`. */
export const pumpingStationsFileSchema = z.object({
  $schema: schemaKey,
  pumping_stations: z.array(rawPumpingStationSchema),
});
export type RawPumpingStationsFile = z.infer<typeof pumpingStationsFileSchema>;

const rawContractSchema = z.object({
  id: int(),
  name: z.string(),
  bus_id: int(),
  type: z.enum(["import", "export"]),
  entry_stage_id: opt(int()),
  exit_stage_id: opt(int()),
  price_per_mwh: z.number(),
  limits: z.object({ min_mw: z.number(), max_mw: z.number() }),
});
/** `system/energy_contracts.json`. */
export const energyContractsFileSchema = z.object({ $schema: schemaKey, contracts: z.array(rawContractSchema) });
export type RawEnergyContractsFile = z.infer<typeof energyContractsFileSchema>;
