// Writes the Parquet files of the bundled example cases from small tables defined here,
// so the examples can be regenerated and reviewed as text. Run from the repository root: node packages/io/scripts/write-example-parquet.mjs
// (then `node packages/cli/scripts/sync-templates.mjs` to refresh the `cobre init` templates).
import { writeFileSync } from "node:fs";
import { Table, makeVector, tableToIPC } from "apache-arrow";
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
    for (const [h, m] of [
      [0, upper[t]],
      [1, lower[t]],
    ]) {
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
    for (const [b, m] of [
      [0, 120],
      [1, 260],
    ]) {
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

// cascade-par: 7 hydros (cascades GRANDE 0→1→2 and IGUACU 3→4, two standalone plants),
// 4 buses, 12 monthly stages with a PAR(1) inflow model. Rows with stage_id -1 describe
// the pre-study month (December 2024) that the lag-1 term of January looks back to.
{
  const dir = "examples/cascade-par/scenarios";
  // Monthly means of incremental inflow (m3/s), January..December. The southeast, northeast
  // and north have a wet summer; the south is wetter in winter.
  const profiles = [
    [900, 980, 860, 640, 470, 400, 340, 300, 290, 340, 480, 720], // GRANDE-UPPER
    [260, 280, 240, 180, 140, 120, 100, 90, 90, 100, 140, 210], // GRANDE-MIDDLE
    [180, 190, 170, 130, 100, 85, 75, 70, 65, 75, 100, 150], // GRANDE-LOWER
    [380, 400, 360, 380, 450, 520, 560, 500, 470, 460, 400, 390], // IGUACU-UPPER
    [100, 105, 95, 100, 120, 140, 150, 135, 125, 120, 105, 100], // IGUACU-LOWER
    [2900, 3100, 2700, 2000, 1300, 1000, 900, 800, 750, 900, 1400, 2300], // SAO-FRANCISCO
    [4200, 5000, 5200, 4300, 2600, 1500, 1100, 900, 850, 1100, 1800, 3000], // TOCANTINS
  ];
  const cv = [0.35, 0.35, 0.35, 0.45, 0.45, 0.3, 0.3]; // coefficient of variation per plant
  const phi = [0.65, 0.65, 0.6, 0.5, 0.5, 0.7, 0.7]; // lag-1 autocorrelation per plant
  const hydro = [];
  const stage = [];
  const mean = [];
  const std = [];
  for (let h = 0; h < profiles.length; h++) {
    for (let t = -1; t < 12; t++) {
      const m = profiles[h][(t + 12) % 12];
      hydro.push(h);
      stage.push(t);
      mean.push(m);
      std.push(Math.round(cv[h] * m * 10) / 10);
    }
  }
  write(`${dir}/inflow_seasonal_stats.parquet`, {
    hydro_id: ["i32", hydro],
    stage_id: ["i32", stage],
    mean_m3s: ["f64", mean],
    std_m3s: ["f64", std],
  });
  // PAR(1): standardized inflow z_t = phi z_{t-1} + sqrt(1 - phi^2) eps_t, so the residual
  // standard deviation is sqrt(1 - phi^2) of the seasonal one.
  const ah = [];
  const as = [];
  const lag = [];
  const coef = [];
  const ratio = [];
  for (let h = 0; h < profiles.length; h++) {
    for (let t = 0; t < 12; t++) {
      ah.push(h);
      as.push(t);
      lag.push(1);
      coef.push(phi[h]);
      ratio.push(Math.sqrt(1 - phi[h] * phi[h]));
    }
  }
  write(`${dir}/inflow_ar_coefficients.parquet`, {
    hydro_id: ["i32", ah],
    stage_id: ["i32", as],
    lag: ["i32", lag],
    coefficient: ["f64", coef],
    residual_std_ratio: ["f64", ratio],
  });
  // Load (MW) per bus with a mild seasonal shape, deterministic.
  const base = [3000, 1200, 900, 600];
  const season = [1.04, 1.06, 1.03, 1.0, 0.97, 0.95, 0.95, 0.97, 0.99, 1.0, 1.02, 1.03];
  const bus = [];
  const lstage = [];
  const lmean = [];
  const lstd = [];
  for (let t = 0; t < 12; t++) {
    for (let b = 0; b < base.length; b++) {
      bus.push(b);
      lstage.push(t);
      lmean.push(Math.round(base[b] * season[t]));
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
