/** A worker thread that dies is reported as a structured WorkerFailed error, never a rejection. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCase } from "@cobre/io";
import { WorkerError, fromSddpError, train } from "@cobre/sddp";
import { afterEach, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));

afterEach(() => {
  delete process.env.COBRE_TEST_CRASH_WORKER;
});

describe("worker failure", () => {
  it("a worker exiting during the backward pass gives WorkerFailed with its rank and exit code", async () => {
    const loaded = await loadCase(path.resolve(here, "../../../examples/hydro-tiny"));
    if (!loaded.ok) throw new Error(loaded.error.message);
    process.env.COBRE_TEST_CRASH_WORKER = "backward";
    const r = await train(loaded.value, { numWorkers: 2 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe("WorkerFailed");
    expect(r.error.context.exitCode).toBe(3);
    expect([0, 1]).toContain(r.error.context.rank);
    expect(fromSddpError(r.error)).toBeInstanceOf(WorkerError);
  });
});
