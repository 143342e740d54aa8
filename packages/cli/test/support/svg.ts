/** Checks on SVG text without a DOM: well-formedness and counts of Vega's mark groups. */

/** Throws unless every element is closed in order (comments and declarations skipped). */
export function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
  const body = svg.replace(/<!--[\s\S]*?-->/g, "").replace(/<\?[\s\S]*?\?>/g, "");
  for (const m of body.matchAll(tag)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing === "/") continue;
    if (closing === "/") {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open ?? "nothing"}>`);
    } else stack.push(name!);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join("> <")}>`);
  if (!/^<svg[\s>]/.test(body.trim()) || !body.trim().endsWith("</svg>"))
    throw new Error("not a single <svg> document");
}

/** Vega mark groups whose class list holds `cls` (e.g. `bounds_marks`). */
export function markGroups(svg: string, cls: string): string[] {
  const out: string[] = [];
  const open = new RegExp(`<g class="[^"]*\\b${cls}\\b[^"]*"[^>]*>`, "g");
  for (const m of svg.matchAll(open)) {
    // Walk to the matching </g>, counting nested groups.
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    const re = /<(\/?)g[\s>]/g;
    re.lastIndex = i;
    for (let t = re.exec(svg); t !== null && depth > 0; t = re.exec(svg)) {
      depth += t[1] === "/" ? -1 : 1;
      i = t.index;
    }
    out.push(svg.slice(start, i));
  }
  return out;
}

/** Number of `<path>` items drawn inside the groups of class `cls`. */
export function pathCount(svg: string, cls: string): number {
  return markGroups(svg, cls).reduce((a, g) => a + (g.match(/<path\b/g)?.length ?? 0), 0);
}
