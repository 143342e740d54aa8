#!/usr/bin/env node
/**
 * Packaging lint for every publishable workspace package, on what npm would actually get:
 * each package is packed with `pnpm pack` (which rewrites `workspace:*` to versions and
 * applies `publishConfig`, dropping the monorepo-only `@cobre/source` condition), then
 *
 *   - publint --strict       (package.json fields, exports, files: warnings fail too)
 *   - attw --profile esm-only (types resolve for node16/nodenext ESM and bundler consumers;
 *                              the packages are ESM-only, so CJS `require` is not checked)
 *
 * Needs `pnpm build` first (packs dist/). Exits 1 when any package fails.
 * Usage: node scripts/check-packages.mjs [package-dir-name ...]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const packagesDir = path.join(root, "packages");
const wanted = process.argv.slice(2);
const names = readdirSync(packagesDir)
  .filter((n) => existsSync(path.join(packagesDir, n, "package.json")))
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();

const bin = (name) => path.join(root, "node_modules", ".bin", name);
/** Runs a tool quietly; prints its output only when it fails. */
const run = (label, cmd, args, cwd) => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });
  const ok = r.status === 0;
  console.log(`  ${ok ? "ok  " : "FAIL"} ${label}`);
  if (!ok) process.stdout.write(`${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}\n`);
  return ok;
};

const dest = mkdtempSync(path.join(tmpdir(), "cobre-pack-check-"));
const failures = [];
try {
  for (const name of names) {
    const dir = path.join(packagesDir, name);
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    if (pkg.private) continue;
    console.log(pkg.name);
    if (!existsSync(path.join(dir, "dist"))) {
      console.error(`${pkg.name}: no dist/ (run \`pnpm build\` first)`);
      failures.push(`${pkg.name}: not built`);
      continue;
    }
    const before = new Set(readdirSync(dest));
    if (!run("pnpm pack", "pnpm", ["pack", "--pack-destination", dest], dir)) {
      failures.push(`${pkg.name}: pnpm pack`);
      continue;
    }
    const tarball = readdirSync(dest).find((f) => f.endsWith(".tgz") && !before.has(f));
    if (tarball === undefined) {
      failures.push(`${pkg.name}: no tarball`);
      continue;
    }
    const tgz = path.join(dest, tarball);
    if (!run("publint --strict", bin("publint"), ["run", tgz, "--strict"], root)) failures.push(`${pkg.name}: publint`);
    // Exported data files (e.g. @cobre/io's schemas/policy.fbs) are not modules: attw would
    // report them as unresolvable imports.
    const dataEntries = Object.entries(pkg.publishConfig?.exports ?? pkg.exports ?? {})
      .filter(([key, target]) => key !== "./package.json" && typeof target === "string" && !/\.[cm]?js$/.test(target))
      .map(([key]) => key);
    const exclude = dataEntries.length > 0 ? ["--exclude-entrypoints", ...dataEntries] : [];
    const attwArgs = [tgz, ...exclude, "--profile", "esm-only", "--format", "table-flipped", "--no-color"];
    if (!run("attw --profile esm-only", bin("attw"), attwArgs, root)) {
      failures.push(`${pkg.name}: attw`);
    }
  }
} finally {
  rmSync(dest, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\npackaging checks failed:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`\npackaging checks passed: ${names.join(", ")} (publint --strict, attw --profile esm-only)`);
