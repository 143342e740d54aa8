// Copies the example cases that `cobre init` offers into packages/cli/templates/, so they
// ship inside the package (the examples/ folder is not published). Run from the
// repository root after changing an example: node packages/cli/scripts/sync-templates.mjs
// The test `init.test.ts` fails when a template and its example differ.
import { cpSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const templates = join(root, "packages", "cli", "templates");
const index = JSON.parse(readFileSync(join(templates, "templates.json"), "utf8"));
for (const t of index.templates) {
  const target = join(templates, t.name);
  rmSync(target, { recursive: true, force: true });
  cpSync(join(root, "examples", t.name), target, { recursive: true });
  console.log(`templates/${t.name} ← examples/${t.name}`);
}
