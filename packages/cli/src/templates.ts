/**
 * The case templates of `cobre init`, shipped as plain files under
 * `packages/cli/templates/` (listed in package.json "files"). They are found relative to
 * this module: from sources (src/templates.ts) and from the bundle (dist/cli.js) alike,
 * the package root is the nearest ancestor folder that holds `templates/templates.json`.
 */
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface TemplateInfo {
  readonly name: string;
  readonly description: string;
}

const INDEX = path.join("templates", "templates.json");

/** The `templates/` folder of the installed package; throws if the package is incomplete. */
export function templatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, INDEX))) return path.join(dir, "templates");
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("the cobre package has no templates/ folder (broken installation)");
    dir = parent;
  }
}

/** The templates on offer, in the order of `templates.json`. */
export function listTemplates(): TemplateInfo[] {
  const index = JSON.parse(readFileSync(path.join(templatesDir(), "templates.json"), "utf8")) as {
    templates: TemplateInfo[];
  };
  return index.templates;
}

/** Files under `dir`, relative to it, with `/` separators, sorted. */
export async function walk(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === "" ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...(await walk(dir, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

/** Files of a template, relative to its folder, sorted. */
export function templateFiles(name: string): Promise<string[]> {
  return walk(path.join(templatesDir(), name));
}

/** Copies template `name` into `target` (created if needed), overwriting same-named files. */
export async function copyTemplate(name: string, target: string): Promise<string[]> {
  await mkdir(target, { recursive: true });
  await cp(path.join(templatesDir(), name), target, { recursive: true, force: true });
  return templateFiles(name);
}
