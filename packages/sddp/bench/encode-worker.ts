/**
 * Bench worker: encodes columnar scenario results into their Parquet partitions, as the
 * simulation workers do, so the writer comparison can use both cores.
 */
import type { System } from "@cobre/core";
import {
  type EncodedScenario,
  type ParquetWriterConfig,
  ScenarioEncoder,
  type SimulationScenarioResult,
} from "@cobre/io";
import { workerData } from "piscina";

const { system, parquet } = workerData as { system: System; parquet: ParquetWriterConfig };
const encoder = ScenarioEncoder.create(system, parquet);

export default async function encode(result: SimulationScenarioResult): Promise<EncodedScenario> {
  const e = (await encoder).encode(result);
  if (!e.ok) throw new Error(JSON.stringify(e.error));
  return e.value;
}
