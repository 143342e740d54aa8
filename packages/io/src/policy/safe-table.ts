/**
 * Bounds-checked access to FlatBuffers tables in untrusted bytes. Every offset, vtable and
 * vector is validated before it is followed, so a truncated or corrupted buffer yields a
 * {@link BufferFault} (caught by the decoders) instead of reading garbage or crashing.
 * Numeric vectors are copied out, so results never alias the input and need no alignment.
 */

/** A structural problem found in a buffer. `truncated`: a reference points past the end. */
export class BufferFault extends Error {
  constructor(
    readonly truncated: boolean,
    message: string,
  ) {
    super(message);
    this.name = "BufferFault";
  }
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A byte buffer with checked little-endian reads. */
export class SafeBuffer {
  readonly length: number;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.length = bytes.byteLength;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Ensures `[pos, pos + size)` lies inside the buffer. */
  need(pos: number, size: number, what: string): void {
    if (!Number.isSafeInteger(pos) || pos < 0 || !Number.isSafeInteger(size) || size < 0) {
      throw new BufferFault(false, `${what}: invalid position ${pos}`);
    }
    if (pos + size > this.length) {
      throw new BufferFault(true, `${what}: bytes ${pos}..${pos + size} past the end of a ${this.length}-byte buffer`);
    }
  }

  u8(pos: number, what: string): number {
    this.need(pos, 1, what);
    return this.view.getUint8(pos);
  }
  u16(pos: number, what: string): number {
    this.need(pos, 2, what);
    return this.view.getUint16(pos, true);
  }
  i32(pos: number, what: string): number {
    this.need(pos, 4, what);
    return this.view.getInt32(pos, true);
  }
  u32(pos: number, what: string): number {
    this.need(pos, 4, what);
    return this.view.getUint32(pos, true);
  }
  u64(pos: number, what: string): bigint {
    this.need(pos, 8, what);
    return this.view.getBigUint64(pos, true);
  }
  f64(pos: number, what: string): number {
    this.need(pos, 8, what);
    return this.view.getFloat64(pos, true);
  }

  /** The root table (the buffer starts with a uoffset to it). */
  root(what: string): SafeTable {
    const rootOffset = this.u32(0, `${what} root offset`);
    return new SafeTable(this, rootOffset, what);
  }
}

interface VectorSpan {
  readonly start: number;
  readonly length: number;
}

/** One table, its vtable validated on construction. Field ids as in the schema. */
export class SafeTable {
  private readonly vtable: number;
  private readonly vtableLength: number;
  private readonly objectLength: number;

  constructor(
    private readonly buf: SafeBuffer,
    private readonly pos: number,
    private readonly what: string,
  ) {
    if (pos % 4 !== 0) throw new BufferFault(false, `${what}: misaligned table at ${pos}`);
    const vtable = pos - buf.i32(pos, `${what} vtable offset`);
    if (vtable < 0 || vtable % 2 !== 0) throw new BufferFault(false, `${what}: invalid vtable position ${vtable}`);
    this.vtable = vtable;
    this.vtableLength = buf.u16(vtable, `${what} vtable size`);
    this.objectLength = buf.u16(vtable + 2, `${what} table size`);
    if (this.vtableLength < 4 || this.vtableLength % 2 !== 0) {
      throw new BufferFault(false, `${what}: invalid vtable size ${this.vtableLength}`);
    }
    if (this.objectLength < 4) throw new BufferFault(false, `${what}: invalid table size ${this.objectLength}`);
    buf.need(vtable, this.vtableLength, `${what} vtable`);
    buf.need(pos, this.objectLength, `${what} table`);
  }

  /** Absolute position of field `id` (0 when absent), checked to lie inside the table. */
  private field(id: number, size: number): number {
    const slot = 4 + 2 * id;
    if (slot + 2 > this.vtableLength) return 0;
    const offset = this.buf.u16(this.vtable + slot, `${this.what} vtable`);
    if (offset === 0) return 0;
    if (offset < 4 || offset + size > this.objectLength) {
      throw new BufferFault(false, `${this.what}: field ${id} at offset ${offset} outside its table`);
    }
    return this.pos + offset;
  }

  u32(id: number): number {
    const p = this.field(id, 4);
    return p === 0 ? 0 : this.buf.u32(p, this.what);
  }
  u64(id: number): bigint {
    const p = this.field(id, 8);
    return p === 0 ? 0n : this.buf.u64(p, this.what);
  }
  f64(id: number): number {
    const p = this.field(id, 8);
    return p === 0 ? 0 : this.buf.f64(p, this.what);
  }
  bool(id: number): boolean {
    const p = this.field(id, 1);
    return p === 0 ? false : this.buf.u8(p, this.what) !== 0;
  }

  /** Follows an offset field to its target, checking 4-byte alignment. */
  private target(id: number): number {
    const p = this.field(id, 4);
    if (p === 0) return 0;
    const target = p + this.buf.u32(p, this.what);
    if (target % 4 !== 0) throw new BufferFault(false, `${this.what}: field ${id} points to misaligned ${target}`);
    return target;
  }

  private vector(id: number, elementSize: number): VectorSpan | null {
    const at = this.target(id);
    if (at === 0) return null;
    const length = this.buf.u32(at, `${this.what} field ${id} vector length`);
    this.buf.need(at + 4, length * elementSize, `${this.what} field ${id} vector`);
    return { start: at + 4, length };
  }

  /** A `[float64]` field, copied bit for bit (empty when absent). */
  f64Vector(id: number): Float64Array {
    const span = this.vector(id, 8);
    if (span === null) return new Float64Array(0);
    const copy = this.buf.bytes.slice(span.start, span.start + span.length * 8);
    if (HOST_LITTLE_ENDIAN) return new Float64Array(copy.buffer, 0, span.length);
    const out = new Float64Array(span.length);
    const view = new DataView(copy.buffer);
    for (let i = 0; i < span.length; i++) out[i] = view.getFloat64(i * 8, true);
    return out;
  }

  /** A `[uint8]` (or `[bool]`) field, copied (empty when absent). */
  u8Vector(id: number): Uint8Array {
    const span = this.vector(id, 1);
    return span === null ? new Uint8Array(0) : this.buf.bytes.slice(span.start, span.start + span.length);
  }

  /** A `[uint32]` field, copied (empty when absent). */
  u32Vector(id: number): Uint32Array {
    const span = this.vector(id, 4);
    const out = new Uint32Array(span === null ? 0 : span.length);
    if (span === null) return out;
    for (let i = 0; i < span.length; i++) out[i] = this.buf.u32(span.start + 4 * i, this.what);
    return out;
  }

  /** Every element of a vector-of-tables field, each validated. */
  tableVector(id: number, elementName: string): SafeTable[] {
    const span = this.vector(id, 4);
    if (span === null) return [];
    const out: SafeTable[] = [];
    for (let i = 0; i < span.length; i++) {
      const slot = span.start + 4 * i;
      const target = slot + this.buf.u32(slot, this.what);
      out.push(new SafeTable(this.buf, target, `${elementName}[${i}]`));
    }
    return out;
  }
}
