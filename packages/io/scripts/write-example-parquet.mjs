// Writes the Parquet files of the bundled example cases from small tables defined here,
// so the examples can be regenerated and reviewed as text. Run from the repository root: node packages/io/scripts/write-example-parquet.mjs
import { writeFileSync } from "node:fs";
import { Float64, Int32, Table, makeVector, tableToIPC, vectorFromArray } from "apache-arrow";
import { Table as WasmTable, writeParquet } from "parquet-wasm";

function write(path, columns) {
  const table = new Table(
    Object.fromEntries(
      Object.entries(columns).map(([name, [type, values]]) => [
        name,
        type === "i32" ? makeVector(Int32Array.from(values)) : makeVector(Float64Array.from(values)),
      ]),
    ),
  );
  writeFileSync(path, writeParquet(WasmTable.fromIPCStream(tableToIPC(table, "stream"))));
}

// hydro-tiny: 2 hydros in cascade, 2 buses, 6 monthly stages (wet season first).
{
  const dir = "examples/hydro-tiny/scenarios";
  const upper = [260, 290, 230, 150, 100, 70];
  const lower = [60, 70, 55, 40, 25, 20];
  const hydro = [];
  const stage = [];
  const mean = [];
  const std = [];
  for (let t = 0; t < 6; t++) {
    for (const [h, m] of [[0, upper[t]], [1, lower[t]]]) {
      hydro.push(h);
      stage.push(t);
      mean.push(m);
      std.push(0.4 * m);
    }
  }
  write(`${dir}/inflow_seasonal_stats.parquet`, {
    hydro_id: ["i32", hydro],
    stage_id: ["i32", stage],
    mean_m3s: ["f64", mean],
    std_m3s: ["f64", std],
  });
  const bus = [];
  const lstage = [];
  const lmean = [];
  const lstd = [];
  for (let t = 0; t < 6; t++) {
    for (const [b, m] of [[0, 120], [1, 260]]) {
      bus.push(b);
      lstage.push(t);
      lmean.push(m);
      lstd.push(0);
    }
  }
  write(`${dir}/load_seasonal_stats.parquet`, {
    bus_id: ["i32", bus],
    stage_id: ["i32", lstage],
    mean_mw: ["f64", lmean],
    std_mw: ["f64", lstd],
  });
}
