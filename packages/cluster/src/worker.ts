/**
 * A worker process: joins the queue group of the cluster and runs the tasks it takes
 * on its own Piscina pools (one single-thread `PiscinaExecutor` per slot, `threads`
 * slots), until stopped.
 *
 * Per session (one executor of one run) it downloads the case by hash, builds a
 * replica of the training state — the coordinator-owned buffers (cut pools) shared by
 * its slots, the work areas private to each slot — and pulls state deltas by version.
 * After a task it returns the bytes the task changed in its slot's work areas, then
 * restores them, so concurrent tasks never see each other's writes.
 *
 * It leaves the queue group while all its slots are busy (so the server hands tasks to
 * workers with room), sends a heartbeat to every task it holds each second, and forgets
 * a session when its coordinator ends it, when a newer one needs room, or when the
 * coordinator no longer answers: a coordinator that dies leaves the worker ready.
 */
import { deserialize, serialize } from "node:v8";
import type { Case, Result } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { type Msg, type NatsConnection, type Subscription, headers, nuid } from "@nats-io/nats-core";
import { PiscinaExecutor, TrainingState, type TrainingStateBuffers, type WorkerTask } from "@cobre/sddp/internal";
import { fetchCase } from "./case-store";
import { Reassembler, publishChunked } from "./chunks";
import { type ClusterOptions, connectCluster } from "./connection";
import { type ClusterError, clusterError } from "./errors";
import {
  type FetchRequest,
  HEARTBEAT_MS,
  Header,
  PROTOCOL_VERSION,
  QUEUE_GROUP,
  type SessionDescriptor,
  type Subjects,
  type WorkerHeartbeat,
  subjects,
} from "./protocol";
import { type Patch, applyPatch, applyPatches, materialize, takeTaskWrites, workAreasOf } from "./state-sync";

export interface WorkerOptions {
  readonly cluster: ClusterOptions;
  /** Tasks run at once (each on its own thread; default 1). */
  readonly threads?: number;
  /** Stops the worker (it finishes nothing: its running tasks are re-sent by their coordinator). */
  readonly signal?: AbortSignal;
  /** What the worker does, one line at a time (for a log). */
  readonly onEvent?: (line: string) => void;
  /** How long a fetch from the coordinator may take before the session is given up (default 30 s). */
  readonly fetchTimeoutMs?: number;
}

export interface WorkerSummary {
  readonly id: string;
  readonly tasks: number;
  readonly sessions: number;
}

/** Sessions kept at once; beyond it the least recently used idle one is closed. */
const MAX_SESSIONS = 4;
/** A session without a task for this long is closed (its coordinator is gone or done). */
const IDLE_SESSION_MS = 120_000;

/** Runs a worker until `signal` aborts (or the connection closes for good). */
export async function runWorker(options: WorkerOptions): Promise<Result<WorkerSummary, ClusterError>> {
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  if (options.signal?.aborted === true) return ok({ id: "", tasks: 0, sessions: 0 });
  // A worker outlives server restarts and network cuts: it reconnects until stopped.
  const nc = await connectCluster(options.cluster, "cobre-worker", 5000, -1);
  if (!nc.ok) return nc;
  const worker = new Worker(nc.value, options, threads);
  const summary = await worker.run();
  return ok(summary);
}

class Worker {
  readonly id = nuid.next();
  private readonly subjects: Subjects;
  private readonly sessions = new Map<string, Promise<WorkerSession | ClusterError>>();
  private readonly fetches = new Map<string, (data: Uint8Array) => void>();
  private readonly parts = new Reassembler();
  private fetchSeq = 0;
  private taskSub: Subscription | undefined;
  /** Tasks taken and not yet answered. */
  private held = 0;
  private tasks = 0;
  private sessionCount = 0;

  constructor(
    readonly nc: NatsConnection,
    private readonly options: WorkerOptions,
    private readonly threads: number,
  ) {
    this.subjects = subjects(options.cluster.prefix ?? "cobre");
  }

  private log(line: string): void {
    this.options.onEvent?.(line);
  }

  async run(): Promise<WorkerSummary> {
    const { nc } = this;
    nc.subscribe(`${this.subjects.inbox(this.id)}.>`, {
      callback: (e, m) => {
        if (e !== null) return;
        const whole = this.parts.add(m.subject, m.headers, m.data);
        if (whole !== undefined) this.fetches.get(m.subject)?.(whole);
      },
    });
    nc.subscribe(this.subjects.end("*"), {
      callback: (e, m) => {
        if (e === null) void this.dropSession(m.subject.split(".").at(-2) ?? "", "ended by its coordinator");
      },
    });
    const beat = () => {
      const hb: WorkerHeartbeat = { id: this.id, threads: this.threads, free: Math.max(0, this.threads - this.held) };
      nc.publish(this.subjects.heartbeat, JSON.stringify(hb));
    };
    beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    const sweeper = setInterval(() => void this.sweep(), 10_000);
    this.updateSubscription();
    this.log(`worker ${this.id} ready: ${this.threads} thread(s) on ${nc.getServer()}`);
    await new Promise<void>((resolve) => {
      if (this.options.signal?.aborted === true) resolve();
      this.options.signal?.addEventListener("abort", () => resolve(), { once: true });
      void nc.closed().then(() => resolve());
    });
    clearInterval(timer);
    clearInterval(sweeper);
    for (const id of [...this.sessions.keys()]) await this.dropSession(id, "worker stopping");
    await nc.drain().catch(() => {});
    return { id: this.id, tasks: this.tasks, sessions: this.sessionCount };
  }

  /** In the queue group only while a slot is free, so the server routes tasks to workers with room. */
  private updateSubscription(): void {
    if (this.nc.isClosed() || this.nc.isDraining()) return;
    const want = this.held < this.threads;
    if (want && this.taskSub === undefined) {
      this.taskSub = this.nc.subscribe(this.subjects.tasks, {
        queue: QUEUE_GROUP,
        callback: (e, m) => {
          if (e === null) void this.onTask(m);
        },
      });
    } else if (!want && this.taskSub !== undefined) {
      const sub = this.taskSub;
      this.taskSub = undefined;
      // Drain, not unsubscribe: tasks already on their way to this worker are still taken.
      void sub.drain().catch(() => {});
    }
  }

  /** Requests `req` from a coordinator's fetch subject and waits for the (chunked) answer. */
  fetch(session: string, req: FetchRequest): Promise<unknown> {
    const reply = `${this.subjects.inbox(this.id)}.${++this.fetchSeq}`;
    const timeoutMs = this.options.fetchTimeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fetches.delete(reply);
        this.parts.drop(reply);
        reject(new Error(`coordinator of ${session} did not answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.fetches.set(reply, (data) => {
        clearTimeout(timer);
        this.fetches.delete(reply);
        if (data.length === 0) reject(new Error(`coordinator of ${session} is gone`));
        else resolve(deserialize(data));
      });
      this.nc.publish(this.subjects.fetch(session), serialize(req), { reply });
    });
  }

  private session(id: string): Promise<WorkerSession | ClusterError> {
    let s = this.sessions.get(id);
    if (s === undefined) {
      s = WorkerSession.open(this, id, this.threads).then(
        (r) => (r.ok ? r.value : r.error),
        (e: unknown) =>
          clusterError("CaseTransferFailed", `could not join session ${id}: ${e instanceof Error ? e.message : e}`, {
            session: id,
          }),
      );
      this.sessions.set(id, s);
      this.sessionCount++;
      void this.makeRoom(id);
      void s.then((v) => {
        if ("kind" in v) {
          this.log(`session ${id}: ${v.message}`);
          // Forget the failure after a while (the coordinator may be retrying).
          setTimeout(() => {
            if (this.sessions.get(id) === s) this.sessions.delete(id);
          }, 5000).unref();
        } else this.log(`session ${id}: joined (case ${v.caseHash.slice(0, 12)})`);
      });
    }
    return s;
  }

  /**
   * Closes idle sessions beyond MAX_SESSIONS, least recently used first (a coordinator
   * that died leaves its session here). A busy session is never closed under its tasks;
   * one closed while its coordinator still runs is rejoined at its next task.
   */
  private async makeRoom(keep: string): Promise<void> {
    const live: { id: string; s: WorkerSession }[] = [];
    for (const [id, p] of this.sessions) {
      const v = await p;
      if (!("kind" in v) && id !== keep) live.push({ id, s: v });
    }
    live.sort((a, b) => a.s.lastUsed - b.s.lastUsed);
    let excess = this.sessions.size - MAX_SESSIONS;
    for (const { id, s } of live) {
      if (excess <= 0) break;
      if (s.idle) {
        excess--;
        await this.dropSession(id, "room for a newer session");
      }
    }
  }

  /** Closes sessions that have had no task for IDLE_SESSION_MS. */
  async sweep(): Promise<void> {
    const now = performance.now();
    for (const [id, p] of [...this.sessions]) {
      const v = await p;
      if (!("kind" in v) && v.idle && now - v.lastUsed > IDLE_SESSION_MS) await this.dropSession(id, "idle");
    }
  }

  private async dropSession(id: string, why: string): Promise<void> {
    const s = this.sessions.get(id);
    if (s === undefined) return;
    this.sessions.delete(id);
    const v = await s;
    if (!("kind" in v)) {
      await v.close();
      this.log(`session ${id}: closed (${why})`);
    }
  }

  private async onTask(m: Msg): Promise<void> {
    const h = m.headers;
    const session = h?.get(Header.run) ?? "";
    const reply = m.reply;
    if (session === "" || reply === undefined) return;
    this.held++;
    this.tasks++;
    this.updateSubscription();
    const fields = { [Header.run]: session, [Header.worker]: this.id };
    const heartbeat = () => {
      const hb = headers();
      hb.set(Header.run, session);
      hb.set(Header.kind, "heartbeat");
      hb.set(Header.worker, this.id);
      this.nc.publish(reply, new Uint8Array(0), { headers: hb });
    };
    heartbeat();
    const timer = setInterval(heartbeat, HEARTBEAT_MS);
    try {
      const s = await this.session(session);
      if ("kind" in s) {
        publishChunked(this.nc, reply, serialize({ cluster: s }), { ...fields, [Header.kind]: "error" });
        return;
      }
      const version = Number(h?.get(Header.version) ?? "0");
      const blob = h?.get(Header.blob) ?? "";
      const task = (
        blob === "" ? deserialize(m.data) : await this.fetch(session, { what: "blob", id: Number(blob) })
      ) as WorkerTask | null;
      if (task === null) return; // the coordinator no longer has it: already answered
      const started = performance.now();
      const out = await s.run(task, version);
      if (out === "stale") {
        this.nc.publish(reply, new Uint8Array(0), { headers: kindHeaders(session, "stale") });
        return;
      }
      const serviceUs = Math.round((performance.now() - started) * 1000);
      if ("thrown" in out) {
        publishChunked(this.nc, reply, serialize({ thrown: out.thrown }), { ...fields, [Header.kind]: "error" });
        return;
      }
      publishChunked(this.nc, reply, serialize(out), {
        ...fields,
        [Header.kind]: "result",
        "Cobre-Service-Us": String(serviceUs),
      });
    } catch (e) {
      // The coordinator is gone or the session broke: nobody waits for this answer.
      this.log(`session ${session}: task dropped (${e instanceof Error ? e.message : String(e)})`);
      if (/did not answer|is gone/.test(e instanceof Error ? e.message : ""))
        void this.dropSession(session, "coordinator gone");
    } finally {
      clearInterval(timer);
      this.held--;
      this.updateSubscription();
    }
  }
}

function kindHeaders(session: string, kind: string) {
  const h = headers();
  h.set(Header.run, session);
  h.set(Header.kind, kind);
  return h;
}

interface Slot {
  readonly executor: PiscinaExecutor;
  /** This slot's copies of the work areas (index → buffer, in walk order). */
  readonly buffers: (ArrayBuffer | SharedArrayBuffer)[];
  busy: boolean;
}

/** One session on this worker: its case, its state replica and its slots. */
class WorkerSession {
  private version = 0;
  private target = 0;
  /** When a task last started or ended here (performance.now()). */
  lastUsed = performance.now();
  private syncing: Promise<void> | undefined;
  private running = 0;
  private drained: (() => void)[] = [];
  private waiting: ((slot: Slot) => void)[] = [];

  private constructor(
    private readonly worker: Worker,
    readonly id: string,
    readonly caseHash: string,
    private readonly shared: (ArrayBuffer | SharedArrayBuffer | undefined)[],
    private readonly baseline: (Uint8Array | undefined)[],
    private readonly work: boolean[],
    private readonly slots: Slot[],
  ) {}

  static async open(worker: Worker, id: string, threads: number): Promise<Result<WorkerSession, ClusterError>> {
    const d = (await worker.fetch(id, { what: "session" })) as SessionDescriptor;
    if (d.protocol !== PROTOCOL_VERSION) {
      return err(
        clusterError(
          "InvalidClusterOptions",
          `the coordinator speaks protocol ${d.protocol}, this worker ${PROTOCOL_VERSION}`,
          { coordinator: d.protocol, worker: PROTOCOL_VERSION },
          "Run the same Cobre version on the coordinator and the workers.",
        ),
      );
    }
    const c = await caseOf(worker.nc, d.bucket, d.caseHash);
    if (!c.ok) return c;
    const work = workAreasOf(d.layout);
    const shared: (ArrayBuffer | SharedArrayBuffer | undefined)[] = [];
    const baseline: (Uint8Array | undefined)[] = [];
    materialize(d.layout, (i, bytes, isWork) => {
      shared[i] = isWork ? undefined : new SharedArrayBuffer(bytes);
      baseline[i] = isWork ? new Uint8Array(bytes) : undefined;
      return new ArrayBuffer(0);
    });
    const slots: Slot[] = [];
    for (let k = 0; k < threads; k++) {
      const buffers: (ArrayBuffer | SharedArrayBuffer)[] = [];
      const b = materialize(d.layout, (i, bytes, isWork) => {
        const buf = isWork ? new SharedArrayBuffer(bytes) : shared[i]!;
        buffers[i] = buf;
        return buf;
      }) as TrainingStateBuffers;
      const state = TrainingState.fromBuffers(b);
      slots.push({ executor: new PiscinaExecutor(1, c.value, state), buffers, busy: false });
    }
    return ok(new WorkerSession(worker, id, d.caseHash, shared, baseline, work, slots));
  }

  /**
   * Runs a task needing state `version`: older than this replica → "stale" (a
   * duplicate its coordinator no longer waits for); newer → pull the deltas first.
   */
  async run(
    task: WorkerTask,
    version: number,
  ): Promise<"stale" | { reply: unknown; patches: Patch[] } | { thrown: unknown }> {
    if (version < Math.max(this.version, this.target)) return "stale";
    if (version > this.version) {
      if (this.syncing === undefined || version > this.target) {
        this.target = version;
        // One pull at a time, in version order.
        const syncing: Promise<void> = (this.syncing ?? Promise.resolve())
          .catch(() => {})
          .then(() => this.sync(version))
          .finally(() => {
            if (this.syncing === syncing) this.syncing = undefined;
          });
        this.syncing = syncing;
      }
      await this.syncing;
      if (version !== this.version) return "stale";
    }
    const slot = await this.acquire();
    try {
      let reply: unknown;
      try {
        reply = await slot.executor.run(task, 0);
      } catch (e) {
        return { thrown: plain(e) };
      }
      // What the task wrote: its slot's work areas against the version's baseline; then
      // put them back so the next task on this slot starts from the same bytes.
      return { reply, patches: takeTaskWrites(this.work, slot.buffers, this.baseline) };
    } finally {
      this.release(slot);
    }
  }

  private async sync(version: number): Promise<void> {
    if (this.version >= version) return;
    // Tasks of an older version still running are duplicates nobody waits for; let them
    // finish before their buffers change under them.
    if (this.running > 0) await new Promise<void>((r) => this.drained.push(r));
    const delta = (await this.worker.fetch(this.id, { what: "sync", from: this.version, to: version })) as
      | { reset: boolean; patches: Patch[] }
      | { error: string };
    if ("error" in delta) throw new Error(delta.error);
    if (delta.reset) {
      for (const b of this.shared) if (b !== undefined) new Uint8Array(b).fill(0);
      for (const b of this.baseline) b?.fill(0);
      for (const s of this.slots)
        s.buffers.forEach((b, i) => {
          if (this.work[i]) new Uint8Array(b).fill(0);
        });
    }
    applyPatches(this.shared as (ArrayBuffer | SharedArrayBuffer)[], delta.patches, (i) => !this.work[i]);
    for (const p of delta.patches) if (this.work[p.buffer]) applyPatch(this.baseline[p.buffer]!, p);
    for (const s of this.slots) applyPatches(s.buffers, delta.patches, (i) => this.work[i] === true);
    this.version = version;
  }

  /** No task queued or running. */
  get idle(): boolean {
    return this.running === 0 && this.syncing === undefined;
  }

  private acquire(): Promise<Slot> {
    this.running++;
    this.lastUsed = performance.now();
    const free = this.slots.find((s) => !s.busy);
    if (free !== undefined) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((r) => this.waiting.push(r));
  }

  private release(slot: Slot): void {
    this.running--;
    this.lastUsed = performance.now();
    const next = this.waiting.shift();
    if (next !== undefined) next(slot);
    else slot.busy = false;
    if (this.running === 0) for (const r of this.drained.splice(0)) r();
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.executor.close()));
  }
}

/** Cases by hash, so a worker downloads each once (the last few kept). */
const cases = new Map<string, Promise<Result<Case, ClusterError>>>();

function caseOf(nc: NatsConnection, bucket: string, hash: string): Promise<Result<Case, ClusterError>> {
  let c = cases.get(hash);
  if (c === undefined) {
    c = fetchCase(nc, bucket, hash);
    cases.set(hash, c);
    void c.then((r) => {
      if (!r.ok) cases.delete(hash);
    });
    while (cases.size > 2) cases.delete(cases.keys().next().value!);
  }
  return c;
}

/** A thrown value as data that survives serialization (solver errors keep their fields). */
function plain(e: unknown): unknown {
  if (typeof e === "object" && e !== null && "solverError" in e)
    return { ...e, message: (e as unknown as Error).message };
  return { message: e instanceof Error ? e.message : String(e) };
}
