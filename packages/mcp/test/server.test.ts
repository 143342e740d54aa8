/**
 * The MCP server driven in-process through the SDK's in-memory transport pair: every
 * tool on a small real case, tool errors with structured fields, and path confinement.
 */
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { type CobreServer, createCobreServer } from "@cobre/mcp";
import { convergenceRows } from "@cobre/io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, smallCaseRoot } from "./fixtures";

let cobre: CobreServer;
let client: Client;
const { root, caseDir } = smallCaseRoot();
const outputDir = path.join(root, "out");
let runId = "";

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function data(r: CallToolResult): Record<string, unknown> {
  expect(r.isError ?? false, JSON.stringify(r.content)).toBe(false);
  return r.structuredContent as Record<string, unknown>;
}

function failure(r: CallToolResult): {
  kind: string;
  message: string;
  context: Record<string, unknown>;
  suggestion?: string;
} {
  expect(r.isError).toBe(true);
  return r.structuredContent as {
    kind: string;
    message: string;
    context: Record<string, unknown>;
    suggestion?: string;
  };
}

beforeAll(async () => {
  cobre = await createCobreServer({ roots: [root] });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: "cobre-mcp-test", version: "0.0.0" });
  await Promise.all([cobre.server.connect(serverSide), client.connect(clientSide)]);
  // One real run, shared by the query tests.
  const started = data(await call("cobre/run-study", { case_dir: caseDir, output_dir: outputDir, threads: 1 }));
  runId = String(started.run_id);
  await cobre.context.runs.wait(runId);
});

afterAll(async () => {
  await client.close();
  await cobre.close();
});

describe("cobre MCP server", () => {
  it("lists the six tools with their input schemas", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "cobre/compare-runs",
      "cobre/query-convergence",
      "cobre/query-simulation",
      "cobre/run-status",
      "cobre/run-study",
      "cobre/validate-case",
    ]);
    const validate = tools.find((t) => t.name === "cobre/validate-case");
    expect(validate?.inputSchema.required).toEqual(["case_dir"]);
  });

  it("validate-case reports a valid case", async () => {
    const r = data(await call("cobre/validate-case", { case_dir: caseDir }));
    expect(r.valid).toBe(true);
    expect(r.layers_completed).toEqual(["structural", "schema", "referential", "dimensional", "semantic"]);
  });

  it("run-study runs in the background and run-status reports it done with its bounds", async () => {
    const s = data(await call("cobre/run-status", { run_id: runId }));
    expect(s).toMatchObject({
      phase: "done",
      done: true,
      failed: false,
      iteration: 4,
      output_dir: outputDir,
      termination_reason: "iteration_limit",
    });
    const rows = await convergenceRows(outputDir);
    expect(rows.ok && rows.value.at(-1)?.lower_bound).toBe(s.lower_bound);
  });

  it("run-status refuses an unknown run id with a structured error", async () => {
    const e = failure(await call("cobre/run-status", { run_id: "nope" }));
    expect(e.kind).toBe("UnknownRun");
    expect(e.context.known).toEqual([runId]);
    expect(e.suggestion).toBeTypeOf("string");
  });

  it("query-convergence returns rows, optionally an iteration range", async () => {
    const all = data(await call("cobre/query-convergence", { output_dir: outputDir }));
    expect(all.count).toBe(4);
    const some = data(
      await call("cobre/query-convergence", { output_dir: outputDir, iteration_from: 2, iteration_to: 3 }),
    );
    const rows = some.rows as { iteration: number; lower_bound: number }[];
    expect(rows.map((r) => r.iteration)).toEqual([2, 3]);
    expect(typeof rows[0]?.lower_bound).toBe("number");
  });

  it("query-simulation gives cost statistics and filtered per-entity aggregates", async () => {
    const r = data(
      await call("cobre/query-simulation", {
        output_dir: outputDir,
        entity: "hydros",
        entity_id: 1,
        stage_from: 1,
        stage_to: 2,
        columns: ["storage_final_hm3", "generation_mw"],
      }),
    );
    const costs = r.cost_statistics as {
      scenarios: number;
      components: Record<string, { mean: number; p5: number; p95: number; count: number }>;
      scenario_totals: { total_cost: number }[];
    };
    expect(costs.scenarios).toBe(12);
    const total = costs.components.total_cost!;
    expect(total.count).toBe(12);
    expect(total.p5).toBeLessThanOrEqual(total.p95);
    const mean = costs.scenario_totals.reduce((a, s) => a + s.total_cost, 0) / 12;
    expect(total.mean).toBeCloseTo(mean, 6);
    const agg = r.aggregates as {
      id_column: string;
      groups: { entity_id: number; rows: number; columns: Record<string, unknown> }[];
    };
    expect(agg.id_column).toBe("hydro_id");
    // One hydro × 2 stages × 2 blocks × 12 scenarios.
    expect(agg.groups).toHaveLength(1);
    expect(agg.groups[0]).toMatchObject({ entity_id: 1, rows: 48 });
    expect(Object.keys(agg.groups[0]!.columns).sort()).toEqual(["generation_mw", "storage_final_hm3"]);
  });

  it("query-simulation refuses an unknown column, listing the valid ones", async () => {
    const e = failure(
      await call("cobre/query-simulation", { output_dir: outputDir, entity: "thermals", columns: ["nope"] }),
    );
    expect(e.kind).toBe("InvalidArguments");
    expect(e.suggestion).toContain("generation_mw");
  });

  it("compare-runs finds a run identical to itself", async () => {
    const r = data(await call("cobre/compare-runs", { output_a: outputDir, output_b: outputDir }));
    expect(r.verdict).toBe("identical");
  });

  it("serves the run's metadata and manifests as resources", async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.name)).toEqual(expect.arrayContaining([`metadata of ${outputDir}`]));
    const uri = `cobre://output/metadata?dir=${encodeURIComponent(outputDir)}`;
    const read = await client.readResource({ uri });
    const first = read.contents[0];
    const text = first !== undefined && "text" in first ? String(first.text) : "";
    expect(JSON.parse(text).data_integrity.input_hash).toMatch(/^sha256:/);
    const manifest = await client.readResource({
      uri: `cobre://output/simulation-manifest?dir=${encodeURIComponent(outputDir)}`,
    });
    expect(manifest.contents).toHaveLength(1);
    await expect(
      client.readResource({ uri: `cobre://output/metadata?dir=${encodeURIComponent(repoRoot)}` }),
    ).rejects.toThrow(/outside/);
  });

  it("refuses paths outside the roots: absolute, `..`, and symbolic links", async () => {
    const outside = path.join(repoRoot, "examples/hydro-tiny");
    const e = failure(await call("cobre/validate-case", { case_dir: outside }));
    expect(e.kind).toBe("PathNotAllowed");
    expect(e.context.roots).toEqual([root]);
    expect(failure(await call("cobre/query-convergence", { output_dir: path.join(root, "..", "..") })).kind).toBe(
      "PathNotAllowed",
    );
    const link = path.join(root, "link");
    symlinkSync(path.dirname(outside), link);
    expect(failure(await call("cobre/validate-case", { case_dir: path.join(link, "hydro-tiny") })).kind).toBe(
      "PathNotAllowed",
    );
    expect(
      failure(await call("cobre/run-study", { case_dir: caseDir, output_dir: path.join(link, "new-out") })).kind,
    ).toBe("PathNotAllowed");
    expect(failure(await call("cobre/compare-runs", { output_a: outputDir, output_b: outside })).kind).toBe(
      "PathNotAllowed",
    );
  });

  it("reports an invalid case and bad arguments as tool errors", async () => {
    const empty = path.join(root, "empty-case");
    mkdirSync(empty);
    const e = failure(await call("cobre/run-study", { case_dir: empty }));
    expect(e.kind).toBe("InvalidCase");
    const bad = await call("cobre/run-study", { case_dir: caseDir, threads: 0 });
    expect(bad.isError).toBe(true);
  });
});
