/**
 * `cobre run` with a saved policy, as a user of the Rust tool would drive it: train once,
 * then `training.enabled: false` simulates `<output>/<policy.path>` without training
 * (same costs, no training block, a line saying so); a policy of another system is
 * refused (exit 1, `PolicyIncompatible`) unless `policy.validate_compatibility` is false;
 * a policy without `training_state.json` resumes with a warning.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type JsonObject, STACK_TRACE, cobreAsync, cobreJsonAsync } from "./support/cobre-bin";
import { outDir, smallCase } from "./support/small-case";

function editJson(file: string, edit: (doc: JsonObject) => void): void {
  const doc = JSON.parse(readFileSync(file, "utf8")) as JsonObject;
  edit(doc);
  writeFileSync(file, JSON.stringify(doc, null, 2));
}

describe("cobre run with a saved policy", () => {
  const caseDir = smallCase({ iterations: 3, scenarios: 5 });
  const out = outDir();
  let trained: JsonObject;
  beforeAll(async () => {
    const r = await cobreJsonAsync("run", caseDir, "--output", out, "--threads", "1");
    expect(r.code, r.stderr).toBe(0);
    trained = r.envelope;
    editJson(path.join(caseDir, "config.json"), (c) => {
      c.training.enabled = false;
    });
  }, 120_000);

  it("training.enabled false: simulates the loaded policy, same costs, no training block", async () => {
    const [json, human] = await Promise.all([
      cobreJsonAsync("run", caseDir, "--output", out, "--threads", "1"),
      cobreAsync("run", caseDir, "--output", outDir(), "--threads", "1"),
    ]);
    expect(json.code, json.stderr).toBe(0);
    const data = json.envelope.data;
    expect(data).not.toHaveProperty("training");
    expect(data.policy).toEqual({
      path: path.join(out, "policy"),
      completed_iterations: 3,
      final_lower_bound: trained.data.training.final_lower_bound,
    });
    expect(data.simulation.scenarios).toBe(5);
    expect(data.simulation.mean_cost).toBe(trained.data.simulation.mean_cost);
    expect(data.simulation.std_cost).toBe(trained.data.simulation.std_cost);
    const again = await cobreAsync("run", caseDir, "--output", out, "--threads", "1");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`training disabled: simulating the policy loaded from ${path.join(out, "policy")}`);
    expect(again.stderr).not.toMatch(/^iter\s/m);
    expect(again.stdout).toContain(`Policy           ${path.join(out, "policy")} (loaded, 3 training iterations`);
    expect(again.stdout).not.toContain("Iterations");
    // In another output directory there is no policy: exit 2 (file not found), no stack trace.
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/^training disabled: simulating the policy loaded from .*policy$/m);
    expect(human.stderr).toMatch(/error \[MissingFile\]/);
    expect(human.stderr).not.toMatch(STACK_TRACE);
  });

  it("a policy of another system exits 1 with PolicyIncompatible; validate_compatibility false runs it", async () => {
    editJson(path.join(caseDir, "system/thermals.json"), (t) => {
      t.thermals[0].cost_per_mwh += 1;
    });
    const refused = await cobreJsonAsync("run", caseDir, "--output", out, "--threads", "1");
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.envelope.errors).toEqual([
      expect.objectContaining({
        kind: "PolicyIncompatible",
        context: expect.objectContaining({ check: "system hash" }),
      }),
    ]);
    editJson(path.join(caseDir, "config.json"), (c) => {
      c.policy = { ...(c.policy ?? {}), validate_compatibility: false };
    });
    const accepted = await cobreJsonAsync("run", caseDir, "--output", out, "--threads", "1");
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.envelope.data.simulation.mean_cost).toBeGreaterThan(trained.data.simulation.mean_cost);
  });
});

describe("cobre run resuming a policy without training_state.json", () => {
  it("continues after the checkpoint's iterations and says what starts afresh", async () => {
    const caseDir = smallCase({ iterations: 2, scenarios: 2 });
    const out = outDir();
    const first = await cobreAsync("run", caseDir, "--output", out, "--threads", "1", "--quiet");
    expect(first.code, first.stderr).toBe(0);
    rmSync(path.join(out, "policy/training_state.json"));
    editJson(path.join(caseDir, "config.json"), (c) => {
      c.training.stopping_rules = [{ type: "iteration_limit", limit: 4 }];
      c.policy = { mode: "resume" };
    });
    const [human] = await Promise.all([cobreAsync("run", caseDir, "--output", out, "--threads", "1")]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stderr).toMatch(
      /^warning \[ResumeWithoutTrainingState\] resuming from .* iterations continue after 2/m,
    );
    expect(human.stderr.match(/^iter\s+\d+\s+LB\s/gm)).toHaveLength(2);
    expect(human.stderr).toMatch(/^iter\s+3\s/m);
    const meta = JSON.parse(readFileSync(path.join(out, "policy/metadata.json"), "utf8"));
    expect(meta.completed_iterations).toBe(4);
  });
});
