/**
 * A synthetic hydrothermal case of configurable size for benchmarks: hydros in cascades
 * of three, thermals with spread costs, buses in a ring of lines, monthly stages with
 * seasonal inflows and several openings. Written to a temporary directory in the Cobre
 * case format, so the benchmark goes through the real loader.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Table, makeVector, tableToIPC } from "apache-arrow";
import { Table as WasmTable, writeParquet } from "parquet-wasm";

export interface SyntheticSize {
  readonly hydros: number;
  readonly thermals: number;
  readonly buses: number;
  readonly stages: number;
  readonly openings: number;
  readonly forwardPasses: number;
  readonly iterations: number;
}

function parquet(file: string, columns: Record<string, Int32Array | Float64Array>): void {
  const table = new Table(Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, makeVector(v)])));
  writeFileSync(file, writeParquet(WasmTable.fromIPCStream(tableToIPC(table, "stream"))));
}

export function writeSyntheticCase(size: SyntheticSize): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cobre-bench-"));
  mkdirSync(path.join(dir, "system"));
  mkdirSync(path.join(dir, "scenarios"));
  const json = (f: string, v: unknown) => writeFileSync(path.join(dir, f), JSON.stringify(v));
  json("config.json", {
    training: {
      forward_passes: size.forwardPasses,
      tree_seed: 1,
      stopping_rules: [{ type: "iteration_limit", limit: size.iterations }],
    },
    modeling: { inflow_non_negativity: { method: "truncation" } },
  });
  const stages = Array.from({ length: size.stages }, (_, t) => {
    const start = new Date(Date.UTC(2025, t, 1));
    const end = new Date(Date.UTC(2025, t + 1, 1));
    const hours = (end.getTime() - start.getTime()) / 3_600_000;
    return {
      id: t,
      start_date: start.toISOString().slice(0, 10),
      end_date: end.toISOString().slice(0, 10),
      blocks: [
        { id: 0, name: "PEAK", hours: hours * 0.2 },
        { id: 1, name: "MID", hours: hours * 0.5 },
        { id: 2, name: "OFF", hours: hours * 0.3 },
      ],
      num_scenarios: size.openings,
    };
  });
  json("stages.json", { policy_graph: { type: "finite_horizon", annual_discount_rate: 0.1 }, stages });
  json("penalties.json", {
    bus: {
      deficit_segments: [
        { depth_mw: 200, cost: 3000 },
        { depth_mw: null, cost: 6000 },
      ],
      excess_cost: 0.1,
    },
    line: { exchange_cost: 0.5 },
    hydro: {
      spillage_cost: 0.01,
      fpha_turbined_cost: 0.01,
      diversion_cost: 0.01,
      storage_violation_below_cost: 1e4,
      filling_target_violation_cost: 1e4,
      turbined_violation_below_cost: 1e4,
      outflow_violation_below_cost: 1e4,
      outflow_violation_above_cost: 1e4,
      generation_violation_below_cost: 1e4,
      evaporation_violation_cost: 1e4,
      water_withdrawal_violation_cost: 1e4,
    },
    non_controllable_source: { curtailment_cost: 0.01 },
  });
  const B = size.buses;
  json("system/buses.json", { buses: Array.from({ length: B }, (_, b) => ({ id: b, name: `BUS${b}` })) });
  json("system/lines.json", {
    lines: Array.from({ length: B }, (_, b) => ({
      id: b,
      name: `L${b}`,
      source_bus_id: b,
      target_bus_id: (b + 1) % B,
      capacity: { direct_mw: 800, reverse_mw: 800 },
    })),
  });
  const hydros = Array.from({ length: size.hydros }, (_, h) => {
    const downstream = h % 3 === 2 || h + 1 >= size.hydros ? null : h + 1;
    const qmax = 600 + 50 * (h % 5);
    const rho = 0.8 + 0.05 * (h % 4);
    return {
      id: h,
      name: `UHE${h}`,
      bus_id: h % B,
      downstream_id: downstream,
      reservoir: { min_storage_hm3: 0, max_storage_hm3: 4000 + 500 * (h % 7) },
      outflow: { min_outflow_m3s: 0, max_outflow_m3s: null },
      generation: {
        model: "constant_productivity",
        productivity_mw_per_m3s: rho,
        min_turbined_m3s: 0,
        max_turbined_m3s: qmax,
        min_generation_mw: 0,
        max_generation_mw: qmax * rho,
      },
    };
  });
  json("system/hydros.json", { hydros });
  json("system/thermals.json", {
    thermals: Array.from({ length: size.thermals }, (_, i) => ({
      id: i,
      name: `UTE${i}`,
      bus_id: i % B,
      generation: { min_mw: 0, max_mw: 150 + 10 * (i % 6) },
      cost_per_mwh: 40 + 15 * i,
    })),
  });
  json("initial_conditions.json", {
    storage: hydros.map((h) => ({ hydro_id: h.id, value_hm3: 0.5 * h.reservoir.max_storage_hm3 })),
    filling_storage: [],
  });
  const n = size.hydros * size.stages;
  const hid = new Int32Array(n);
  const sid = new Int32Array(n);
  const mean = new Float64Array(n);
  const std = new Float64Array(n);
  let k = 0;
  for (let t = 0; t < size.stages; t++) {
    for (let h = 0; h < size.hydros; h++) {
      hid[k] = h;
      sid[k] = t;
      mean[k] = 300 * (1 + 0.6 * Math.cos((2 * Math.PI * t) / 12)) * (1 + 0.1 * (h % 3));
      std[k] = 0.35 * mean[k]!;
      k++;
    }
  }
  parquet(path.join(dir, "scenarios/inflow_seasonal_stats.parquet"), {
    hydro_id: hid,
    stage_id: sid,
    mean_m3s: mean,
    std_m3s: std,
  });
  const m = B * size.stages;
  const bid = new Int32Array(m);
  const lsid = new Int32Array(m);
  const lmean = new Float64Array(m);
  const lstd = new Float64Array(m);
  k = 0;
  for (let t = 0; t < size.stages; t++) {
    for (let b = 0; b < B; b++) {
      bid[k] = b;
      lsid[k] = t;
      lmean[k] = (size.hydros * 420 + size.thermals * 110) / B;
      lstd[k] = 0.05 * lmean[k]!;
      k++;
    }
  }
  parquet(path.join(dir, "scenarios/load_seasonal_stats.parquet"), {
    bus_id: bid,
    stage_id: lsid,
    mean_mw: lmean,
    std_mw: lstd,
  });
  return dir;
}
