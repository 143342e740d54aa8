/**
 * `cobre report --plot`: each chart renders to a well-formed SVG from a real run, with one
 * drawn series per bound, per cost component and per hydro.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../src/args";
import { chartSpec, plotCommand } from "../src/commands/plot";
import { readCostStatistics } from "../src/run-data/read";
import { plottedComponents } from "../src/plots/costs-plot";
import { renderSvg } from "../src/plots/render-svg";
import { captureJson } from "./support/capture";
import { type RunFixture, makeRunFixture } from "./support/run-fixture";
import { assertWellFormed, markGroups, pathCount } from "./support/svg";

let fx: RunFixture;
beforeAll(async () => {
  fx = await makeRunFixture();
});

async function render(kind: "convergence" | "costs" | "storage"): Promise<string> {
  const chart = await chartSpec(fx.outputDir, kind);
  if (!chart.ok) throw new Error(JSON.stringify(chart.error));
  const svg = await renderSvg(chart.value.spec);
  assertWellFormed(svg);
  return svg;
}

describe("report --plot", () => {
  it("convergence: a CI band and two bound lines over the 8 iterations", async () => {
    const svg = await render("convergence");
    expect(pathCount(svg, "ci_band_marks")).toBe(1);
    expect(pathCount(svg, "bounds_marks")).toBe(2);
    expect(svg).toContain("Lower bound");
    expect(svg).toContain("Upper bound (mean)");
    // The x axis spans the iterations: its last tick label is 8.
    const labels = [...(markGroups(svg, "role-axis-label")[0] ?? "").matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(labels).toContain("8");
  });

  it("costs: one box per cost component that is non-zero in some scenario", async () => {
    const stats = await readCostStatistics(fx.outputDir);
    if (!stats.ok) throw new Error("costs unreadable");
    const components = plottedComponents(stats.value);
    expect(components).toContain("total_cost");
    expect(components).toContain("thermal_cost");
    const svg = await render("costs");
    // Vega-Lite's boxplot: layer 2 draws the boxes, one path each.
    expect(pathCount(svg, "layer_2_marks")).toBe(components.length);
    for (const c of components) expect(svg).toContain(`>${c}<`);
  });

  it("storage: a p10–p90 band and a median line per hydro, titled with its name", async () => {
    const svg = await render("storage");
    expect(markGroups(svg, "p10_p90_marks")).toHaveLength(2);
    expect(markGroups(svg, "p50_marks")).toHaveLength(2);
    expect(pathCount(svg, "p50_marks")).toBe(2);
    expect(svg).toContain("0 UPPER");
    expect(svg).toContain("1 LOWER");
  });

  it("writes the SVG file and reports it in the envelope", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "cobre-plot-")), "storage.svg");
    const r = await captureJson(() => plotCommand(fx.outputDir, "storage", out, "json"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.envelope.data).toMatchObject({ plot: "storage", out, series: ["UPPER", "LOWER"] });
    expect(existsSync(out)).toBe(true);
    assertWellFormed(readFileSync(out, "utf8"));
  });

  it("an unwritable --out exits 2; no --out, or an unknown chart, is an argument error", async () => {
    const r = await captureJson(() =>
      plotCommand(fx.outputDir, "convergence", path.join(tmpdir(), "no-such-dir", "x", "c.svg"), "json"),
    );
    expect(r.code).toBe(2);
    expect(r.envelope.errors[0].kind).toBe("IoError");
    await expect(plotCommand(fx.outputDir, "costs", undefined, "human")).rejects.toThrow(UsageError);
    await expect(plotCommand(fx.outputDir, "pie", "x.svg", "human")).rejects.toThrow("--plot must be one of");
  });
});
