#!/usr/bin/env node
/**
 * Install size and start-up of the published packages, measured as a user gets them:
 * every package is packed with `pnpm pack`, then installed with npm (from the tarballs,
 * third-party dependencies from the registry) into a fresh project under the OS temp
 * directory, one project per package.
 *
 * Reports, per package: tarball size, the package's own unpacked size, and the whole
 * node_modules footprint of a project that installs only that package (its dependency
 * closure). Then, in fresh Node processes (median of --runs, default 5):
 *   - `await import("@cobre/io")`, `await import("@cobre/sddp")` (and parquet-wasm alone);
 *   - the first `loadSolver()` (HiGHS Wasm instantiation) after importing @cobre/solver;
 *   - the first and second `readConvergence()` (Parquet decode via parquet-wasm) after
 *     importing @cobre/io, on an output directory written beforehand by `runStudy`.
 *
 * Needs `pnpm build` first. Usage:
 *   node scripts/measure-startup.mjs [--runs 5] [--json out.json] [--keep]
 * The case trained for the output directory is d02-single-hydro from ../shared.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    json: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const RUNS = Number(opts.runs);
/** Import order of the start-up breakdown: @cobre/io's dependencies, @cobre/io, then the rest of @cobre/sddp. */
const CHAIN = [
  "zod",
  "@cobre/core",
  "apache-arrow",
  "parquet-wasm",
  "flatbuffers",
  "xxhash-wasm",
  "@cobre/io",
  "@cobre/stochastic",
  "highs",
  "@cobre/solver",
  "piscina",
  "@cobre/sddp",
];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const packagesDir = path.join(root, "packages");
const referenceCase = path.resolve(root, "../shared/cobre-reference/examples/deterministic/d02-single-hydro");

/** npm/node children see a user's environment, not pnpm's or the workspace's. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_)/i.test(k) && k !== "NODE_OPTIONS" && k !== "INIT_CWD"),
);
const sh = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Bytes of a directory tree (apparent sizes, symlinks not followed). */
function treeBytes(p) {
  const st = statSync(p, { throwIfNoEntry: false });
  if (st === undefined) return 0;
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const e of readdirSync(p)) total += treeBytes(path.join(p, e));
  return total;
}
const countPackages = (nm) => {
  let n = 0;
  for (const e of existsSync(nm) ? readdirSync(nm) : []) {
    if (e.startsWith(".")) continue;
    if (e.startsWith("@")) n += readdirSync(path.join(nm, e)).length;
    else n++;
  }
  return n;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (b) => (b / 1024).toFixed(0);
const mb = (b) => (b / 1024 / 1024).toFixed(1);
const manifest = (dir) => JSON.parse(readFileSync(path.join(packagesDir, dir, "package.json"), "utf8"));

const dirs = readdirSync(packagesDir)
  .filter((d) => existsSync(path.join(packagesDir, d, "package.json")) && !manifest(d).private)
  .sort();
for (const d of dirs) {
  if (!existsSync(path.join(packagesDir, d, "dist"))) throw new Error(`packages/${d} is not built: run \`pnpm build\``);
}
const closure = (roots) => {
  const seen = new Set();
  const visit = (d) => {
    if (seen.has(d)) return;
    seen.add(d);
    for (const dep of Object.keys(manifest(d).dependencies ?? {})) if (dep.startsWith("@cobre/")) visit(dep.slice(7));
  };
  for (const r of roots) visit(r);
  return [...seen];
};

const work = mkdtempSync(path.join(os.tmpdir(), "cobre-measure-"));
const log = (m) => process.stderr.write(`${m}\n`);
try {
  // 1. Tarballs.
  const tarDir = path.join(work, "tarballs");
  mkdirSync(tarDir);
  const tarball = {};
  for (const d of dirs) {
    const m = manifest(d);
    sh("pnpm", ["pack", "--pack-destination", tarDir], path.join(packagesDir, d));
    tarball[d] = path.join(tarDir, `${m.name.slice(1).replace("/", "-")}-${m.version}.tgz`);
  }

  // 2. One project per package: its install footprint.
  const project = (name, pkgs, extra = {}) => {
    const dir = path.join(work, name);
    mkdirSync(dir);
    const dependencies = { ...extra };
    for (const p of closure(pkgs)) dependencies[`@cobre/${p}`] = `file:${tarball[p]}`;
    // Only the asked-for packages are direct dependencies; the rest of the closure is
    // listed so npm takes it from the tarballs instead of the registry.
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name, private: true, type: "module", dependencies }),
    );
    log(`npm install (${name}) ...`);
    sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], dir);
    return dir;
  };
  const sizes = [];
  const projects = {};
  for (const d of dirs) {
    const dir = project(`only-${d}`, [d]);
    projects[d] = dir;
    const nm = path.join(dir, "node_modules");
    sizes.push({
      package: manifest(d).name,
      tarballBytes: statSync(tarball[d]).size,
      unpackedBytes: treeBytes(path.join(nm, "@cobre", d)),
      installBytes: treeBytes(nm),
      installPackages: countPackages(nm),
    });
  }

  // 3. Start-up, in fresh processes of the @cobre/sddp project (it has io, solver too).
  const sddpDir = projects.sddp;
  const caseDir = path.join(work, "case");
  cpSync(referenceCase, caseDir, { recursive: true });
  const cfgFile = path.join(caseDir, "config.json");
  const cfg = JSON.parse(readFileSync(cfgFile, "utf8"));
  cfg.simulation = { ...cfg.simulation, enabled: true, num_scenarios: 4 };
  writeFileSync(cfgFile, JSON.stringify(cfg));
  const outDir = path.join(work, "out");
  const script = (name, body) => {
    const f = path.join(sddpDir, `${name}.mjs`);
    writeFileSync(f, `const t0 = performance.now();\n${body}\n`);
    return f;
  };
  script(
    "prepare",
    `import { loadCase } from "@cobre/io"; import { runStudy } from "@cobre/sddp";
const c = await loadCase(${JSON.stringify(caseDir)}); if (!c.ok) throw new Error(c.error.message);
const r = await runStudy(c.value, { outputDir: ${JSON.stringify(outDir)} }); if (!r.ok) throw new Error(r.error.message);`,
  );
  sh("node", ["prepare.mjs"], sddpDir);

  const probes = {
    node: script("p-node", `console.log(JSON.stringify({ ms: 0 }));`),
    io: script("p-io", `await import("@cobre/io"); console.log(JSON.stringify({ ms: performance.now() - t0 }));`),
    sddp: script("p-sddp", `await import("@cobre/sddp"); console.log(JSON.stringify({ ms: performance.now() - t0 }));`),
    // Where the time goes: the chain imported step by step in one process, each step
    // timing only what it adds (modules already loaded by an earlier step are free).
    chain: script(
      "p-chain",
      `const r = {}; let t = performance.now();
for (const m of ${JSON.stringify(CHAIN)}) { await import(m); const n = performance.now(); r[m] = n - t; t = n; }
console.log(JSON.stringify(r));`,
    ),
    solver: script(
      "p-solver",
      `const { loadSolver } = await import("@cobre/solver"); const t1 = performance.now();
await loadSolver(); const t2 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, loadSolverMs: t2 - t1 }));`,
    ),
    parquet: script(
      "p-parquet",
      `const { readConvergence } = await import("@cobre/io"); const t1 = performance.now();
const a = await readConvergence(${JSON.stringify(outDir)}); const t2 = performance.now();
const b = await readConvergence(${JSON.stringify(outDir)}); const t3 = performance.now();
if (!a.ok || !b.ok) throw new Error("readConvergence failed");
console.log(JSON.stringify({ importMs: t1 - t0, firstReadMs: t2 - t1, secondReadMs: t3 - t2 }));`,
    ),
  };
  const timings = {};
  for (const [name, file] of Object.entries(probes)) {
    const samples = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const out = JSON.parse(
        sh("node", [path.basename(file)], sddpDir)
          .trim()
          .split("\n")
          .at(-1),
      );
      samples.push({ ...out, processMs: performance.now() - t });
    }
    timings[name] = Object.fromEntries(Object.keys(samples[0]).map((k) => [k, median(samples.map((s) => s[k]))]));
  }

  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cpus: os.cpus().length,
    loadAverage1m: os.loadavg()[0],
    runs: RUNS,
    sizes,
    timings,
  };
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify(result, null, 2)}\n`);

  // Markdown for docs/performance.md.
  const lines = [];
  lines.push(
    `Node ${result.node}, ${result.platform}, ${result.cpu} (${result.cpus} CPUs, 1-minute load average ${result.loadAverage1m.toFixed(1)} at the end); median of ${RUNS} runs.`,
    "",
  );
  lines.push("| package | tarball | unpacked | node_modules when installed alone | packages installed |");
  lines.push("|---|---:|---:|---:|---:|");
  for (const s of sizes) {
    lines.push(
      `| \`${s.package}\` | ${kb(s.tarballBytes)} KiB | ${kb(s.unpackedBytes)} KiB | ${mb(s.installBytes)} MiB | ${s.installPackages} |`,
    );
  }
  const f = (x) => `${x.toFixed(0)} ms`;
  const row = (what, t, key = "ms") => lines.push(`| ${what} | ${f(t[key])} | ${f(t.processMs)} |`);
  lines.push("", "| in a fresh `node` process | import / call | whole process |", "|---|---:|---:|");
  row("nothing imported (node start-up and exit)", timings.node);
  row('`await import("@cobre/io")`', timings.io);
  row('`await import("@cobre/sddp")`', timings.sddp);
  row('`await import("@cobre/solver")`', timings.solver, "importMs");
  row("first `loadSolver()` (HiGHS Wasm), after that import", timings.solver, "loadSolverMs");
  row("first `readConvergence()` (Parquet), after importing @cobre/io", timings.parquet, "firstReadMs");
  row("second `readConvergence()`", timings.parquet, "secondReadMs");
  lines.push("", "| import step (one process, in this order) | adds |", "|---|---:|");
  for (const m of CHAIN) lines.push(`| \`${m}\` | ${f(timings.chain[m])} |`);
  console.log(lines.join("\n"));
} finally {
  if (opts.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
