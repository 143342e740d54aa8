/**
 * Vega-Lite specs rendered to SVG in Node, headless: Vega's scenegraph is serialised by
 * its SVG string renderer (`renderer: "none"` skips any DOM or canvas), so no browser and
 * no native module is needed. Text is measured by Vega's built-in estimate.
 */
import type { TopLevelSpec } from "vega-lite";

/** Renders a Vega-Lite spec to a standalone SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on first use: every other command starts faster without Vega.
  const [{ View, parse }, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Number format for dollar axes: 3 significant digits with SI suffix (24.7M). */
export const MONEY_FORMAT = ".3~s";
