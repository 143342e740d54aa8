/**
 * Failures that must end a process quickly and clearly, never hang: wrong credentials
 * (a worker exits 2 with the server's refusal; a run returns AuthenticationFailed), no
 * worker at all (NoWorkers within the wait, also from `cobre run --cluster`), and an
 * unreachable server.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { loadCase } from "@cobre/io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainOnCluster } from "@cobre/cluster";
import {
  type NatsServer,
  cobreArgv,
  natsAvailable,
  repoRoot,
  startNats,
  startWorker,
  stopAll,
} from "./support/cluster-fixture";

const haveNats = natsAvailable();
const example = path.join(repoRoot, "examples/hydro-tiny");

describe.skipIf(!haveNats)("cluster failures", () => {
  let nats: NatsServer;
  beforeAll(async () => {
    nats = await startNats();
  }, 120_000);
  afterAll(stopAll);

  it("a worker with a wrong password exits with code 2 and says the server refused it", async () => {
    const w = startWorker(`nats://cobre:wrong@127.0.0.1:${nats.port}`, 1);
    const started = performance.now();
    const { code } = await w.exited;
    expect(code).toBe(2);
    expect(performance.now() - started).toBeLessThan(60_000); // process start included, on a loaded machine
    expect(w.log()).toMatch(/AuthenticationFailed/);
    expect(w.log()).toMatch(/refused the credentials/);
    expect(w.log()).not.toMatch(/wrong/); // the password is never echoed
  }, 120_000);

  it("a worker without credentials on a server that requires them is refused the same way", async () => {
    const w = startWorker(nats.bareUrl, 1);
    expect((await w.exited).code).toBe(2);
    expect(w.log()).toMatch(/AuthenticationFailed/);
  }, 120_000);

  it.each([
    ["flags", (n: NatsServer) => startWorker(n.bareUrl, 1, ["--user", n.user, "--password", n.password])],
    [
      "the environment",
      (n: NatsServer) => startWorker(n.bareUrl, 1, [], { COBRE_NATS_USER: n.user, COBRE_NATS_PASSWORD: n.password }),
    ],
  ])(
    "credentials from %s are accepted: the worker starts, and stops with code 0 on SIGTERM",
    async (_, start) => {
      const w = start(nats);
      await w.waitFor(/ready/);
      w.process.kill("SIGTERM");
      expect((await w.exited).code).toBe(0);
    },
    30_000,
  );

  it("a run with wrong credentials returns AuthenticationFailed", async () => {
    const c = await loadCase(example);
    if (!c.ok) throw new Error(c.error.message);
    const r = await trainOnCluster(c.value, { cluster: { url: `nats://cobre:nope@127.0.0.1:${nats.port}` } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("AuthenticationFailed");
  }, 120_000);

  it("no worker: the run fails with NoWorkers within the wait", async () => {
    const c = await loadCase(example);
    if (!c.ok) throw new Error(c.error.message);
    const started = performance.now();
    const r = await trainOnCluster(c.value, { cluster: { url: nats.url, workerWaitMs: 1500 } });
    const elapsed = performance.now() - started;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe("NoWorkers");
      expect(r.error.message).not.toContain(nats.password);
    }
    expect(elapsed).toBeGreaterThanOrEqual(1500);
    expect(elapsed).toBeLessThan(15_000);
  }, 120_000);

  it("no worker: `cobre run --cluster` exits with code 2 and a NoWorkers message", () => {
    const r = spawnSync(
      process.execPath,
      [
        ...cobreArgv(),
        "run",
        example,
        "--output",
        path.join(repoRoot, "node_modules/.cache/cobre-noworkers"),
        "--cluster",
        nats.url,
        "--cluster-wait",
        "1",
      ],
      { cwd: repoRoot, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/NoWorkers/);
    expect(r.stderr).toMatch(/cobre worker --cluster/);
  }, 70_000);

  it("an unreachable server is ConnectionFailed, at once", async () => {
    const c = await loadCase(example);
    if (!c.ok) throw new Error(c.error.message);
    const started = performance.now();
    // A port nobody listens on: the server's, after it stops, would race; use port 1.
    const r = await trainOnCluster(c.value, { cluster: { url: "nats://127.0.0.1:1" } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("ConnectionFailed");
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 120_000);
});
