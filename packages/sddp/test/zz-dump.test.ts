import path from "node:path";
import { loadCase } from "@cobre/io";
import { it } from "vitest";
import fs from "node:fs";
const root = "/work/shared/cobre-reference/examples/deterministic";
it("dump", async () => {
  const name = process.env.CASE!;
  const loaded = await loadCase(path.join(root, name));
  if (!loaded.ok) { fs.writeFileSync("/tmp/dump.json", JSON.stringify(loaded.error, null, 1)); return; }
  const c = loaded.value;
  fs.writeFileSync("/tmp/dump.json", JSON.stringify({ ...c, system: { ...c.system, stages: c.system.stages.map(s => ({id: s.id, season: s.seasonId, start: s.startDate, blocks: s.blocks, n: s.numScenarios})) } }, null, 1));
}, 60000);
