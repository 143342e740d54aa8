/**
 * The packages install and work like real npm packages. Each package is packed with
 * `pnpm pack` (as `pnpm publish` would: `workspace:*` becomes a version, `publishConfig`
 * drops the monorepo-only `@cobre/source` condition), then installed with plain npm into
 * fresh projects under the OS temp directory, outside the workspace:
 *
 *   - the CLI, @cobre/sddp and their @cobre closure + typescript: a program type-checks
 *     under module/moduleResolution node16 (skipLibCheck off, so our .d.ts files are
 *     checked too), is compiled with tsc and run with node; it trains d02-single-hydro
 *     (simulation switched on in a copy) with @cobre/sddp on 2 worker threads (so piscina
 *     must find dist/worker-entry.js inside node_modules), simulates, and runs the whole
 *     study into an output directory. `npx cobre validate` runs the installed bin.
 *   - only @cobre/io + @cobre/core: the dependency closure has no highs and no piscina; a
 *     program that imports only @cobre/io validates the case and reads and verifies the
 *     output directory written by the first project; the README's examples type-check.
 *
 * Needs `pnpm build` (packs dist/). Without build outputs the tarball tests are skipped
 * with a message, except in CI (CI=true, set by .ci/run) where they fail. Nothing is
 * cached between runs: every run packs and installs into new temporary directories.
 * The npm registry must be reachable (third-party dependencies are installed from it).
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = path.join(root, "test", "packaging");
const referenceCase = path.resolve(root, "../shared/cobre-reference/examples/deterministic/d02-single-hydro");
/** Analytic optimum of d02 (Cobre's deterministic suite). */
const D02_OPTIMUM = 23635000 / 9;

/** What the full consumer installs: the CLI, @cobre/sddp and every @cobre package they need. */
const PACKED = cobreClosure(["cli", "sddp", "io"]);

const inCI = process.env.CI === "true";
const notBuilt = PACKED.filter((p) => !existsSync(path.join(root, "packages", p, "dist")));
const skipTarballs = notBuilt.length > 0 && !inCI;
if (skipTarballs) {
  console.warn(
    `packaging.test.ts: skipping the tarball tests, packages not built (${notBuilt.join(", ")}); run \`pnpm build\` first`,
  );
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: unknown;
  publishConfig?: { exports?: unknown };
  dependencies?: Record<string, string>;
  bin?: Record<string, string>;
  main?: string;
  types?: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

function workspaceManifest(dir: string): Manifest {
  return readJson<Manifest>(path.join(root, "packages", dir, "package.json"));
}

/** Package directories of `roots` and of every @cobre/* package they depend on, transitively. */
function cobreClosure(roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (dir: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    for (const dep of Object.keys(workspaceManifest(dir).dependencies ?? {})) {
      if (dep.startsWith("@cobre/")) visit(dep.slice("@cobre/".length));
    }
  };
  for (const r of roots) visit(r);
  return [...seen].sort();
}

/** Every file path in an `exports` map. */
function fileTargets(exp: unknown): string[] {
  if (typeof exp === "string") return [exp];
  if (exp === null || typeof exp !== "object") return [];
  return Object.values(exp as Record<string, unknown>).flatMap(fileTargets);
}

/** `exports` without the monorepo-only `@cobre/source` condition. */
function stripSource(exp: unknown): unknown {
  if (exp === null || typeof exp !== "object") return exp;
  return Object.fromEntries(
    Object.entries(exp as Record<string, unknown>)
      .filter(([k]) => k !== "@cobre/source")
      .map(([k, v]) => [k, stripSource(v)]),
  );
}

/**
 * The environment for npm/tsc/node children: without what pnpm, vitest and the
 * workspace put there (npm_config_* from `pnpm test`, NODE_OPTIONS, custom conditions),
 * so the consumer sees what a user's shell would.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    const key = k.toLowerCase();
    if (key.startsWith("npm_") || key.startsWith("pnpm_") || key.startsWith("vitest") || key.startsWith("turbo_"))
      continue;
    if (key === "node_options" || key === "node_env" || key === "init_cwd") continue;
    env[k] = v;
  }
  return env;
}

async function run(cmd: string, args: string[], cwd: string, timeoutMs = 240_000) {
  try {
    return await exec(cmd, args, { cwd, env: cleanEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; code?: number; message: string };
    throw new Error(
      `${cmd} ${args.join(" ")} (in ${cwd}) failed, exit ${x.code}:\n${x.stdout ?? ""}\n${x.stderr ?? x.message}`,
    );
  }
}

/** The last stdout line that parses as JSON. */
function lastJson<T>(stdout: string): T {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/** The ```ts blocks of packages/io/README.md (the writer and reader examples among them). */
function readmeBlocks(): string[] {
  const readme = readFileSync(path.join(root, "packages", "io", "README.md"), "utf8");
  return [...readme.matchAll(/```ts\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
}

describe("package manifests", () => {
  const dirs = readdirSync(path.join(root, "packages")).filter((d) =>
    existsSync(path.join(root, "packages", d, "package.json")),
  );

  it.each(dirs)("packages/%s: publishConfig.exports is exports without @cobre/source", (dir) => {
    const m = workspaceManifest(dir);
    if (m.private) return;
    // pnpm pack/publish replaces `exports` by `publishConfig.exports`: an entry added to one
    // and not the other would vanish from (or dangle in) the published package.
    expect(m.publishConfig?.exports).toEqual(stripSource(m.exports));
    expect(JSON.stringify(m.publishConfig?.exports)).not.toContain("/src/");
  });
});

describe.skipIf(skipTarballs)("installed from packed tarballs, outside the workspace", () => {
  let work = "";
  let full = "";
  let ioOnly = "";
  let caseDir = "";
  let outDir = "";
  const tarballs: Record<string, string> = {};

  function writeProject(dir: string, packages: readonly string[], programs: readonly string[]) {
    mkdirSync(path.join(dir, "src"), { recursive: true });
    const dependencies: Record<string, string> = { typescript: "5.9.3", "@types/node": "^20.19.43" };
    for (const p of packages) dependencies[`@cobre/${p}`] = `file:${tarballs[p]}`;
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: path.basename(dir), private: true, type: "module", dependencies }, null, 2),
    );
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify(
        {
          compilerOptions: {
            target: "ES2022",
            module: "node16",
            moduleResolution: "node16",
            strict: true,
            skipLibCheck: false,
            noEmitOnError: true,
            types: ["node"],
            rootDir: "src",
            outDir: "dist",
          },
          include: ["src"],
        },
        null,
        2,
      ),
    );
    for (const program of programs) cpSync(path.join(fixtures, program), path.join(dir, "src", program));
  }

  beforeAll(async () => {
    if (notBuilt.length > 0) {
      throw new Error(`packages not built (${notBuilt.join(", ")}): run \`pnpm build\` before the tests`);
    }
    work = mkdtempSync(path.join(tmpdir(), "cobre-packaging-"));
    const packDir = path.join(work, "tarballs");
    mkdirSync(packDir);
    for (const p of PACKED) {
      const m = workspaceManifest(p);
      await exec("pnpm", ["pack", "--pack-destination", packDir], {
        cwd: path.join(root, "packages", p),
        timeout: 60_000,
      });
      tarballs[p] = path.join(packDir, `${m.name.replace("@", "").replace("/", "-")}-${m.version}.tgz`);
      expect(existsSync(tarballs[p]), tarballs[p]).toBe(true);
    }
    // The case with simulation switched on, so the study also writes simulation outputs.
    caseDir = path.join(work, "d02-single-hydro");
    cpSync(referenceCase, caseDir, { recursive: true });
    const configFile = path.join(caseDir, "config.json");
    const config = readJson<{ simulation?: Record<string, unknown> }>(configFile);
    config.simulation = { ...config.simulation, enabled: true, num_scenarios: 4 };
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    outDir = path.join(work, "out");

    full = path.join(work, "consumer-full");
    ioOnly = path.join(work, "consumer-io");
    writeProject(full, PACKED, ["consumer-sddp.ts"]);
    writeProject(ioOnly, ["core", "io"], ["consumer-io.ts"]);
    // The @cobre/io README's examples are type-checked too, against the installed package.
    for (const [i, code] of readmeBlocks().entries()) writeFileSync(path.join(ioOnly, "src", `readme-${i}.ts`), code);
    const install = ["install", "--no-audit", "--no-fund", "--loglevel=error"];
    await Promise.all([run("npm", install, full), run("npm", install, ioOnly)]);
  }, 300_000);

  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it("packs manifests without workspace protocols or source conditions, with dist files", async () => {
    for (const p of PACKED) {
      const { stdout } = await exec("tar", ["-xzOf", tarballs[p]!, "package/package.json"]);
      expect(stdout).not.toContain("workspace:");
      expect(stdout).not.toContain("catalog:");
      expect(stdout).not.toContain('"@cobre/source"'); // as an exports condition
      const m = JSON.parse(stdout) as Manifest;
      for (const [dep, spec] of Object.entries(m.dependencies ?? {})) {
        if (dep.startsWith("@cobre/")) expect(spec, `${m.name} → ${dep}`).toBe(m.version);
      }
      const { stdout: list } = await exec("tar", ["-tzf", tarballs[p]!]);
      const files = new Set(list.trim().split("\n"));
      expect([...files].some((f) => f.startsWith("package/src/"))).toBe(false);
      // Every file the manifest points to is in the tarball.
      const targets = [...fileTargets(m.exports), ...Object.values(m.bin ?? {})];
      if (m.main !== undefined) targets.push(m.main);
      if (m.types !== undefined) targets.push(m.types);
      for (const t of targets) expect(files, `${m.name}: ${t}`).toContain(`package/${path.posix.normalize(t)}`);
      if (p === "sddp") expect(files).toContain("package/dist/worker-entry.js");
    }
  });

  it("installs every @cobre package from the tarballs, none from the registry", () => {
    const lock = readJson<{ packages: Record<string, { resolved?: string }> }>(path.join(full, "package-lock.json"));
    const cobre = Object.entries(lock.packages).filter(([k]) => k.includes("node_modules/@cobre/"));
    expect(cobre.map(([k]) => k).sort()).toEqual(PACKED.map((p) => `node_modules/@cobre/${p}`).sort());
    for (const [k, v] of cobre) expect(v.resolved, k).toMatch(/^file:/);
  });

  it("type-checks node16 consumers (and the @cobre/io README examples), declarations included", async () => {
    // One tsc per project: noEmitOnError makes it the `tsc --noEmit` check, and the emitted
    // JavaScript is what the next tests run.
    const compile = ["--no", "--", "tsc", "--project", "."];
    await Promise.all([run("npx", compile, full), run("npx", compile, ioOnly)]);
  }, 240_000);

  it("trains d02 with @cobre/sddp on worker threads and reaches the analytic optimum", async () => {
    const { stdout } = await run("node", ["dist/consumer-sddp.js", caseDir, outDir], full, 170_000);
    const r = lastJson<{ lowerBound: number; meanCost: number; runLowerBound: number | null }>(stdout);
    expect(Math.abs(r.lowerBound - D02_OPTIMUM)).toBeLessThan(1e-4);
    expect(Math.abs((r.runLowerBound ?? Number.NaN) - D02_OPTIMUM)).toBeLessThan(1e-4);
    expect(Math.abs(r.meanCost - D02_OPTIMUM) / D02_OPTIMUM).toBeLessThan(1e-6);
    expect(existsSync(path.join(outDir, "training", "_SUCCESS"))).toBe(true);
    expect(existsSync(path.join(outDir, "simulation", "_SUCCESS"))).toBe(true);
  }, 180_000);

  it("installs @cobre/io without highs or piscina in its dependency closure", async () => {
    const { stdout } = await run("npm", ["ls", "--all", "--json"], ioOnly);
    const names = new Set<string>();
    const walk = (deps: Record<string, { dependencies?: Record<string, unknown> }> | undefined) => {
      for (const [name, node] of Object.entries(deps ?? {})) {
        names.add(name);
        walk(node.dependencies as never);
      }
    };
    walk(JSON.parse(stdout).dependencies);
    expect(names).toContain("@cobre/io");
    expect(names).toContain("parquet-wasm");
    for (const heavy of ["highs", "piscina", "@cobre/solver", "@cobre/sddp"]) expect(names).not.toContain(heavy);
    expect(existsSync(path.join(ioOnly, "node_modules", "highs"))).toBe(false);
    expect(existsSync(path.join(ioOnly, "node_modules", "piscina"))).toBe(false);
  }, 60_000);

  it("validates the case and reads and verifies the outputs with @cobre/io alone", async () => {
    const { stdout } = await run("node", ["dist/consumer-io.js", caseDir, outDir], ioOnly, 110_000);
    const r = lastJson<{
      valid: boolean;
      convergenceRows: number;
      lastLowerBound: number;
      costRowsScenario0: number;
      verifyOk: boolean;
      filesChecked: number;
      issues: unknown[];
    }>(stdout);
    expect(r.valid).toBe(true);
    expect(r.convergenceRows).toBeGreaterThan(0);
    expect(Math.abs(r.lastLowerBound - D02_OPTIMUM)).toBeLessThan(1e-4);
    expect(r.costRowsScenario0).toBeGreaterThan(0);
    expect(r.issues).toEqual([]);
    expect(r.verifyOk).toBe(true);
    expect(r.filesChecked).toBeGreaterThan(0);
  }, 120_000);

  it("runs the installed `cobre` bin: cobre validate --output-format json exits 0", async () => {
    const { stdout } = await run(
      "npx",
      ["--no", "--", "cobre", "validate", referenceCase, "--output-format", "json"],
      full,
    );
    const envelope = JSON.parse(stdout) as { command: string; success: boolean; exit_code: number };
    expect(envelope).toMatchObject({ command: "validate", success: true, exit_code: 0 });
  }, 60_000);
});
