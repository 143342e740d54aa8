/**
 * The training state between machines, generically: whatever buffers the engine's
 * `TrainingStateBuffers` holds (cut pools, trial states, backward outputs — and any
 * buffer added later) are found by walking the object, so this file names no field.
 *
 * - A layout describes the shape (numbers kept, each buffer replaced by its size), from
 *   which a worker builds an identical, zero-filled replica.
 * - The coordinator publishes versions: at each phase it diffs its state against the
 *   copy it last published and logs the changed byte ranges; a worker at version v
 *   pulls the ranges of versions v+1..w and applies them in order, so every replica
 *   sees cuts and trial states in the same, canonical order.
 * - Buffers reached through a nested record (the cut pools) are written by the
 *   coordinator alone (except the records named in TASK_WRITTEN_RECORDS); workers share
 *   one copy of them. Buffers at the top level or in a top-level list (trial states,
 *   costs, backward outputs) and those of TASK_WRITTEN_RECORDS (the basis store) are
 *   work areas that tasks write: each worker slot has its own, and returns exactly the
 *   bytes a task changed in them (never the unchanged bytes between two changes: the
 *   tasks of a phase write interleaved bytes of one buffer, and the coordinator applies
 *   their patches in arrival order). The coordinator's own writes to work areas (the
 *   policy basis copied after an iteration, bases loaded at a resume) travel in its
 *   versions like any other change.
 */

/**
 * A changed byte range of the `buffer`-th buffer (in walk order), from `offset`.
 *
 * Without `mask`, `bytes` is the whole range. With `mask` (a task's writes), bit k of
 * `mask` (byte k >> 3, bit k & 7) says whether byte `offset + k` was written, and `bytes`
 * holds only those bytes, in order: the bytes in between are another task's to write in
 * the same phase (the basis store interleaves forward slots: a scenario's `rows` and
 * `iterations` entries are 4 × slots bytes apart), so a patch must not carry them.
 */
export interface Patch {
  readonly buffer: number;
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly mask?: Uint8Array;
}

interface BufferMark {
  readonly $bytes: number;
  /** True for work areas written by tasks (top level or in a top-level list). */
  readonly $work: boolean;
}

function isBuffer(x: unknown): x is ArrayBuffer | SharedArrayBuffer {
  return x instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && x instanceof SharedArrayBuffer);
}

function isMark(x: unknown): x is BufferMark {
  return typeof x === "object" && x !== null && "$bytes" in x;
}

/** The shape of a state: buffers replaced by their size, everything else kept. */
export function layoutOf(state: unknown): unknown {
  const walk = (x: unknown, depth: number, inRecord: boolean, key: string): unknown => {
    if (isBuffer(x)) return { $bytes: x.byteLength, $work: !inRecord } satisfies BufferMark;
    if (Array.isArray(x)) return x.map((v) => walk(v, depth + 1, inRecord, key));
    if (typeof x === "object" && x !== null) {
      const owned = inRecord || (depth > 0 && !TASK_WRITTEN_RECORDS.has(key));
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) out[k] = walk(v, depth + 1, owned, k);
      return out;
    }
    return x;
  };
  return walk(state, 0, false, "");
}

/**
 * Nested records whose buffers tasks write all the same, so they are work areas: the
 * warm-start basis store (a forward task saves the basis of its own slots).
 */
const TASK_WRITTEN_RECORDS = new Set(["bases"]);

/** The buffers of a state in walk order (the numbering of `Patch.buffer`). */
export function buffersOf(state: unknown): (ArrayBuffer | SharedArrayBuffer)[] {
  const out: (ArrayBuffer | SharedArrayBuffer)[] = [];
  const walk = (x: unknown): void => {
    if (isBuffer(x)) out.push(x);
    else if (Array.isArray(x)) for (const v of x) walk(v);
    else if (typeof x === "object" && x !== null) for (const v of Object.values(x)) walk(v);
  };
  walk(state);
  return out;
}

/** Which buffers (in walk order) are work areas. */
export function workAreasOf(layout: unknown): boolean[] {
  const out: boolean[] = [];
  const walk = (x: unknown): void => {
    if (isMark(x)) out.push(x.$work);
    else if (Array.isArray(x)) for (const v of x) walk(v);
    else if (typeof x === "object" && x !== null) for (const v of Object.values(x)) walk(v);
  };
  walk(layout);
  return out;
}

/**
 * Builds a zero-filled state of the layout's shape; `make(i, bytes, work)` gives the
 * i-th buffer (so shared buffers can be reused across replicas).
 */
export function materialize(
  layout: unknown,
  make: (index: number, bytes: number, work: boolean) => ArrayBuffer | SharedArrayBuffer,
): unknown {
  let i = 0;
  const walk = (x: unknown): unknown => {
    if (isMark(x)) return make(i++, x.$bytes, x.$work);
    if (Array.isArray(x)) return x.map(walk);
    if (typeof x === "object" && x !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) out[k] = walk(v);
      return out;
    }
    return x;
  };
  return walk(layout);
}

/** Unchanged bytes shorter than this between two changes are sent rather than split. */
const GAP = 64;

/**
 * Appends to `out` the ranges where `current` differs from `base` (zeros when null),
 * and copies them into `base` when `update` is set; returns the payload bytes.
 *
 * Ranges are found by 4-byte words and merged across short unchanged gaps, which is
 * right when `current` is the whole truth (the coordinator's state). With `exact` (what
 * a task wrote, merged with other tasks' writes of the same phase) a range that holds
 * unchanged bytes gets a mask and carries the changed bytes only (see {@link Patch}).
 */
export function diff(
  index: number,
  current: Uint8Array,
  base: Uint8Array | null,
  out: Patch[],
  update: boolean,
  exact = false,
): number {
  const n = current.length;
  let bytes = 0;
  let start = -1;
  let lastDiff = -1;
  const emit = () => {
    const end = lastDiff + 1;
    const p = exact
      ? exactPatch(index, current, base, start, end)
      : { buffer: index, offset: start, bytes: current.slice(start, end) };
    out.push(p);
    bytes += p.bytes.length + (p.mask?.length ?? 0);
    if (update && base !== null) base.set(current.subarray(start, end), start);
  };
  // Compare 4-byte words where both views allow it (all engine buffers are 8-aligned).
  const words = current.byteOffset % 4 === 0 && (base === null || base.byteOffset % 4 === 0) ? n >>> 2 : 0;
  const cw = new Int32Array(current.buffer, current.byteOffset, words);
  const bw = base === null ? null : new Int32Array(base.buffer, base.byteOffset, words);
  for (let w = 0; w < words; w++) {
    if (cw[w] !== (bw === null ? 0 : bw[w])) {
      const at = w << 2;
      if (start < 0) start = at;
      else if (at - lastDiff > GAP) {
        emit();
        start = at;
      }
      lastDiff = at + 3;
    }
  }
  for (let k = words << 2; k < n; k++) {
    if (current[k] !== (base === null ? 0 : base[k])) {
      if (start < 0) start = k;
      else if (k - lastDiff > GAP) {
        emit();
        start = k;
      }
      lastDiff = k;
    }
  }
  if (start >= 0) emit();
  return bytes;
}

/**
 * What a task wrote: the bytes where a slot's work areas differ from the version's
 * baseline (exact: the coordinator merges them with the other tasks' writes of the
 * phase, in whatever order they arrive), which are then put back so the next task on
 * the slot starts from the same bytes.
 */
export function takeTaskWrites(
  work: readonly boolean[],
  slot: readonly (ArrayBuffer | SharedArrayBuffer)[],
  baseline: readonly (Uint8Array | undefined)[],
): Patch[] {
  const patches: Patch[] = [];
  work.forEach((isWork, i) => {
    if (!isWork) return;
    const mine = new Uint8Array(slot[i]!);
    const base = baseline[i]!;
    const from = patches.length;
    diff(i, mine, base, patches, false, true);
    for (const p of patches.slice(from)) mine.set(base.subarray(p.offset, p.offset + patchSpan(p)), p.offset);
  });
  return patches;
}

/**
 * The patch of `current[start, end)` against `base` (zeros when null), a range whose
 * first and last words hold a change: trimmed to the first and last changed byte, and
 * masked when bytes in between are unchanged.
 */
function exactPatch(index: number, current: Uint8Array, base: Uint8Array | null, start: number, end: number): Patch {
  const at = (k: number) => (base === null ? 0 : base[k]!);
  let s = start;
  let e = end;
  while (s < e && current[s] === at(s)) s++;
  while (e > s && current[e - 1] === at(e - 1)) e--;
  let changed = 0;
  for (let k = s; k < e; k++) if (current[k] !== at(k)) changed++;
  if (changed === e - s) return { buffer: index, offset: s, bytes: current.slice(s, e) };
  const mask = new Uint8Array((e - s + 7) >>> 3);
  const bytes = new Uint8Array(changed);
  let j = 0;
  for (let k = s; k < e; k++) {
    if (current[k] !== at(k)) {
      mask[(k - s) >>> 3]! |= 1 << ((k - s) & 7);
      bytes[j++] = current[k]!;
    }
  }
  return { buffer: index, offset: s, bytes, mask };
}

/** Writes one patch into `target` (the bytes of its buffer). */
export function applyPatch(target: Uint8Array, p: Patch): void {
  const { mask } = p;
  if (mask === undefined) {
    target.set(p.bytes, p.offset);
    return;
  }
  let j = 0;
  for (let k = 0; k < mask.length * 8; k++) if ((mask[k >>> 3]! >>> (k & 7)) & 1) target[p.offset + k] = p.bytes[j++]!;
}

/** The bytes of the buffer a patch spans, from `offset` (its masked gaps included). */
export function patchSpan(p: Patch): number {
  const { mask } = p;
  if (mask === undefined) return p.bytes.length;
  let last = mask.length - 1;
  while (last > 0 && mask[last] === 0) last--;
  return last * 8 + (31 - Math.clz32(mask[last]!)) + 1;
}

/** Writes patches into buffers (numbered in walk order). */
export function applyPatches(
  buffers: readonly (ArrayBuffer | SharedArrayBuffer)[],
  patches: readonly Patch[],
  only?: (index: number) => boolean,
): void {
  for (const p of patches) {
    if (only !== undefined && !only(p.buffer)) continue;
    const b = buffers[p.buffer];
    if (b === undefined) throw new Error(`patch for buffer ${p.buffer} of ${buffers.length}`);
    applyPatch(new Uint8Array(b), p);
  }
}

/** Total payload bytes of patches (masks included). */
export function patchBytes(patches: readonly Patch[]): number {
  return patches.reduce((a, p) => a + p.bytes.length + (p.mask?.length ?? 0), 0);
}

/**
 * The coordinator's side: versions of its state, a log of what each version changed,
 * and (past the log's memory budget) a snapshot for workers that fell behind.
 */
export class StatePublisher {
  private readonly current: Uint8Array[];
  private readonly published: Uint8Array[];
  private readonly log: { version: number; patches: Patch[]; bytes: number }[] = [];
  private logBytes = 0;
  version = 0;
  /** Bytes of all deltas published so far (for the benchmark). */
  publishedBytes = 0;

  constructor(
    state: unknown,
    private readonly logBudget = 256 * 1024 * 1024,
  ) {
    this.current = buffersOf(state).map((b) => new Uint8Array(b));
    this.published = this.current.map((b) => new Uint8Array(b.length));
  }

  /** Publishes what changed since the last call as a new version (if anything did). */
  update(): number {
    const patches: Patch[] = [];
    let bytes = 0;
    this.current.forEach((c, i) => {
      bytes += diff(i, c, this.published[i]!, patches, true);
    });
    if (patches.length > 0) {
      this.version++;
      this.log.push({ version: this.version, patches, bytes });
      this.logBytes += bytes;
      this.publishedBytes += bytes;
      while (this.log.length > 1 && this.logBytes > this.logBudget) this.logBytes -= this.log.shift()!.bytes;
    }
    return this.version;
  }

  /**
   * The patches that bring a replica from version `from` to `to`; when the log no longer
   * reaches back that far, a snapshot (`reset`: zero the replica first) of version `to`.
   */
  since(from: number, to: number): { reset: boolean; patches: Patch[] } {
    if (from >= this.oldestDelta) {
      return {
        reset: false,
        patches: this.log.filter((e) => e.version > from && e.version <= to).flatMap((e) => e.patches),
      };
    }
    if (to !== this.version) throw new Error(`version ${to} is no longer in the log`);
    const patches: Patch[] = [];
    this.published.forEach((p, i) => {
      diff(i, p, null, patches, false);
    });
    return { reset: true, patches };
  }

  /** The oldest version a replica may have and still be brought forward by deltas. */
  get oldestDelta(): number {
    return (this.log[0]?.version ?? this.version + 1) - 1;
  }
}
