/**
 * The package graph points one way — core ← io, stochastic, solver ← sddp ← cluster ← cli — with no
 * cycles, only @cobre/solver touches HiGHS, and the infrastructure packages never speak
 * the SDDP algorithm's words (as Cobre itself checks).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkgDir = (name: string) => path.join(root, "packages", name);

const allowed: Record<string, string[]> = {
  core: [],
  solver: [],
  stochastic: ["core"],
  io: ["core"],
  sddp: ["core", "io", "stochastic", "solver"],
  // The cluster executor plugs into the engine through @cobre/sddp/internal.
  cluster: ["core", "io", "sddp"],
  // The CLI imports the read-only analyses of @cobre/mcp/analysis (`cobre compare`).
  cli: ["core", "io", "stochastic", "solver", "sddp", "cluster"],
  mcp: ["core", "io", "sddp"],
};

function manifest(name: string): { dependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(pkgDir(name), "package.json"), "utf8"));
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) {
      if (entry !== "generated") out.push(...sourceFiles(p));
    } else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

function importedCobrePackages(name: string): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(path.join(pkgDir(name), "src"))) {
    for (const m of readFileSync(file, "utf8").matchAll(/from\s+"@cobre\/([a-z-]+)(?:\/[a-z-]+)?"/g)) found.add(m[1]!);
  }
  return found;
}

describe("package graph", () => {
  it.each(Object.keys(allowed))("@cobre/%s depends only on packages below it", (name) => {
    const deps = Object.keys(manifest(name).dependencies ?? {})
      .filter((d) => d.startsWith("@cobre/"))
      .map((d) => d.slice("@cobre/".length));
    for (const d of deps) expect(allowed[name]).toContain(d);
    for (const d of importedCobrePackages(name)) expect(allowed[name]).toContain(d);
  });

  it("only @cobre/solver depends on highs; @cobre/io has no solver or worker pool", () => {
    for (const name of Object.keys(allowed)) {
      const deps = Object.keys(manifest(name).dependencies ?? {});
      if (name !== "solver") expect(deps).not.toContain("highs");
    }
    const io = Object.keys(manifest("io").dependencies ?? {});
    expect(io).not.toContain("piscina");
    expect(io).not.toContain("@cobre/solver");
  });

  // Files are @cobre/io's job: the data model, the stochastic model, the LP layer and the
  // engine read and write none themselves (the CLI, the cluster and the MCP server may).
  it.each(["core", "stochastic", "solver", "sddp"])("@cobre/%s does no file I/O of its own", (name) => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(pkgDir(name), "src"))) {
      if (/from\s+"(?:node:)?fs(?:\/promises)?"/.test(readFileSync(file, "utf8")))
        offenders.push(path.relative(root, file));
    }
    expect(offenders).toEqual([]);
  });

  // The data model and the LP layer know nothing of the algorithm. (@cobre/io and
  // @cobre/stochastic describe training outputs and sampling, so only "Benders" is banned there.)
  it.each([
    // core owns config.json, whose sections name cuts and forward passes.
    ["core", /\bBenders\b|backward pass/i],
    ["solver", /\bBenders\b|\bcuts?\b|forward pass|backward pass/i],
    ["stochastic", /\bBenders\b/],
    ["io", /\bBenders\b/],
  ] as const)("@cobre/%s never mentions SDDP-only concepts", (name, words) => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(pkgDir(name), "src"))) {
      if (words.test(readFileSync(file, "utf8"))) offenders.push(path.relative(root, file));
    }
    expect(offenders).toEqual([]);
  });

  it("the version is written once in source (@cobre/core) and every package.json agrees with it", () => {
    const source = readFileSync(path.join(pkgDir("core"), "src", "version.ts"), "utf8");
    const version = /COBRE_VERSION = "([^"]+)"/.exec(source)?.[1];
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    const literal = new RegExp(`"${version?.replaceAll(".", "\\.")}"`);
    for (const name of Object.keys(allowed)) {
      expect(manifest(name)).toHaveProperty("version", version);
      const copies = sourceFiles(path.join(pkgDir(name), "src")).filter(
        (f) => !f.endsWith(path.join("core", "src", "version.ts")) && literal.test(readFileSync(f, "utf8")),
      );
      expect(copies.map((f) => path.relative(root, f))).toEqual([]);
    }
  });
});
