/**
 * The state travels as byte deltas of whatever buffers the engine's training state
 * holds: a replica built from the layout and fed the deltas equals the original, work
 * areas are told apart from coordinator-owned buffers by structure alone, and a replica
 * that fell behind the log is rebuilt from a snapshot.
 */
import { TrainingState, type TrainingStateBuffers } from "@cobre/sddp/internal";
import { describe, expect, it } from "vitest";
import {
  type Patch,
  StatePublisher,
  applyPatch,
  applyPatches,
  buffersOf,
  diff,
  layoutOf,
  materialize,
  patchBytes,
  patchSpan,
  takeTaskWrites,
  workAreasOf,
} from "../src/state-sync";

function replicaOf(state: TrainingState) {
  const layout = layoutOf(state.buffers);
  const made = materialize(layout, (_i, bytes) => new ArrayBuffer(bytes));
  return { layout, buffers: buffersOf(made) };
}

const same = (a: readonly ArrayBufferLike[], b: readonly ArrayBufferLike[]) =>
  a.every((x, i) => Buffer.compare(Buffer.from(new Uint8Array(x)), Buffer.from(new Uint8Array(b[i]!))) === 0);

/** Small stage LPs for the basis store. */
const lpSizes = (stages: number) => Array.from({ length: stages }, () => ({ numCols: 7, numTemplateRows: 5 }));

describe("state sync", () => {
  it("work areas are the buffers tasks write (trial states, costs, backward outputs, bases), not the cut pools", () => {
    const state = TrainingState.create([2, 3, 3], 4, 10, false, lpSizes(3), 3);
    const work = workAreasOf(layoutOf(state.buffers));
    const buffers = buffersOf(state.buffers);
    expect(work).toHaveLength(buffers.length);
    const pools = state.buffers.pools.flatMap((p) => buffersOf(p));
    const expected = buffers.map((b) => !pools.includes(b));
    expect(work).toEqual(expected);
    // 3 trial-state buffers + costs + cut intercepts + cut coefficients + the per-opening
    // values and gradients of an iteration pass, and the basis store that forward tasks
    // write: 3 stages' statuses + rows + iterations.
    expect(work.filter(Boolean)).toHaveLength(8 + 5);
  });

  it("a replica fed the published deltas in order equals the coordinator's state", () => {
    const state = TrainingState.create([2, 3], 5, 16, false, lpSizes(2), 3);
    const publisher = new StatePublisher(state.buffers);
    const replica = replicaOf(state);
    let version = 0;
    for (let it = 1; it <= 3; it++) {
      for (let m = 0; m < 5; m++) {
        state.trialStates[0]![m * 2] = it * 10 + m;
        state.pools[0]!.add(-it * m, [m, -it], it, m);
      }
      state.pools[0]!.active[0] = it % 2; // cut selection flips old cuts too
      state.costs[it] = Number.NaN; // any bit pattern survives
      const v = publisher.update();
      const delta = publisher.since(version, v);
      expect(delta.reset).toBe(false);
      applyPatches(replica.buffers, delta.patches);
      version = v;
      expect(same(replica.buffers, buffersOf(state.buffers))).toBe(true);
    }
    expect(publisher.update()).toBe(version); // nothing changed: no new version
  });

  it("a replica behind the log's budget gets a snapshot (reset) that equals the state", () => {
    const state = TrainingState.create([3], 4, 64, false, lpSizes(1), 3);
    const publisher = new StatePublisher(state.buffers, 200); // tiny budget: old versions dropped
    for (let it = 1; it <= 6; it++) {
      for (let m = 0; m < 4; m++) state.pools[0]!.add(it + m, [it, m, 1], it, m);
      publisher.update();
    }
    const delta = publisher.since(0, publisher.version);
    expect(delta.reset).toBe(true);
    const replica = replicaOf(state);
    applyPatches(replica.buffers, delta.patches);
    expect(same(replica.buffers, buffersOf(state.buffers))).toBe(true);
  });

  it("diff finds exactly the changed ranges and merges close ones (gaps under 64 bytes)", () => {
    const base = new Uint8Array(1024);
    const cur = base.slice();
    cur[10] = 1;
    cur[20] = 2; // within the gap of the first: one range
    cur[900] = 3; // far: a second range
    cur[1023] = 4; // 120 bytes after: a third
    const out: Patch[] = [];
    diff(7, cur, base, out, true);
    expect(out.map((p) => [p.buffer, p.offset, p.bytes.length])).toEqual([
      [7, 8, 16],
      [7, 900, 4],
      [7, 1020, 4],
    ]);
    expect(base).toEqual(cur); // `update` copied them into the base
  });

  it("an exact diff carries the changed bytes only: another task's bytes between them are left alone", () => {
    const base = new Uint8Array(256).fill(9);
    const cur = base.slice();
    cur[5] = 1; // a word whose other bytes are unchanged
    cur[8] = 2;
    cur[9] = 3;
    cur[40] = 4; // 31 unchanged bytes after: merged, masked
    cur[200] = 5; // far: its own range, one byte, no mask
    const out: Patch[] = [];
    expect(diff(3, cur, base, out, false, true)).toBe(4 + 5 + 1); // 4 bytes + a 5-byte mask, then 1 byte
    expect(out.map((p) => [p.offset, Array.from(p.bytes), p.mask === undefined ? null : Array.from(p.mask)])).toEqual([
      [5, [1, 2, 3, 4], [0b1_1001, 0, 0, 0, 0b1000]], // bits 0, 3, 4 and 35 from offset 5
      [200, [5], null],
    ]);
    expect(out.map(patchSpan)).toEqual([36, 1]);
    // Another task wrote bytes 6 and 30 meanwhile: applying this patch keeps them.
    const merged = base.slice();
    merged[6] = 77;
    merged[30] = 78;
    for (const p of out) applyPatch(merged, p);
    const expected = cur.slice();
    expected[6] = 77;
    expected[30] = 78;
    expect(merged).toEqual(expected);
    expect(patchBytes(out)).toBe(10);
  });

  it("tasks of one phase writing interleaved basis slots merge into the local run's bytes, in any order", () => {
    // hydro-tiny's shape: 8 forward passes (9 basis slots per stage), so one scenario's
    // `rows`/`iterations` entries lie 36 bytes apart with the other slots' between them,
    // and a 7 + 5 + 10 = 22-byte slot width puts two slots' statuses in one 4-byte word.
    const F = 8;
    const make = () => TrainingState.create([2, 3, 3], F, 10, false, lpSizes(3), 3);
    const local = make();
    const coordinator = make();
    const publisher = new StatePublisher(coordinator.buffers);
    // A worker replica as a worker process builds it: the version's baseline of every
    // work area, and one slot whose work areas tasks write.
    const layout = layoutOf(coordinator.buffers);
    const work = workAreasOf(layout);
    const baseline: (Uint8Array | undefined)[] = [];
    const slotBuffers: ArrayBuffer[] = [];
    const slotState = TrainingState.fromBuffers(
      materialize(layout, (i, bytes, isWork) => {
        const b = new ArrayBuffer(bytes);
        slotBuffers[i] = b;
        baseline[i] = isWork ? new Uint8Array(bytes) : undefined;
        return b;
      }) as TrainingStateBuffers,
    );
    let synced = 0;
    const publish = () => {
      const v = publisher.update();
      const delta = publisher.since(synced, v);
      applyPatches(slotBuffers, delta.patches);
      for (const p of delta.patches) if (work[p.buffer]) baseline[p.buffer]!.set(p.bytes, p.offset);
      synced = v;
    };
    /** Forward scenario m of `it`: its basis at every stage, its trial states and cost. */
    const forward = (s: TrainingState, it: number, m: number) => {
      for (let t = 0; t < 3; t++) {
        const cols = Array.from({ length: 7 }, (_, j) => (j + m + it) % 5);
        const rows = Array.from({ length: 5 + it }, (_, i) => (i * 3 + m * it) % 5);
        const rowCut = Array.from({ length: it }, (_, k) => k);
        // Iteration 3 fills every cut status of the slot: its last bytes and the next
        // slot's first share a word.
        s.bases.write(t, m, cols, rows, rowCut, it === 3 ? 10 : it + 1, it * 10 + t);
        s.trialStates[t]![m * (t === 0 ? 2 : 3)] = it + m / 8;
      }
      s.costs[m] = 1000 * it + m;
    };
    for (let it = 1; it <= 3; it++) {
      publish();
      const results: { m: number; patches: Patch[] }[] = [];
      for (let m = 0; m < F; m++) {
        forward(local, it, m);
        forward(slotState, it, m);
        results.push({ m, patches: takeTaskWrites(work, slotBuffers, baseline) });
      }
      // Results arrive in any order: last first here.
      for (const r of results.reverse()) applyPatches(buffersOf(coordinator.buffers), r.patches, (i) => work[i]!);
      expect(same(buffersOf(coordinator.buffers), buffersOf(local.buffers))).toBe(true);
      // The coordinator's own write after the iteration (the policy slot) reaches the replica.
      for (let t = 0; t < local.bases.stages; t++) {
        local.bases.copySlot(t, 0, local.bases.policySlot);
        coordinator.bases.copySlot(t, 0, coordinator.bases.policySlot);
      }
    }
    publish();
    expect(same(slotBuffers, buffersOf(local.buffers))).toBe(true);
    for (let t = 0; t < 3; t++) expect(slotState.bases.hasPolicyBasis(t)).toBe(true);
  });
});
