/**
 * The coordinator's side: a `TaskPool` that the engine's own `PiscinaExecutor` drives
 * (so the engine still builds the tasks and merges the replies), whose tasks run on the
 * worker processes of a NATS cluster instead of local threads.
 *
 * Each executor (one training or one simulation) is a session. Before the tasks of a
 * phase go out, the session publishes a new state version (the delta of its training
 * state since the last phase); each task names the version it needs and workers pull
 * the missing deltas in order. A result carries the task's reply (serialized as is,
 * whatever fields it has) and the bytes the task wrote in the state's work areas,
 * written into the coordinator's state before the engine reads them.
 *
 * Faults: a task without a message (workers send a heartbeat every second) for
 * `stallMs` is sent again; the first complete answer wins, later ones are dropped
 * (every task is deterministic, so all answers are the same). No worker at all for
 * `workerWaitMs` fails the run with `NoWorkers`.
 */
import { deserialize, serialize } from "node:v8";
import type { Case } from "@cobre/core";
import { type Msg, type NatsConnection, type Subscription, headers, nuid } from "@nats-io/nats-core";
import {
  type ExecutorFactory,
  PiscinaExecutor,
  type TaskPool,
  type TrainingState,
  type WorkerTask,
} from "@cobre/sddp/internal";
import { packCase, publishCase } from "./case-store";
import { Reassembler, partSize, publishChunked } from "./chunks";
import type { ClusterOptions } from "./connection";
import { type ClusterError, ClusterFailure, clusterError } from "./errors";
import {
  type FetchRequest,
  Header,
  PROTOCOL_VERSION,
  type SessionDescriptor,
  type Subjects,
  HEARTBEAT_MS,
  type WorkerHeartbeat,
  subjects,
} from "./protocol";
import { type Patch, StatePublisher, applyPatches, buffersOf, layoutOf, patchBytes, workAreasOf } from "./state-sync";

/** Message counts and sizes of a coordinator (for the benchmark). */
export interface ClusterMetrics {
  tasks: number;
  resends: number;
  /** Task payloads sent, bytes. */
  taskBytes: number;
  /** Result payloads received (replies and written state), bytes. */
  resultBytes: number;
  /** State deltas served to workers, bytes. */
  syncBytes: number;
  /** Sum over tasks of (round trip − the worker's time on the task), µs. */
  overheadUs: number;
  /** Sum over tasks of the worker's time on the task, µs. */
  serviceUs: number;
  /** Per task (the first 100,000): round trip − the worker's time on it, µs. */
  overheadSamplesUs: number[];
}

function emptyMetrics(): ClusterMetrics {
  return {
    tasks: 0,
    resends: 0,
    taskBytes: 0,
    resultBytes: 0,
    syncBytes: 0,
    overheadUs: 0,
    serviceUs: 0,
    overheadSamplesUs: [],
  };
}

/** Workers seen on the heartbeat subject, with when they were last heard. */
class Presence {
  private readonly seen = new Map<string, { hb: WorkerHeartbeat; at: number }>();
  private readonly since = performance.now();
  private readonly sub: Subscription;

  constructor(nc: NatsConnection, subject: string) {
    this.sub = nc.subscribe(subject, {
      callback: (e, m) => {
        if (e !== null) return;
        try {
          const hb = m.json<WorkerHeartbeat>();
          this.seen.set(hb.id, { hb, at: performance.now() });
        } catch {
          // Not a heartbeat: ignore.
        }
      },
    });
  }

  /** Workers heard within the last `windowMs`. */
  alive(windowMs = 3500): WorkerHeartbeat[] {
    const now = performance.now();
    return [...this.seen.values()].filter((w) => now - w.at <= windowMs).map((w) => w.hb);
  }

  /**
   * Waits (bounded) until at least one worker is alive and every worker has had time to
   * send a heartbeat since we listen (so the thread count counts them all); returns them.
   */
  async waitForWorkers(timeoutMs: number): Promise<WorkerHeartbeat[]> {
    const until = performance.now() + timeoutMs;
    for (;;) {
      const alive = this.alive();
      const heardAll = performance.now() - this.since >= 1.5 * HEARTBEAT_MS;
      if ((alive.length > 0 && heardAll) || performance.now() >= until) return alive;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  close(): void {
    this.sub.unsubscribe();
  }
}

interface Pending {
  readonly id: number;
  readonly version: number;
  readonly payload: Uint8Array;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  attempt: number;
  timer: NodeJS.Timeout | undefined;
  sentAt: number;
  /** A worker has acknowledged the current attempt. */
  taken: boolean;
  /** The next send retries after "no responders" (not a lost attempt). */
  retryingNoResponders: boolean;
  /** When the last worker heard of was seen, to bound the wait for a free one. */
  noRespondersSince: number | undefined;
}

/** A connection to the cluster on the coordinator's side: opens one session per executor. */
export class ClusterCoordinator {
  readonly runId = nuid.next();
  readonly metrics = emptyMetrics();
  /** The first fatal cluster error of the run (the engine only sees a failed worker). */
  failure: ClusterError | undefined;
  private readonly presence: Presence;
  private readonly subjects: Subjects;
  private sessions = 0;

  constructor(
    readonly nc: NatsConnection,
    readonly options: ClusterOptions,
  ) {
    this.subjects = subjects(options.prefix ?? "cobre");
    this.presence = new Presence(nc, this.subjects.heartbeat);
  }

  /** The `executor` option of `train`, `simulate` and `runStudy`. */
  executorFactory(): ExecutorFactory {
    return async (c: Case, state: TrainingState) => {
      const session = new ClusterSession(this, `${this.runId}-${++this.sessions}`, c, state, this.subjects);
      const threads = await session.start(this.presence);
      return new PiscinaExecutor(threads, c, state, session);
    };
  }

  fail(e: ClusterError): ClusterFailure {
    this.failure ??= e;
    return new ClusterFailure(e);
  }

  /** Workers alive now. */
  workers(): WorkerHeartbeat[] {
    return this.presence.alive();
  }

  async close(): Promise<void> {
    this.presence.close();
    await this.nc.drain().catch(() => {});
  }
}

class ClusterSession implements TaskPool {
  private readonly publisher: StatePublisher;
  private readonly buffers: (ArrayBuffer | SharedArrayBuffer)[];
  private readonly work: boolean[];
  private readonly layout: unknown;
  private readonly pending = new Map<number, Pending>();
  private readonly blobs = new Map<number, Uint8Array>();
  private readonly parts = new Reassembler();
  private readonly subs: Subscription[] = [];
  private caseHash = "";
  private seq = 0;
  private fresh = false;
  private closed = false;
  private readonly stallMs: number;
  private readonly maxAttempts: number;
  private readonly workerWaitMs: number;

  constructor(
    private readonly owner: ClusterCoordinator,
    readonly id: string,
    private readonly c: Case,
    state: TrainingState,
    private readonly subjects: Subjects,
  ) {
    this.publisher = new StatePublisher(state.buffers);
    this.buffers = buffersOf(state.buffers);
    this.layout = layoutOf(state.buffers);
    this.work = workAreasOf(this.layout);
    this.stallMs = owner.options.stallMs ?? 10_000;
    this.maxAttempts = owner.options.maxAttempts ?? 5;
    this.workerWaitMs = owner.options.workerWaitMs ?? 30_000;
  }

  private get nc(): NatsConnection {
    return this.owner.nc;
  }

  /** Uploads the case, starts serving fetches, waits for workers; returns their thread count. */
  async start(presence: Presence): Promise<number> {
    const packed = packCase(this.c);
    this.caseHash = packed.hash;
    const bucket = `${this.owner.options.prefix ?? "cobre"}-cases`;
    const stored = await publishCase(this.nc, bucket, packed);
    if (!stored.ok) throw this.owner.fail(stored.error);
    this.subs.push(
      this.nc.subscribe(this.subjects.fetch(this.id), {
        callback: (e, m) => {
          if (e === null) this.serve(m, bucket);
        },
      }),
      this.nc.subscribe(this.subjects.replies(this.id), {
        callback: (e, m) => {
          if (e === null) this.onReply(m);
        },
      }),
    );
    const workers = await presence.waitForWorkers(this.workerWaitMs);
    if (workers.length === 0) {
      throw this.owner.fail(
        clusterError(
          "NoWorkers",
          `no worker answered on ${this.owner.options.url.replace(/\/\/[^@]*@/, "//")} within ${this.workerWaitMs / 1000} s`,
          { waitedMs: this.workerWaitMs },
          "Start workers with `cobre worker --cluster nats://HOST:PORT` (same server, same credentials and prefix).",
        ),
      );
    }
    this.presence = presence;
    return workers.reduce((a, w) => a + w.threads, 0);
  }

  private presence: Presence | undefined;

  /** Publishes the state delta once per synchronous batch of tasks (a phase). */
  private version(): number {
    if (!this.fresh) {
      this.publisher.update();
      this.fresh = true;
      queueMicrotask(() => {
        this.fresh = false;
      });
    }
    return this.publisher.version;
  }

  run(task: WorkerTask): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("cluster session closed"));
    const version = this.version();
    const payload = serialize(task);
    const id = ++this.seq;
    this.owner.metrics.tasks++;
    return new Promise((resolve, reject) => {
      const p: Pending = {
        id,
        version,
        payload,
        resolve,
        reject,
        attempt: 0,
        timer: undefined,
        sentAt: performance.now(),
        taken: false,
        retryingNoResponders: false,
        noRespondersSince: undefined,
      };
      this.pending.set(id, p);
      this.send(p);
    });
  }

  private send(p: Pending): void {
    if (this.closed || !this.pending.has(p.id)) return;
    p.attempt++;
    p.taken = false;
    if (p.attempt > this.maxAttempts) {
      this.settle(p);
      p.reject(
        this.owner.fail(
          clusterError(
            "TaskAbandoned",
            `a task was sent ${this.maxAttempts} times without an answer (workers dying or stalled)`,
            { task: p.id, attempts: this.maxAttempts },
            "Check the workers' logs; raise the stall timeout if tasks are long and the network slow.",
          ),
        ),
      );
      return;
    }
    if (p.attempt > 1 && !p.retryingNoResponders) {
      this.owner.metrics.resends++;
      this.owner.options.onEvent?.({ type: "resent", session: this.id, task: p.id, attempt: p.attempt });
    }
    p.retryingNoResponders = false;
    const h = headers();
    h.set(Header.run, this.id);
    h.set(Header.task, String(p.id));
    h.set(Header.attempt, String(p.attempt));
    h.set(Header.version, String(p.version));
    let body = p.payload;
    if (p.payload.length > partSize(this.nc)) {
      // Too large for one message on a queue group (parts could reach different
      // workers): the worker that takes the task pulls the payload.
      this.blobs.set(p.id, p.payload);
      h.set(Header.blob, String(p.id));
      body = new Uint8Array(0);
    }
    this.owner.metrics.taskBytes += body.length;
    p.sentAt = performance.now();
    this.nc.publish(this.subjects.tasks, body, { headers: h, reply: this.subjects.reply(this.id, p.id, p.attempt) });
    this.arm(p);
  }

  /** Re-sends the task if nothing is heard of it for `stallMs`. */
  private arm(p: Pending, ms = this.stallMs): void {
    clearTimeout(p.timer);
    p.timer = setTimeout(() => this.send(p), ms);
    p.timer.unref?.();
  }

  private settle(p: Pending): void {
    clearTimeout(p.timer);
    this.pending.delete(p.id);
    this.blobs.delete(p.id);
    this.parts.drop(`${p.id}.`);
  }

  private onReply(m: Msg): void {
    const tokens = m.subject.split(".");
    const id = Number(tokens[tokens.length - 2]);
    const attempt = Number(tokens[tokens.length - 1]);
    const p = this.pending.get(id);
    if (p === undefined) return; // answered already (a late duplicate)
    if (m.headers?.code === 503) {
      // No worker subscribed right now: all busy (they leave the queue group when full)
      // or none left. Retry shortly while workers are alive; give up after the wait.
      if (attempt !== p.attempt) return;
      const now = performance.now();
      const alive = (this.presence?.alive().length ?? 0) > 0;
      if (alive) p.noRespondersSince = undefined;
      else p.noRespondersSince ??= now;
      if (p.noRespondersSince !== undefined && now - p.noRespondersSince > this.workerWaitMs) {
        this.settle(p);
        p.reject(
          this.owner.fail(
            clusterError(
              "NoWorkers",
              `no worker left to run the tasks (waited ${this.workerWaitMs / 1000} s)`,
              { waitedMs: this.workerWaitMs },
              "Start workers with `cobre worker --cluster nats://HOST:PORT`.",
            ),
          ),
        );
        return;
      }
      clearTimeout(p.timer);
      p.attempt--; // not a lost attempt: nobody took it
      p.retryingNoResponders = true;
      p.timer = setTimeout(() => this.send(p), alive ? 20 : 250);
      return;
    }
    const kind = m.headers?.get(Header.kind) ?? "";
    if (kind === "heartbeat") {
      if (attempt === p.attempt) {
        if (!p.taken) {
          p.taken = true;
          this.owner.options.onEvent?.({
            type: "taken",
            session: this.id,
            task: id,
            worker: m.headers?.get(Header.worker) ?? "",
          });
        }
        this.arm(p);
      }
      return;
    }
    if (kind === "stale") return;
    const whole = this.parts.add(`${id}.${attempt}`, m.headers, m.data);
    if (whole === undefined) {
      this.arm(p);
      return;
    }
    this.settle(p);
    this.owner.metrics.resultBytes += whole.length;
    if (kind === "error") {
      const e = deserialize(whole) as { cluster?: ClusterError; thrown?: unknown };
      if (e.cluster !== undefined) p.reject(this.owner.fail(e.cluster));
      else if (typeof e.thrown === "object" && e.thrown !== null && "solverError" in e.thrown) p.reject(e.thrown);
      else p.reject(new Error((e.thrown as { message?: string } | undefined)?.message ?? "task failed on a worker"));
      return;
    }
    const r = deserialize(whole) as { reply: unknown; patches: Patch[] };
    applyPatches(this.buffers, r.patches, (i) => this.work[i] === true);
    this.owner.options.onEvent?.({
      type: "answered",
      session: this.id,
      task: id,
      worker: m.headers?.get(Header.worker) ?? "",
    });
    const serviceUs = Number(m.headers?.get("Cobre-Service-Us") ?? "0");
    this.owner.metrics.serviceUs += serviceUs;
    const overhead = Math.max(0, (performance.now() - p.sentAt) * 1000 - serviceUs);
    this.owner.metrics.overheadUs += overhead;
    if (this.owner.metrics.overheadSamplesUs.length < 100_000) this.owner.metrics.overheadSamplesUs.push(overhead);
    p.resolve(r.reply);
  }

  /** Answers a worker's fetch: the session, state deltas, or a large task payload. */
  private serve(m: Msg, bucket: string): void {
    if (m.reply === undefined) return;
    let body: Uint8Array;
    try {
      const req = deserialize(m.data) as FetchRequest;
      if (req.what === "session") {
        const d: SessionDescriptor = {
          protocol: PROTOCOL_VERSION,
          session: this.id,
          caseHash: this.caseHash,
          bucket,
          layout: this.layout,
        };
        body = serialize(d);
      } else if (req.what === "sync") {
        const delta = this.publisher.since(req.from, req.to);
        body = serialize(delta);
        this.owner.metrics.syncBytes += patchBytes(delta.patches);
      } else {
        const blob = this.blobs.get(req.id);
        body = serialize(blob ?? null);
      }
    } catch (e) {
      body = serialize({ error: e instanceof Error ? e.message : String(e) });
    }
    publishChunked(this.nc, m.reply, body, { [Header.run]: this.id });
  }

  async destroy(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error("cluster session closed"));
    }
    this.pending.clear();
    this.nc.publish(this.subjects.end(this.id));
    for (const s of this.subs) s.unsubscribe();
    await this.nc.flush().catch(() => {});
  }
}
