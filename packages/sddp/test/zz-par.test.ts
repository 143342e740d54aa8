import path from "node:path";
import { loadCase } from "@cobre/io";
import { prepareStudy } from "@cobre/sddp";
import { it } from "vitest";
const root = "/work/shared/cobre-reference/examples/deterministic";
it("par", async () => {
  const loaded = await loadCase(path.join(root, process.env.CASE!));
  if (!loaded.ok) throw new Error("load");
  const p = prepareStudy(loaded.value);
  if (!p.ok) throw new Error(JSON.stringify(p.error));
  const i = p.value.inputs;
  console.log("P", i.lagOrder, "init", Array.from(p.value.initialState));
  for (let t = 0; t < i.numStages; t++) {
    const row = [];
    for (let h = 0; h < i.numHydros; h++) row.push([i.inflowBase[t*i.numHydros+h]!.toFixed(3), Array.from(i.inflowLagCoefficient.subarray((t*i.numHydros+h)*i.lagOrder, (t*i.numHydros+h+1)*i.lagOrder)).map(x=>x.toFixed(4)).join(","), i.inflowNoiseScale[t*i.numHydros+h]!.toFixed(3)]);
    console.log("t", t, JSON.stringify(row), "noise", Array.from(i.openings[t]!).map(x=>x.toFixed(4)).join(","));
  }
});
