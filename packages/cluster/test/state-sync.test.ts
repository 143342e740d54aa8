/**
 * The state travels as byte deltas of whatever buffers the engine's training state
 * holds: a replica built from the layout and fed the deltas equals the original, work
 * areas are told apart from coordinator-owned buffers by structure alone, and a replica
 * that fell behind the log is rebuilt from a snapshot.
 */
import { TrainingState } from "@cobre/sddp/internal";
import { describe, expect, it } from "vitest";
import {
  type Patch,
  StatePublisher,
  applyPatches,
  buffersOf,
  diff,
  layoutOf,
  materialize,
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
    const state = TrainingState.create([2, 3, 3], 4, 10, false, lpSizes(3));
    const work = workAreasOf(layoutOf(state.buffers));
    const buffers = buffersOf(state.buffers);
    expect(work).toHaveLength(buffers.length);
    const pools = state.buffers.pools.flatMap((p) => buffersOf(p));
    const expected = buffers.map((b) => !pools.includes(b));
    expect(work).toEqual(expected);
    // 3 trial-state buffers + costs + cut intercepts + cut coefficients, and the basis
    // store that forward tasks write: 3 stages' statuses + rows + iterations.
    expect(work.filter(Boolean)).toHaveLength(6 + 5);
  });

  it("a replica fed the published deltas in order equals the coordinator's state", () => {
    const state = TrainingState.create([2, 3], 5, 16, false, lpSizes(2));
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
    const state = TrainingState.create([3], 4, 64, false, lpSizes(1));
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
});
