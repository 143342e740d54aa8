/**
 * `state_dictionary.json` names the positions of the state vector. Checked against what
 * sits there: on d19 (two hydros, PAR(2), one opening, so every trial point is the same),
 * the trial state of stage 0 written with `exports.states` holds each hydro's storage,
 * its stage-0 inflow as lag 1 and its first past inflow as lag 2 at the indices the
 * dictionary gives; on d29 the accumulator slot is listed after the lags.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Case } from "@cobre/core";
import { loadCase, readPolicy } from "@cobre/io";
import { runStudy } from "@cobre/sddp";
import { afterAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const det = (name: string) => path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic", name);
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

interface Dictionary {
  state_dimension: number;
  storage_states: { hydro_id: number; dimension_index: number }[];
  inflow_lag_states: { hydro_id: number; lag_index: number; dimension_index: number }[];
  lag_accumulator_states?: { hydro_id: number; dimension_index: number }[];
}

async function run(name: string): Promise<{ out: string; c: Case; dictionary: Dictionary }> {
  const loaded = await loadCase(det(name));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error.errors));
  const c: Case = {
    ...loaded.value,
    config: {
      ...loaded.value.config,
      exports: { ...loaded.value.config.exports, states: true },
      simulation: { ...loaded.value.config.simulation, enabled: false },
    },
  };
  const out = await mkdtemp(path.join(tmpdir(), "cobre-dict-"));
  dirs.push(out);
  const r = await runStudy(c, { outputDir: out });
  if (!r.ok) throw new Error(r.error.message);
  const dictionary = JSON.parse(
    await readFile(path.join(out, "training/dictionaries/state_dictionary.json"), "utf8"),
  ) as Dictionary;
  return { out, c, dictionary };
}

describe("state_dictionary.json", () => {
  it("d19: the dictionary's indices hold storage, lag 1 and lag 2 of each hydro", async () => {
    const { out, c, dictionary } = await run("d19-multi-hydro-par");
    const H = c.system.hydros.length;
    expect(dictionary.state_dimension).toBe(H * 3);
    const policy = await readPolicy(path.join(out, "policy"));
    if (!policy.ok) throw new Error(policy.error.message);
    // Stage 0's incoming lag 1 at stage 1 is stage 0's inflow: read it from the trial point
    // of stage 0 (its outgoing state) — lag 2 there is the first past inflow.
    const x = policy.value.states[0]!.data.subarray(0, dictionary.state_dimension);
    for (const h of c.system.hydros) {
      const past = c.system.initialConditions.pastInflows.find((p) => p.hydroId === h.id)!.valuesM3s;
      const lag2 = dictionary.inflow_lag_states.find((e) => e.hydro_id === h.id && e.lag_index === 2)!;
      expect(x[lag2.dimension_index]).toBeCloseTo(past[0]!, 9);
      const storage = dictionary.storage_states.find((e) => e.hydro_id === h.id)!;
      expect(x[storage.dimension_index]).toBeGreaterThanOrEqual(0);
    }
    // Lag-major: lag 1 of hydro 0, lag 1 of hydro 1, then lag 2 of both.
    expect(dictionary.inflow_lag_states.map((e) => [e.hydro_id, e.lag_index, e.dimension_index])).toEqual([
      [0, 1, 2],
      [1, 1, 3],
      [0, 2, 4],
      [1, 2, 5],
    ]);
  });

  it("d29: the period accumulator is listed after the lags", async () => {
    const { dictionary } = await run("d29-weekly-par-noise-sharing");
    expect(dictionary.state_dimension).toBe(3);
    expect(dictionary.inflow_lag_states).toEqual([{ hydro_id: 0, lag_index: 1, dimension_index: 1, unit: "m3s" }]);
    expect(dictionary.lag_accumulator_states).toEqual([{ hydro_id: 0, dimension_index: 2, unit: "m3s" }]);
  });
});
