import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ByteBuffer } from "flatbuffers";
import { describe, expect, it } from "vitest";
import { StageCuts } from "../src/policy/generated/policy_generated";
import {
  decodeStageCuts,
  encodeStageCuts,
  POLICY_FORMAT_VERSION,
  readPolicy,
  readStageCuts,
  writePolicyCheckpoint,
} from "../src/policy/index";
import { bits, randomStage, SPECIAL_VALUES, sampleCheckpoint, tempDir } from "./policy-fixtures";

describe("policy checkpoint round trip", () => {
  it("writes the book's layout and reads every array back bit for bit", async () => {
    const dir = await tempDir();
    const input = sampleCheckpoint();
    const written = await writePolicyCheckpoint(dir, input);
    expect(written.ok).toBe(true);
    expect((await readdir(join(dir, "policy"))).sort()).toEqual(["basis", "cuts", "metadata.json", "states"]);
    expect((await readdir(join(dir, "policy", "cuts"))).sort()).toEqual([
      "stage_000.bin",
      "stage_001.bin",
      "stage_002.bin",
    ]);
    expect((await readdir(join(dir, "policy", "basis"))).sort()).toEqual(["stage_000.bin", "stage_002.bin"]);

    const read = await readPolicy(dir);
    if (!read.ok) throw new Error(read.error.message);
    const cp = read.value;
    expect(cp.stages).toHaveLength(3);
    input.stages.forEach((want, t) => {
      const got = cp.stages[t];
      if (got === undefined) throw new Error(`stage ${t} missing`);
      expect(got.stageIndex).toBe(t);
      expect(got.stateDimension).toBe(want.stateDimension);
      expect(got.capacity).toBe(want.capacity);
      expect(got.warmStartCount).toBe(want.warmStartCount);
      expect(bits(got.cuts.intercepts)).toEqual(bits(want.cuts.intercepts));
      expect(bits(got.cuts.coefficients)).toEqual(bits(want.cuts.coefficients));
      expect(got.cuts.active).toEqual(want.cuts.active);
      expect(got.cuts.iterations).toEqual(want.cuts.iterations);
      expect(got.cuts.forwardPasses).toEqual(want.cuts.forwardPasses);
      expect(got.cuts.cutIds).toEqual(want.cuts.cutIds);
      expect(got.cuts.slotIndices).toEqual(want.cuts.slotIndices);
      const active = [...want.cuts.active].flatMap((a, i) => (a ? [i] : []));
      expect([...got.activeCutIndices]).toEqual(active);
    });
    expect(cp.bases.map((b) => b.stageIndex)).toEqual([0, 2]);
    expect(cp.bases[1]?.columnStatus).toEqual(input.bases?.[1]?.columnStatus);
    expect(cp.bases[1]?.rowStatus).toEqual(input.bases?.[1]?.rowStatus);
    expect(cp.bases[1]?.numCutRows).toBe(12);
    expect(cp.states).toHaveLength(1);
    expect(bits(cp.states[0]?.data ?? new Float64Array())).toEqual(
      bits(input.states?.[0]?.data ?? new Float64Array(1)),
    );

    const m = cp.metadata;
    expect(m.version).toBe(POLICY_FORMAT_VERSION);
    expect(m.rngSeed).toBe(18446744073709551615n);
    expect(m.rngState).toBe("opaque-state");
    expect(m.numStages).toBe(3);
    expect(m.stateDimension).toBe(6);
    expect(m.totalVisitedStates).toBe(4);
    expect(m.warmStartCounts).toEqual([1, 1, 0]);
    expect(m.warmStartCuts).toBe(2);
    expect(m.bestUpperBound).toBeNull();
    expect(Object.keys(m.checksums).sort()).toEqual([
      "basis/stage_000.bin",
      "basis/stage_002.bin",
      "cuts/stage_000.bin",
      "cuts/stage_001.bin",
      "cuts/stage_002.bin",
      "states/stage_001.bin",
    ]);
  });

  it("writes metadata.json with the book's fields and an exact 64-bit seed", async () => {
    const dir = await tempDir();
    expect((await writePolicyCheckpoint(dir, sampleCheckpoint())).ok).toBe(true);
    const text = await readFile(join(dir, "policy", "metadata.json"), "utf8");
    expect(text).toContain('"rng_seed": 18446744073709551615');
    const doc = JSON.parse(text) as Record<string, unknown>;
    for (const key of [
      "version",
      "cobre_version",
      "created_at",
      "completed_iterations",
      "final_lower_bound",
      "best_upper_bound",
      "state_dimension",
      "num_stages",
      "config_hash",
      "system_hash",
      "max_iterations",
      "forward_passes",
      "warm_start_cuts",
      "rng_seed",
      "total_visited_states",
      "checksums",
    ]) {
      expect(doc, key).toHaveProperty(key);
    }
    expect((doc.checksums as { algorithm: string }).algorithm).toBe("xxhash64");
  });

  it("keeps -0, subnormals, extremes and infinities exact in single-file encode/decode", () => {
    const stage = randomStage(4, 1, SPECIAL_VALUES.length, 1);
    const coefficients = Float64Array.from(SPECIAL_VALUES);
    const input = { ...stage, cuts: { ...stage.cuts, coefficients, intercepts: Float64Array.of(-0) } };
    const bytes = encodeStageCuts(input);
    if (!bytes.ok) throw new Error(bytes.error.message);
    const back = decodeStageCuts(bytes.value);
    if (!back.ok) throw new Error(back.error.message);
    expect(Object.is(back.value.cuts.intercepts[0], -0)).toBe(true);
    expect(bits(back.value.cuts.coefficients)).toEqual(bits(coefficients));
  });

  it("is readable by the flatc-generated TypeScript accessors", () => {
    const stage = randomStage(3, 5, 4, 9);
    const bytes = encodeStageCuts(stage);
    if (!bytes.ok) throw new Error(bytes.error.message);
    const root = StageCuts.getRootAsStageCuts(new ByteBuffer(bytes.value));
    expect(root.stageId()).toBe(3);
    expect(root.stateDimension()).toBe(4);
    expect(root.cutsLength()).toBe(5);
    expect(root.populatedCount()).toBe(5);
    const cut = root.cuts(2);
    expect(cut?.cutId()).toBe(stage.cuts.cutIds?.[2]);
    expect(Object.is(cut?.intercept(), stage.cuts.intercepts[2])).toBe(true);
    expect(cut?.iteration()).toBe(stage.cuts.iterations[2]);
    expect(cut?.isActive()).toBe(stage.cuts.active[2] === 1);
    expect(cut?.coefficientsLength()).toBe(4);
    expect(Object.is(cut?.coefficients(3), stage.cuts.coefficients[2 * 4 + 3])).toBe(true);
  });

  it("reads one stage file with readStageCuts and tolerates optional fields", async () => {
    const dir = await tempDir();
    const stage = randomStage(0, 3, 2, 5);
    const minimal = {
      stageIndex: 0,
      stateDimension: 2,
      cuts: { ...stage.cuts, cutIds: undefined, slotIndices: undefined },
    };
    const bytes = encodeStageCuts(minimal);
    if (!bytes.ok) throw new Error(bytes.error.message);
    const path = join(dir, "stage_000.bin");
    await writeFile(path, bytes.value);
    const back = await readStageCuts(path);
    if (!back.ok) throw new Error(back.error.message);
    expect([...back.value.cuts.cutIds]).toEqual([0n, 1n, 2n]);
    expect([...back.value.cuts.slotIndices]).toEqual([0, 1, 2]);
    expect(back.value.capacity).toBe(3);
    expect(back.value.cuts.statesAtGeneration).toHaveLength(0);
  });

  it("round-trips statesAtGeneration and removes stale files of an earlier checkpoint", async () => {
    const dir = await tempDir();
    const big = sampleCheckpoint(3);
    expect((await writePolicyCheckpoint(dir, big)).ok).toBe(true);
    const base = randomStage(0, 2, 3, 11);
    const sag = Float64Array.of(1, -0, 3, 4, 5, 6);
    const small = { stages: [{ ...base, cuts: { ...base.cuts, statesAtGeneration: sag } }], metadata: big.metadata };
    expect((await writePolicyCheckpoint(dir, small)).ok).toBe(true);
    expect(await readdir(join(dir, "policy", "cuts"))).toEqual(["stage_000.bin"]);
    expect(await readdir(join(dir, "policy", "basis"))).toEqual([]);
    const read = await readPolicy(join(dir, "policy"));
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.stages).toHaveLength(1);
    expect(read.value.bases).toHaveLength(0);
    expect(bits(read.value.stages[0]?.cuts.statesAtGeneration ?? new Float64Array())).toEqual(bits(sag));
  });

  it("rejects inconsistent input with InvalidInput", async () => {
    const dir = await tempDir();
    const good = sampleCheckpoint();
    const s0 = good.stages[0];
    if (s0 === undefined) throw new Error("fixture");
    const cases = [
      { ...good, stages: [] },
      { ...good, stages: [s0, s0] },
      { ...good, stages: [{ ...s0, cuts: { ...s0.cuts, coefficients: new Float64Array(3) } }] },
      {
        ...good,
        stages: [{ ...s0, cuts: { ...s0.cuts, iterations: new Int32Array(s0.cuts.intercepts.length).fill(-1) } }],
      },
      { ...good, metadata: { ...good.metadata, finalLowerBound: Number.NaN } },
      { ...good, metadata: { ...good.metadata, rngSeed: 1n << 64n } },
      {
        ...good,
        bases: [
          { stageIndex: 9, iteration: 0, columnStatus: new Uint8Array(1), rowStatus: new Uint8Array(1), numCutRows: 0 },
        ],
      },
    ];
    for (const input of cases) {
      const r = await writePolicyCheckpoint(dir, input);
      expect(r.ok ? "ok" : r.error.kind).toBe("InvalidInput");
    }
  });
});
