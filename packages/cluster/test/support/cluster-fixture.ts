/**
 * Test fixtures: a nats-server with credentials and JetStream on 127.0.0.1 (a free port,
 * a temp store), and `cobre worker` processes started from the sources. Everything
 * started here is killed by `stopAll()` (each test file calls it in afterAll).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../../..");
const sourceCli = path.join(repoRoot, "packages/cli/src/cli.ts");
const builtCli = path.join(repoRoot, "packages/cli/dist/cli.js");

/**
 * How to start `cobre`: the built bin in CI (which builds first; its worker threads then
 * load plain JavaScript, much faster to start), the sources through tsx otherwise.
 */
export function cobreArgv(): string[] {
  if (process.env.CI === "true" && existsSync(builtCli)) return [builtCli];
  return ["--conditions=@cobre/source", "--import", "tsx", sourceCli];
}

const children = new Set<ChildProcess>();
const dirs: string[] = [];

/** nats-server on PATH or where Debian puts it; undefined when not installed. */
function natsServerBinary(): string | undefined {
  for (const candidate of ["nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server"]) {
    const r = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

/**
 * Whether the cluster tests can run here: a nats-server is installed. CI must have one
 * (`.ci/run` installs it), so there a missing server fails the file instead of skipping it.
 */
export function natsAvailable(): boolean {
  const found = natsServerBinary() !== undefined;
  if (!found && process.env.CI === "true") throw new Error("CI must install nats-server (see .ci/run)");
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface NatsServer {
  readonly port: number;
  /** URL with the right credentials. */
  readonly url: string;
  /** URL without credentials. */
  readonly bareUrl: string;
  readonly user: string;
  readonly password: string;
  readonly process: ChildProcess;
}

/** Starts nats-server with a user/password, JetStream and a small max_payload (to exercise chunking). */
export async function startNats(options: { maxPayload?: number; pingIntervalS?: number } = {}): Promise<NatsServer> {
  const bin = natsServerBinary();
  if (bin === undefined) throw new Error("nats-server is not installed (apt-get install nats-server)");
  const dir = mkdtempSync(path.join(tmpdir(), "cobre-nats-"));
  dirs.push(dir);
  const port = await freePort();
  const user = "cobre";
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const conf = path.join(dir, "nats.conf");
  writeFileSync(
    conf,
    [
      "host: 127.0.0.1",
      `port: ${port}`,
      `max_payload: ${options.maxPayload ?? 1048576}`,
      // A client that stops answering pings (a hung worker) is dropped, and with it its
      // place in the queue group, after ping_max missed pings.
      `ping_interval: "${options.pingIntervalS ?? 120}s"`,
      "ping_max: 2",
      `authorization { user: "${user}", password: "${password}" }`,
      `jetstream { store_dir: "${path.join(dir, "js")}", max_memory_store: 64MB, max_file_store: 256MB }`,
    ].join("\n"),
  );
  const proc = spawn(bin, ["-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
  children.add(proc);
  proc.on("exit", () => children.delete(proc));
  let log = "";
  proc.stderr?.setEncoding("utf8");
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nats-server did not start within 10 s:\n${log}`)), 10_000);
    proc.stderr?.on("data", (d: string) => {
      log += d;
      if (/Server is ready/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited (${code}):\n${log}`));
    });
  });
  return {
    port,
    url: `nats://${user}:${password}@127.0.0.1:${port}`,
    bareUrl: `nats://127.0.0.1:${port}`,
    user,
    password,
    process: proc,
  };
}

export interface WorkerProcess {
  readonly process: ChildProcess;
  /** Everything the worker wrote on stderr so far. */
  log(): string;
  /** Resolves when the worker has printed `pattern` (bounded by `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `cobre worker --cluster URL --threads N` from the sources. */
export function startWorker(
  url: string,
  threads = 1,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = {},
): WorkerProcess {
  const proc = spawn(
    process.execPath,
    [...cobreArgv(), "worker", "--cluster", url, "--threads", String(threads), ...extra],
    { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", ...env } },
  );
  children.add(proc);
  let log = "";
  proc.stderr?.setEncoding("utf8");
  proc.stdout?.setEncoding("utf8");
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (d: string) => {
    log += d;
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(log)) w.resolve();
      else waiters.push(w);
    }
  };
  proc.stderr?.on("data", onData);
  proc.stdout?.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on("exit", (code, signal) => {
      children.delete(proc);
      resolve({ code, signal });
    }),
  );
  return {
    process: proc,
    log: () => log,
    exited,
    waitFor: (pattern, timeoutMs = 120_000) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(log)) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`worker did not print ${pattern} within ${timeoutMs} ms:\n${log}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
  };
}

/** Kills every process started here and removes the temp folders. */
export async function stopAll(): Promise<void> {
  const exits = [...children].map(
    (c) =>
      new Promise<void>((resolve) => {
        if (c.exitCode !== null || c.signalCode !== null) return resolve();
        c.once("exit", () => resolve());
        c.kill("SIGKILL");
      }),
  );
  await Promise.all(exits);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
