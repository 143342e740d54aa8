import { defineConfig } from "tsup";

export default defineConfig({
  // The worker entry sits next to index.js in dist/, where the bundled executor looks for it.
  entry: { index: "src/index.ts", internal: "src/internal.ts", "worker-entry": "src/parallel/worker-entry.ts" },
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
});
