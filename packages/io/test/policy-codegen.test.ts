/**
 * The committed TypeScript bindings (src/policy/generated/) must be exactly what
 * scripts/gen-flatbuffers.sh produces from schemas/policy.fbs. Skipped (with the reason)
 * only when flatc is absent. The bindings come from flatc 2.0.8 (Debian bookworm); another
 * flatc version may format its output differently, which the failure message points out.
 */
import { spawnSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "./policy-fixtures";

/** flatc version the committed bindings come from (Debian bookworm's flatbuffers-compiler). */
const PINNED_FLATC = "flatc version 2.0.8";
const REPO = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..");
const COMMITTED = join(REPO, "packages", "io", "src", "policy", "generated");

const version = spawnSync("flatc", ["--version"], { encoding: "utf8" });
const found = version.status === 0 ? version.stdout.trim() : null;
const reason = found === null ? "flatc not found (apt-get install flatbuffers-compiler)" : null;
const hint =
  found === PINNED_FLATC
    ? "run scripts/gen-flatbuffers.sh and commit the result"
    : `committed with "${PINNED_FLATC}", found "${found}": regenerate with the pinned flatc`;
if (reason !== null) console.warn(`policy-codegen.test.ts skipped: ${reason}`);

describe("policy FlatBuffers code generation", () => {
  it.skipIf(reason !== null && process.env.CI !== "true")(
    `regenerating the bindings reproduces the committed files${reason ? ` (skipped: ${reason})` : ""}`,
    async () => {
      const out = await tempDir("cobre-policy-gen-");
      const run = spawnSync("bash", [join(REPO, "scripts", "gen-flatbuffers.sh"), out], { encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      const fresh = (await readdir(out)).sort();
      expect(fresh).toEqual((await readdir(COMMITTED)).sort());
      for (const name of fresh) {
        expect(await readFile(join(out, name), "utf8"), `${name} differs from a fresh generation: ${hint}`).toBe(
          await readFile(join(COMMITTED, name), "utf8"),
        );
      }
    },
  );
});
