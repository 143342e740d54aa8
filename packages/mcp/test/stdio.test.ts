/**
 * `cobre-mcp` as a process on stdio, driven by the SDK's own client: stdout carries only
 * the protocol, a study runs to completion in the background, and --root confines paths.
 *
 * The server is the built bin (`dist/bin.js`) when it exists — CI builds before testing —
 * and otherwise the sources through tsx; in CI a missing build is an error, not a fallback.
 */
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { d02SingleHydro, referenceCaseRoot, repoRoot } from "./fixtures";

const builtBin = path.join(repoRoot, "packages/mcp/dist/bin.js");
const sourceBin = path.join(repoRoot, "packages/mcp/src/bin.ts");
/** Analytic optimum of d02 (Cobre's deterministic suite). */
const D02_OPTIMUM = 23635000 / 9;

/** How to start `cobre-mcp --root <root>`: the built bin, or the sources when not built. */
function serverCommand(root: string): { args: string[]; built: boolean } {
  if (existsSync(builtBin)) return { args: [builtBin, "--root", root], built: true };
  if (process.env.CI === "true") {
    throw new Error(`${builtBin} is missing: CI must run \`pnpm build\` before the tests`);
  }
  return { args: ["--conditions=@cobre/source", "--import", "tsx", sourceBin, "--root", root], built: false };
}

/**
 * How long the study may take before the test fails with the server's stderr. The test's
 * own timeout leaves room for it plus the server start and the other calls, so a slow
 * run fails here with a message rather than as an anonymous test timeout.
 */
const RUN_DEADLINE_MS = 60_000;
const TEST_TIMEOUT_MS = RUN_DEADLINE_MS + 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("cobre-mcp on stdio", () => {
  it(
    "lists tools, validates a case, runs a study to completion, queries convergence, refuses paths outside --root",
    async () => {
      const { root, caseDir } = referenceCaseRoot();
      cleanups.push(() => rmSync(root, { recursive: true, force: true }));
      const { args } = serverCommand(root);
      const transport = new StdioClientTransport({
        command: process.execPath,
        args,
        cwd: repoRoot,
        stderr: "pipe",
      });
      // The server logs to stderr only; keep it for failure messages (and keep the pipe drained).
      let stderr = "";
      transport.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const client = new Client({ name: "stdio-test", version: "0.0.0" });
      await client.connect(transport);
      cleanups.push(() => client.close());

      const call = async (name: string, args: Record<string, unknown>) =>
        (await client.callTool({ name, arguments: args })) as CallToolResult;
      const data = (r: CallToolResult): Record<string, unknown> => {
        expect(r.isError ?? false, `${JSON.stringify(r.content)}\nstderr:\n${stderr}`).toBe(false);
        return r.structuredContent as Record<string, unknown>;
      };

      // tools/list: all six tools.
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([
        "cobre/compare-runs",
        "cobre/query-convergence",
        "cobre/query-simulation",
        "cobre/run-status",
        "cobre/run-study",
        "cobre/validate-case",
      ]);

      // validate-case: d02 is valid.
      expect(data(await call("cobre/validate-case", { case_dir: caseDir }))).toMatchObject({ valid: true });

      // run-study returns a run id at once; run-status is polled until the run is done.
      const outputDir = path.join(root, "out");
      const started = data(await call("cobre/run-study", { case_dir: caseDir, output_dir: outputDir, threads: 1 }));
      const runId = String(started.run_id);
      expect(runId).not.toBe("");
      const deadline = Date.now() + RUN_DEADLINE_MS;
      let status = data(await call("cobre/run-status", { run_id: runId }));
      while (status.done !== true && status.failed !== true) {
        expect(
          Date.now(),
          `run ${runId} still ${String(status.phase)} after ${RUN_DEADLINE_MS / 1000} s\nstderr:\n${stderr}`,
        ).toBeLessThan(deadline);
        await sleep(100);
        status = data(await call("cobre/run-status", { run_id: runId }));
      }
      expect(status, JSON.stringify(status.error)).toMatchObject({
        phase: "done",
        done: true,
        failed: false,
        output_dir: outputDir,
        iteration: 10,
        termination_reason: "iteration_limit",
      });
      expect(Math.abs(Number(status.lower_bound) - D02_OPTIMUM)).toBeLessThan(1e-3);

      // query-convergence: one row per iteration, the last one carrying the final lower bound.
      const convergence = data(await call("cobre/query-convergence", { output_dir: outputDir }));
      const rows = convergence.rows as { iteration: number; lower_bound: number }[];
      expect(convergence.count).toBe(10);
      expect(rows.map((r) => r.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(rows.at(-1)?.lower_bound).toBe(status.lower_bound);
      expect(Math.abs((rows.at(-1)?.lower_bound ?? Number.NaN) - D02_OPTIMUM)).toBeLessThan(1e-3);

      // A path outside --root is refused with a structured error.
      const refused = await call("cobre/query-convergence", { output_dir: path.dirname(root) });
      expect(refused.isError).toBe(true);
      expect(refused.structuredContent).toMatchObject({ kind: "PathNotAllowed", context: { roots: [root] } });
      const refusedCase = await call("cobre/validate-case", { case_dir: d02SingleHydro });
      expect(refusedCase.isError).toBe(true);
      expect(refusedCase.structuredContent).toMatchObject({ kind: "PathNotAllowed" });
    },
    TEST_TIMEOUT_MS,
  );
});
