import path from "node:path";
import { loadCase } from "@cobre/io";
import { train } from "@cobre/sddp";
import { it } from "vitest";
import fs from "node:fs";
const root = "/work/shared/cobre-reference/examples/deterministic";
const only = process.env.CASES?.split(",");
it("probe", async () => {
  for (const name of fs.readdirSync(root).sort()) {
    if (only && !only.some((o) => name.startsWith(o))) continue;
    const t0 = performance.now();
    const loaded = await loadCase(path.join(root, name));
    if (!loaded.ok) { console.log(name, "LOAD", JSON.stringify(loaded.error).slice(0, 300)); continue; }
    try {
      const tr = await train(loaded.value);
      if (!tr.ok) { console.log(name, "TRAIN", JSON.stringify(tr.error).slice(0, 300)); continue; }
      console.log(name, tr.value.finalLowerBound, tr.value.finalUpperBound, tr.value.history.length, tr.value.terminationReason, Math.round(performance.now() - t0) + "ms");
    } catch (e) { console.log(name, "THROW", String(e).slice(0, 300)); }
  }
}, 600000);
