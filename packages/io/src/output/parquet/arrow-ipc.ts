/**
 * Columns → one Arrow IPC stream (schema, one record batch, end-of-stream), written
 * directly from the typed arrays. parquet-wasm only imports IPC, and going through an
 * apache-arrow `Table` and `tableToIPC` cost more than the Parquet encoding itself on
 * the small partitions of a simulation (profiled: ~0.4 ms of JavaScript per file). Here
 * the schema message is built once per schema (by apache-arrow) and reused; the record
 * batch message is a small FlatBuffer; the body is the column buffers copied once.
 *
 * Layout (Arrow columnar format, IPC streaming): every message is `0xFFFFFFFF`, the
 * metadata length (padded to 8), the `Message` FlatBuffer, then the body, each buffer
 * padded to 8 bytes. A schema with string columns goes through apache-arrow instead (`writeStream`).
 */
import { Table, tableToIPC } from "apache-arrow";
import { Builder } from "flatbuffers";
import { err, ok, type Result } from "@cobre/core";
import { buildTable, type ColumnInput, columnBuffers } from "./arrow-columns";
import { schemaError, type OutputError } from "../errors";
import type { OutputSchema } from "../schemas/index";

const CONTINUATION = 0xffffffff;
/** `MetadataVersion.V5` and `MessageHeader.RecordBatch` of Arrow's Message.fbs. */
const METADATA_V5 = 4;
const HEADER_RECORD_BATCH = 3;

const schemaMessages = new WeakMap<OutputSchema, Uint8Array>();

/** The encapsulated schema message of `schema` (apache-arrow writes it; cached). */
function schemaMessage(schema: OutputSchema): Uint8Array {
  let bytes = schemaMessages.get(schema);
  if (bytes === undefined) {
    // An empty table streams as: schema message, end-of-stream (8 bytes).
    const stream = tableToIPC(new Table(schema.arrow), "stream");
    bytes = stream.slice(0, stream.length - 8);
    schemaMessages.set(schema, bytes);
  }
  return bytes;
}

const pad8 = (n: number) => (n + 7) & ~7;

interface Buffer {
  readonly bytes: Uint8Array | null;
  readonly length: number;
}

/** The `Message { RecordBatch }` FlatBuffer for `length` rows. */
function recordBatchMessage(
  length: number,
  nodes: readonly { length: number; nulls: number }[],
  buffers: readonly { offset: number; length: number }[],
  bodyLength: number,
): Uint8Array {
  const b = new Builder(128 + 32 * buffers.length);
  // Vectors of structs are written back to front; struct fields last to first.
  b.startVector(16, buffers.length, 8);
  for (let i = buffers.length - 1; i >= 0; i--) {
    b.prep(8, 16);
    b.writeInt64(BigInt(buffers[i]!.length));
    b.writeInt64(BigInt(buffers[i]!.offset));
  }
  const buffersVector = b.endVector();
  b.startVector(16, nodes.length, 8);
  for (let i = nodes.length - 1; i >= 0; i--) {
    b.prep(8, 16);
    b.writeInt64(BigInt(nodes[i]!.nulls));
    b.writeInt64(BigInt(nodes[i]!.length));
  }
  const nodesVector = b.endVector();
  b.startObject(5); // RecordBatch: length, nodes, buffers, compression, variadicBufferCounts
  b.addFieldInt64(0, BigInt(length), 0n);
  b.addFieldOffset(1, nodesVector, 0);
  b.addFieldOffset(2, buffersVector, 0);
  const batch = b.endObject();
  b.startObject(5); // Message: version, header_type, header, bodyLength, custom_metadata
  b.addFieldInt16(0, METADATA_V5, 0);
  b.addFieldInt8(1, HEADER_RECORD_BATCH, 0);
  b.addFieldOffset(2, batch, 0);
  b.addFieldInt64(3, BigInt(bodyLength), 0n);
  b.finish(b.endObject());
  return b.asUint8Array();
}

/**
 * The record batch message depends only on the row count and on which columns have a
 * validity bitmap and how many nulls: the partitions of a simulation repeat a handful of
 * these, so each is built once per schema (a FlatBuffer with a BigInt per field is most
 * of this encoder's own time otherwise). Bounded: cleared when it grows past a few hundred.
 */
const batchMessages = new WeakMap<OutputSchema, Map<string, Uint8Array>>();
const MAX_CACHED_MESSAGES = 256;

function cachedRecordBatchMessage(
  schema: OutputSchema,
  length: number,
  nodes: readonly { length: number; nulls: number }[],
  buffers: readonly { offset: number; length: number }[],
  bodyLength: number,
): Uint8Array {
  let cache = batchMessages.get(schema);
  if (cache === undefined) {
    cache = new Map();
    batchMessages.set(schema, cache);
  }
  // Buffer offsets and lengths follow from the row count and which buffers are present.
  let key = `${length}`;
  for (let i = 0; i < nodes.length; i++) key += `,${nodes[i]!.nulls}:${buffers[2 * i]!.length}`;
  let meta = cache.get(key);
  if (meta === undefined) {
    meta = recordBatchMessage(length, nodes, buffers, bodyLength);
    if (cache.size >= MAX_CACHED_MESSAGES) cache.clear();
    cache.set(key, meta);
  }
  return meta;
}

const asBytes = (v: ArrayBufferView): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

/** Scratch buffer of `encodeIpc` (one per thread: module state), grown as needed. */
let scratch = new Uint8Array(1 << 16);

/**
 * Encodes `length` rows of `columns` (checked against `schema` exactly as `buildTable`
 * checks them: missing columns, lengths, nulls in non-nullable columns are
 * `SchemaError`s naming `file`) as an Arrow IPC stream, into a buffer reused by the next
 * call: for a consumer that copies the
 * stream at once (parquet-wasm's `fromIPCStream` copies it into Wasm memory). Saves
 * allocating, zeroing and collecting a buffer per partition file.
 */
export function encodeIpc(
  schema: OutputSchema,
  columns: Readonly<Record<string, ColumnInput>>,
  length: number,
  file: string,
): Result<Uint8Array, OutputError> {
  return writeStream(schema, columns, length, file, (n) => {
    if (scratch.length < n) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
    // Padding is written explicitly below, so stale bytes of an earlier stream never show.
    return scratch.subarray(0, n);
  });
}

function writeStream(
  schema: OutputSchema,
  columns: Readonly<Record<string, ColumnInput>>,
  length: number,
  file: string,
  allocate: (bytes: number) => Uint8Array,
): Result<Uint8Array, OutputError> {
  if (schema.columns.some((c) => c.type === "Utf8")) {
    const table = buildTable(schema, columns, length, file);
    return table.ok ? ok(tableToIPC(table.value, "stream")) : table;
  }
  const nodes: { length: number; nulls: number }[] = [];
  const buffers: Buffer[] = [];
  for (const spec of schema.columns) {
    const values = columns[spec.name];
    if (values === undefined) return err(schemaError(file, spec.name, "column missing"));
    const built = columnBuffers(spec, values, length);
    if ("error" in built) return err(schemaError(file, spec.name, built.error));
    nodes.push({ length, nulls: built.nulls });
    buffers.push(
      built.validity === null ? { bytes: null, length: 0 } : { bytes: built.validity, length: built.validity.length },
    );
    const data = asBytes(built.values);
    buffers.push({ bytes: data, length: data.length });
  }
  const placed: { offset: number; length: number }[] = [];
  let bodyLength = 0;
  for (const buf of buffers) {
    placed.push({ offset: bodyLength, length: buf.length });
    bodyLength += pad8(buf.length);
  }
  const meta = cachedRecordBatchMessage(schema, length, nodes, placed, bodyLength);
  const metaLength = pad8(meta.length);
  const head = schemaMessage(schema);
  const out = allocate(head.length + 8 + metaLength + bodyLength + 8);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  out.set(head, 0);
  let at = head.length;
  view.setUint32(at, CONTINUATION, true);
  view.setInt32(at + 4, metaLength, true);
  out.set(meta, at + 8);
  out.fill(0, at + 8 + meta.length, at + 8 + metaLength);
  at += 8 + metaLength;
  for (let i = 0; i < buffers.length; i++) {
    const bytes = buffers[i]!.bytes;
    const start = at + placed[i]!.offset;
    if (bytes !== null) out.set(bytes, start);
    out.fill(0, start + buffers[i]!.length, start + pad8(buffers[i]!.length));
  }
  at += bodyLength;
  view.setUint32(at, CONTINUATION, true); // end of stream: continuation, then length 0
  view.setInt32(at + 4, 0, true);
  return ok(out);
}
