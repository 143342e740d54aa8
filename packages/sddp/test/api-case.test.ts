import path from "node:path";
import { fileURLToPath } from "node:url";
import { CaseLoader, CaseView, buildTopology, loadCase, openCase, unwrap } from "@cobre/sddp";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const tiny = path.resolve(here, "../../../examples/hydro-tiny");
const det = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic");

describe("CaseView", () => {
  it("exposes config, stages and entities of the loaded case", async () => {
    const c = await CaseLoader.load(tiny);
    const raw = await loadCase(tiny);
    if (!raw.ok) throw new Error(raw.error.message);
    expect(c).toBeInstanceOf(CaseView);
    expect(c.config).toEqual(raw.value.config);
    expect(c.config.training.forwardPasses).toBe(8);
    expect(c.numStages).toBe(raw.value.system.stages.length);
    expect(c.stages.map((s) => s.id)).toEqual(raw.value.system.stages.map((s) => s.id));
    expect(c.hydros.map((h) => h.id)).toEqual([0, 1]);
    expect(c.thermals).toEqual(raw.value.system.thermals);
    expect(c.buses).toEqual(raw.value.system.buses);
    expect(c.lines).toEqual(raw.value.system.lines);
    expect(c.directory).toBe(tiny);
    expect(c.rawConfig.training.tree_seed).toBe(2026);
    // Wrapping an existing Case is equivalent.
    expect(new CaseView(raw.value).hydros).toEqual(c.hydros);
  });

  it("gives the hydro cascade of d03 (hydro 0 flows into hydro 1)", async () => {
    const c = unwrap(await openCase(path.join(det, "d03-two-hydro-cascade")));
    const { cascade, network } = c.topology;
    expect(cascade.downstream).toEqual(
      new Map([
        [0, 1],
        [1, null],
      ]),
    );
    expect(cascade.upstream).toEqual(
      new Map([
        [0, []],
        [1, [0]],
      ]),
    );
    expect(cascade.outlets).toEqual([1]);
    expect(cascade.headwaters).toEqual([0]);
    expect(network.busEntities.get(0)?.hydros).toEqual([0, 1]);
    expect(c.topology).toBe(c.topology);
  });

  it("gives the bus adjacency of d04 (one line between buses 0 and 1)", async () => {
    const c = await CaseLoader.load(path.join(det, "d04-transmission"));
    const { adjacency, busEntities } = c.topology.network;
    expect(adjacency.get(0)).toEqual([{ lineId: 0, busId: 1 }]);
    expect(adjacency.get(1)).toEqual([{ lineId: 0, busId: 0 }]);
    expect(busEntities.get(0)?.thermals).toEqual([0]);
    expect(buildTopology(c.data.system).network.adjacency.size).toBe(2);
  });
});
