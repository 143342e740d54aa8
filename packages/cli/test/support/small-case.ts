/** A small hydro-tiny copy for tests that run the CLI on a real case, and temp output dirs. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "./cobre-bin";

/**
 * A copy of examples/hydro-tiny in a temp dir, cut to a few iterations and scenarios so a
 * run takes a second or two; the only stopping rule is the iteration limit; `seed`
 * replaces the tree seed.
 */
export function smallCase(options: { iterations?: number; scenarios?: number; seed?: number } = {}): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "cobre-small-")), "case");
  cpSync(path.join(repoRoot, "examples/hydro-tiny"), dir, { recursive: true });
  const file = path.join(dir, "config.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.training.stopping_rules = [{ type: "iteration_limit", limit: options.iterations ?? 4 }];
  if (options.seed !== undefined) config.training.tree_seed = options.seed;
  config.simulation.num_scenarios = options.scenarios ?? 10;
  writeFileSync(file, JSON.stringify(config, null, 2));
  return dir;
}

/** A fresh temp directory for outputs. */
export function outDir(): string {
  return mkdtempSync(path.join(tmpdir(), "cobre-out-"));
}
