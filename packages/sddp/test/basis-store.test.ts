import { describe, expect, it } from "vitest";
import { BasisStore } from "../src/lp/basis-store";

// Two stages: 3 columns + 2 template rows, room for 4 cuts; 2 forward slots, staging, policy.
const shapes = [
  { numCols: 3, numTemplateRows: 2, maxCuts: 4 },
  { numCols: 3, numTemplateRows: 2, maxCuts: 4 },
];

describe("BasisStore", () => {
  it("maps cut rows by pool index: rows of new cuts are basic, a removed binding row makes the basis unusable", () => {
    const store = BasisStore.create(shapes, 2, true);
    expect([store.stagingSlot, store.policySlot]).toEqual([2, 3]);
    const cols = new Int32Array(3);
    expect(store.read(0, 0, cols, new Int32Array(3), null)).toBe(false); // empty
    // Captured with pool cuts 0 and 2 as LP rows (cut 1 inactive), 3 pool entries seen:
    // 1 basic column + rows [1, 0 | cut0: 1, cut2: 0] → 3 basic … for 4 rows.
    store.write(0, 1, [1, 0, 1], [1, 0, 1, 0], [0, 2], 3, 7);
    // Same rows plus a new cut 3: its row is basic.
    const rows = new Int32Array(5);
    expect(store.read(0, 1, cols, rows, [0, 2, 3])).toBe(true);
    expect(Array.from(cols)).toEqual([1, 0, 1]);
    expect(Array.from(rows)).toEqual([1, 0, 1, 0, 1]);
    // Cut 1 re-activated (no status stored): basic, the others keep theirs.
    expect(store.read(0, 1, cols, rows, [0, 1, 2])).toBe(true);
    expect(Array.from(rows)).toEqual([1, 0, 1, 1, 0]);
    // Cut 2 (nonbasic, binding) no longer a row: one basic entry too many.
    expect(store.read(0, 1, cols, new Int32Array(3), [0])).toBe(false);
  });

  it("views over the same buffers see each other's writes; export follows the active cuts", () => {
    const store = BasisStore.create(shapes, 2, true);
    const view = BasisStore.fromBuffers(store.buffers);
    view.write(1, 0, [1, 1, 0], [2, 0, 1], [0], 1, 3);
    for (let t = 0; t < store.stages; t++) store.copySlot(t, 0, store.policySlot);
    expect(view.exportPolicyBasis(1, Uint8Array.of(1, 1), 2)).toEqual({
      stageIndex: 1,
      iteration: 3,
      columnStatus: Uint8Array.of(1, 1, 0),
      rowStatus: Uint8Array.of(2, 0, 1, 1),
      numCutRows: 2,
    });
    expect(store.exportPolicyBasis(0, Uint8Array.of(), 0)).toBeNull();
    const raw = store.exportRaw(1, store.policySlot)!;
    const other = BasisStore.create(shapes, 1, false);
    expect(other.importRaw(raw, other.policySlot)).toBe(true);
    expect(other.exportRaw(1, other.policySlot)).toEqual(raw);
  });

  it("imports a Cobre-format basis only when it fits the LP and the active cuts", () => {
    const store = BasisStore.create(shapes, 1, false);
    const active = Uint8Array.of(1, 0, 1);
    const good = {
      stageIndex: 0,
      iteration: 5,
      columnStatus: Uint8Array.of(1, 1, 2),
      rowStatus: Uint8Array.of(1, 0, 1, 0),
      numCutRows: 2,
    }; // 4 rows, 4 basic entries
    expect(store.importPolicyBasis({ ...good, numCutRows: 1 }, active, 3)).toBe(false); // template rows differ
    expect(store.importPolicyBasis(good, Uint8Array.of(1, 0, 0), 3)).toBe(false); // 1 active cut, 2 cut rows
    expect(store.importPolicyBasis({ ...good, columnStatus: Uint8Array.of(1, 0) }, active, 3)).toBe(false);
    expect(store.importPolicyBasis({ ...good, rowStatus: Uint8Array.of(1, 0, 9, 0) }, active, 3)).toBe(false);
    expect(store.importPolicyBasis({ ...good, rowStatus: Uint8Array.of(1, 1, 1, 0) }, active, 3)).toBe(false); // 5 basic
    expect(store.importPolicyBasis({ ...good, stageIndex: 2 }, active, 3)).toBe(false);
    expect(store.importPolicyBasis(good, active, 3)).toBe(true);
    expect(store.exportPolicyBasis(0, active, 3)).toEqual(good);
  });
});
