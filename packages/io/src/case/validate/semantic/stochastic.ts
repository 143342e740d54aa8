/**
 * Layer 5, stochastic and table rules: statistics in range, factors non-negative,
 * correlation matrices valid (unit diagonal, symmetric, |ρ| ≤ 1, positive semidefinite),
 * geometry monotonic, FPHA planes sensible, stage-varying bounds ordered.
 */
import type { Diagnostics } from "../../diagnostics";
import { num, optNum, rowsOf, type RawCase } from "../../read/raw-case";

/** Smallest pivot of an LDLᵀ factorization with a tolerance: negative ⇒ not PSD. */
function isPositiveSemidefinite(m: readonly (readonly number[])[], tol = 1e-9): boolean {
  const n = m.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = m[j]?.[j] ?? 0;
    for (let k = 0; k < j; k++) d -= (l[j]?.[k] ?? 0) ** 2;
    if (d < -tol) return false;
    const pivot = Math.sqrt(Math.max(d, 0));
    (l[j] as number[])[j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let s = m[i]?.[j] ?? 0;
      for (let k = 0; k < j; k++) s -= (l[i]?.[k] ?? 0) * (l[j]?.[k] ?? 0);
      // A zero pivot is fine only if the rest of the column is zero too (semidefinite).
      if (pivot <= tol) {
        if (Math.abs(s) > 1e-7) return false;
        (l[i] as number[])[j] = 0;
      } else (l[i] as number[])[j] = s / pivot;
    }
  }
  return true;
}

function checkCorrelation(raw: RawCase, diag: Diagnostics): void {
  const f = "scenarios/correlation.json";
  for (const [name, p] of Object.entries(raw.json.correlation?.profiles ?? {})) {
    p.correlation_groups.forEach((g, gi) => {
      const field = `profiles.${name}.correlation_groups[${gi}].matrix`;
      const m = g.matrix;
      const n = g.entities.length;
      if (m.length !== n || m.some((r) => r.length !== n)) return; // reported by layer 4
      const bad = (msg: string, sug: string) =>
        diag.error("PhysicalConstraint", `${f}: group '${g.name}': ${msg}`, { file: f, field }, sug);
      if (m.some((r, i) => r[i] !== 1)) bad("diagonal entries must be 1.0", "set every diagonal entry to 1.0");
      if (m.some((r) => r.some((v) => !(Math.abs(v) <= 1))))
        bad("entries must be in [-1, 1]", "correlations lie in [-1, 1]");
      if (m.some((r, i) => r.some((v, j) => Math.abs(v - (m[j]?.[i] ?? Number.NaN)) > 1e-10)))
        bad("the matrix is not symmetric", "make m[i][j] equal m[j][i]");
      else if (!isPositiveSemidefinite(m))
        bad("the matrix is not positive semidefinite", "use a valid correlation matrix (e.g. the nearest PSD one)");
    });
  }
}

function checkStats(raw: RawCase, diag: Diagnostics): void {
  const rules: [Parameters<typeof rowsOf>[1], string, string, (v: number) => boolean, string][] = [
    ["scenarios/inflow_seasonal_stats.parquet", "mean_m3s", "hydro_id", Number.isFinite, "finite"],
    ["scenarios/inflow_seasonal_stats.parquet", "std_m3s", "hydro_id", (v) => v >= 0 && Number.isFinite(v), ">= 0"],
    ["scenarios/load_seasonal_stats.parquet", "mean_mw", "bus_id", Number.isFinite, "finite"],
    ["scenarios/load_seasonal_stats.parquet", "std_mw", "bus_id", (v) => v >= 0 && Number.isFinite(v), ">= 0"],
    ["scenarios/non_controllable_stats.parquet", "mean", "ncs_id", (v) => v >= 0 && v <= 1, "in [0, 1]"],
    ["scenarios/non_controllable_stats.parquet", "std", "ncs_id", (v) => v >= 0 && Number.isFinite(v), ">= 0"],
    ["scenarios/inflow_ar_coefficients.parquet", "coefficient", "hydro_id", Number.isFinite, "finite"],
    ["scenarios/inflow_annual_component.parquet", "annual_coefficient", "hydro_id", Number.isFinite, "finite"],
    ["scenarios/inflow_annual_component.parquet", "annual_mean_m3s", "hydro_id", Number.isFinite, "finite"],
    // The runtime divides by σ^A, so it must be strictly positive.
    [
      "scenarios/inflow_annual_component.parquet",
      "annual_std_m3s",
      "hydro_id",
      (v) => v > 0 && Number.isFinite(v),
      "> 0",
    ],
    ["scenarios/inflow_history.parquet", "value_m3s", "hydro_id", Number.isFinite, "finite"],
    ["system/hydro_geometry.parquet", "volume_hm3", "hydro_id", (v) => v >= 0 && Number.isFinite(v), ">= 0"],
    ["system/hydro_geometry.parquet", "height_m", "hydro_id", (v) => v >= 0 && Number.isFinite(v), ">= 0"],
    ["system/hydro_geometry.parquet", "area_km2", "hydro_id", (v) => v >= 0 && Number.isFinite(v), ">= 0"],
    ["constraints/ncs_bounds.parquet", "available_generation_mw", "ncs_id", (v) => v >= 0, ">= 0"],
  ];
  for (const [file, col, idCol, ok, what] of rules) {
    rowsOf(raw, file).forEach((row, i) => {
      const v = num(row, col);
      if (!ok(v)) {
        diag.error("OutOfRange", `${file} row ${i}: ${col} = ${v} must be ${what}`, {
          file,
          field: col,
          entity_id: num(row, idCol),
          row: i,
        });
      }
    });
  }
  const factorRules: [
    string,
    string,
    readonly { id: number; factors: readonly number[] }[],
    (v: number) => boolean,
    string,
  ][] = [
    [
      "scenarios/load_factors.json",
      "load_factors",
      (raw.json.loadFactors?.load_factors ?? []).map((e) => ({
        id: e.bus_id,
        factors: e.block_factors.map((b) => b.factor),
      })),
      (v) => v > 0 && Number.isFinite(v),
      "> 0",
    ],
    [
      "scenarios/non_controllable_factors.json",
      "non_controllable_factors",
      (raw.json.ncsFactors?.non_controllable_factors ?? []).map((e) => ({
        id: e.ncs_id,
        factors: e.block_factors.map((b) => b.factor),
      })),
      (v) => v >= 0 && Number.isFinite(v),
      ">= 0",
    ],
    [
      "constraints/exchange_factors.json",
      "exchange_factors",
      (raw.json.exchangeFactors?.exchange_factors ?? []).map((e) => ({
        id: e.line_id,
        factors: e.block_factors.flatMap((b) => [b.direct_factor, b.reverse_factor]),
      })),
      (v) => v >= 0 && Number.isFinite(v),
      ">= 0",
    ],
  ];
  for (const [file, key, entries, ok, what] of factorRules) {
    entries.forEach((e, i) => {
      if (e.factors.some((v) => !ok(v))) {
        diag.error("OutOfRange", `${file}: ${key}[${i}] has a factor that is not ${what}`, {
          file,
          field: `${key}[${i}].block_factors`,
          entity_id: e.id,
        });
      }
    });
  }
}

function checkGeometryAndPlanes(raw: RawCase, diag: Diagnostics): void {
  const gf = "system/hydro_geometry.parquet";
  const last = new Map<number, number>();
  rowsOf(raw, gf).forEach((row, i) => {
    const id = num(row, "hydro_id");
    const v = num(row, "volume_hm3");
    const prev = last.get(id);
    if (prev !== undefined && !(v > prev)) {
      diag.error(
        "PhysicalConstraint",
        `${gf} row ${i}: volume_hm3 of hydro ${id} is not increasing`,
        { file: gf, field: "volume_hm3", entity_id: id, row: i },
        "sort rows by (hydro_id, volume_hm3) with distinct volumes",
      );
    }
    last.set(id, v);
  });
  const pf = "system/fpha_hyperplanes.parquet";
  const groups = new Map<string, number>();
  rowsOf(raw, pf).forEach((row, i) => {
    const id = num(row, "hydro_id");
    const key = `${id}:${optNum(row, "stage_id") ?? "all"}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
    if (num(row, "gamma_v") < 0)
      diag.error("PhysicalConstraint", `${pf} row ${i}: gamma_v must not be negative`, {
        file: pf,
        field: "gamma_v",
        entity_id: id,
        row: i,
      });
    if (num(row, "gamma_s") > 0)
      diag.warn("PhysicalConstraint", `${pf} row ${i}: gamma_s is positive (spilling raises generation)`, {
        file: pf,
        field: "gamma_s",
        entity_id: id,
        row: i,
      });
    const kappa = optNum(row, "kappa");
    if (kappa !== null && !(kappa > 0))
      diag.error("OutOfRange", `${pf} row ${i}: kappa must be > 0`, {
        file: pf,
        field: "kappa",
        entity_id: id,
        row: i,
      });
  });
  for (const [key, count] of groups) {
    if (count < 3)
      diag.warn("CoverageMismatch", `${pf}: hydro/stage ${key} has ${count} plane(s); 3 or more are recommended`, {
        file: pf,
        field: "plane_id",
        entity_id: Number(key.split(":")[0]),
      });
  }
}

/** Stage-varying bounds must keep min ≤ max once merged with the entity's values. */
function checkBoundOverrides(raw: RawCase, diag: Diagnostics): void {
  const tf = "constraints/thermal_bounds.parquet";
  const thermals = new Map((raw.json.thermals?.thermals ?? []).map((t) => [t.id, t]));
  rowsOf(raw, tf).forEach((row, i) => {
    const t = thermals.get(num(row, "thermal_id"));
    if (!t) return;
    const min = optNum(row, "min_generation_mw") ?? t.generation.min_mw;
    const max = optNum(row, "max_generation_mw") ?? t.generation.max_mw;
    if (min > max)
      diag.error(
        "PhysicalConstraint",
        `${tf} row ${i}: thermal ${t.id} min generation ${min} > max ${max} at stage ${num(row, "stage_id")}`,
        { file: tf, field: "min_generation_mw", entity_id: t.id, stage_id: num(row, "stage_id"), row: i },
      );
    if (max < 0)
      diag.error("CapacityViolation", `${tf} row ${i}: thermal ${t.id} max generation is negative`, {
        file: tf,
        field: "max_generation_mw",
        entity_id: t.id,
        row: i,
      });
  });
  const hf = "constraints/hydro_bounds.parquet";
  const hydros = new Map((raw.json.hydros?.hydros ?? []).map((h) => [h.id, h]));
  rowsOf(raw, hf).forEach((row, i) => {
    const h = hydros.get(num(row, "hydro_id"));
    if (!h) return;
    const pairs: [string, string, number, number | null][] = [
      ["min_storage_hm3", "max_storage_hm3", h.reservoir.min_storage_hm3, h.reservoir.max_storage_hm3],
      ["min_turbined_m3s", "max_turbined_m3s", h.generation.min_turbined_m3s, h.generation.max_turbined_m3s],
      ["min_outflow_m3s", "max_outflow_m3s", h.outflow.min_outflow_m3s, h.outflow.max_outflow_m3s ?? null],
      ["min_generation_mw", "max_generation_mw", h.generation.min_generation_mw, h.generation.max_generation_mw],
    ];
    for (const [minCol, maxCol, baseMin, baseMax] of pairs) {
      const min = optNum(row, minCol) ?? baseMin;
      const max = optNum(row, maxCol) ?? baseMax;
      if (max !== null && min > max)
        diag.error("PhysicalConstraint", `${hf} row ${i}: hydro ${h.id} ${minCol} ${min} > ${maxCol} ${max}`, {
          file: hf,
          field: minCol,
          entity_id: h.id,
          stage_id: num(row, "stage_id"),
          row: i,
        });
    }
  });
}

/** Runs the stochastic/table rules of layer 5. */
export function checkStochasticSemantics(raw: RawCase, diag: Diagnostics): void {
  checkCorrelation(raw, diag);
  checkStats(raw, diag);
  checkGeometryAndPlanes(raw, diag);
  checkBoundOverrides(raw, diag);
}
