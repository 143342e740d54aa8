/**
 * Payloads larger than the server's `max_payload` travel as numbered parts on one
 * subject (NATS keeps the order of one publisher's messages to one subscriber, and the
 * part number makes reassembly independent of it anyway).
 */
import { type MsgHdrs, type NatsConnection, headers } from "@nats-io/nats-core";
import { Header } from "./protocol";

/** Room left for headers in every part. */
const HEADER_ROOM = 4096;

/** The largest body one part carries on this connection. */
export function partSize(nc: NatsConnection): number {
  return Math.max(1024, (nc.info?.max_payload ?? 1024 * 1024) - HEADER_ROOM);
}

/** Publishes `data` to `subject` in parts, each with `fields` and `Cobre-Part: i/n` as headers. */
export function publishChunked(
  nc: NatsConnection,
  subject: string,
  data: Uint8Array,
  fields: Readonly<Record<string, string>>,
  options: { readonly reply?: string; readonly size?: number } = {},
): void {
  const size = options.size ?? partSize(nc);
  const parts = Math.max(1, Math.ceil(data.length / size));
  for (let i = 0; i < parts; i++) {
    const h = headers();
    for (const [k, v] of Object.entries(fields)) h.set(k, v);
    h.set(Header.part, `${i}/${parts}`);
    nc.publish(subject, data.subarray(i * size, Math.min(data.length, (i + 1) * size)), {
      headers: h,
      ...(options.reply === undefined ? {} : { reply: options.reply }),
    });
  }
}

/** Collects the parts of messages, keyed by the caller (one key per logical message). */
export class Reassembler {
  private readonly pending = new Map<string, { parts: (Uint8Array | undefined)[]; got: number }>();

  /** Adds a part; returns the whole payload once its last missing part arrived. */
  add(key: string, h: MsgHdrs | undefined, data: Uint8Array): Uint8Array | undefined {
    const [i, n] = (h?.get(Header.part) ?? "0/1").split("/").map(Number) as [number, number];
    if (!(n > 1)) return data;
    let entry = this.pending.get(key);
    if (entry === undefined) {
      entry = { parts: new Array<Uint8Array | undefined>(n).fill(undefined), got: 0 };
      this.pending.set(key, entry);
    }
    if (entry.parts[i] === undefined) {
      // The client reuses its read buffer: keep a copy of each part.
      entry.parts[i] = data.slice();
      entry.got++;
    }
    if (entry.got < n) return undefined;
    this.pending.delete(key);
    const total = entry.parts.reduce((a, p) => a + (p?.length ?? 0), 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of entry.parts) {
      out.set(p!, o);
      o += p!.length;
    }
    return out;
  }

  /** Forgets the parts collected under keys starting with `prefix` (a finished task). */
  drop(prefix: string): void {
    for (const k of this.pending.keys()) if (k.startsWith(prefix)) this.pending.delete(k);
  }
}
