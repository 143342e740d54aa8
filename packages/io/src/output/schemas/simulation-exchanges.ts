/** `simulation/exchanges/`: line flows, one row per (stage, block, line). 11 columns. */
import { blockIdCol, defineSchema, f64, idCol, operativeStateCol, stageIdCol } from "./column";

const derived = { source: "derived" } as const;

export const EXCHANGES_SCHEMA = defineSchema("exchanges", "simulation/exchanges/", [
  stageIdCol(),
  blockIdCol(),
  idCol("line_id", "Transmission line id"),
  f64("direct_flow_mw", "MW", "Flow in the direct direction (source to target bus)"),
  f64("reverse_flow_mw", "MW", "Flow in the reverse direction"),
  f64("net_flow_mw", "MW", "Direct minus reverse flow (derived)", derived),
  f64("net_flow_mwh", "MWh", "Net energy over the block (derived)", derived),
  f64("losses_mw", "MW", "Losses: losses_percent × (direct + reverse) (derived)", derived),
  f64("losses_mwh", "MWh", "Loss energy over the block (derived)", derived),
  f64("exchange_cost", "$", "Exchange cost of the line", { source: "optional" }),
  operativeStateCol(),
]);
