/** The order of the entries of a noise vector: hydros, then stochastic load buses, then stochastic NCS. */
import type { Case } from "@cobre/core";
import type { ScenarioInputs } from "../scenario/scenario-inputs";

export type NoiseEntityType = "inflow" | "load" | "ncs";

export interface NoiseEntity {
  readonly type: NoiseEntityType;
  /** Hydro id (`inflow`), bus id (`load`) or non-controllable source id (`ncs`). */
  readonly id: number;
}

/** One entry per noise slot, in slot order. */
export function noiseEntities(c: Case, inputs: ScenarioInputs): readonly NoiseEntity[] {
  const out: NoiseEntity[] = new Array(inputs.noiseDim);
  c.system.hydros.forEach((h, i) => {
    out[i] = { type: "inflow", id: h.id };
  });
  c.system.buses.forEach((b, i) => {
    const slot = inputs.loadNoiseSlot[i]!;
    if (slot >= 0) out[slot] = { type: "load", id: b.id };
  });
  c.system.nonControllableSources.forEach((n, i) => {
    const slot = inputs.ncsNoiseSlot[i] ?? -1;
    if (slot >= 0) out[slot] = { type: "ncs", id: n.id };
  });
  return Object.freeze(out);
}
