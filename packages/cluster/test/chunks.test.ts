/**
 * Payloads above the server's max_payload travel in parts and come back byte for byte,
 * through a real nats-server with a 16 KiB limit (where one publish of them fails).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectCluster } from "../src/connection";
import { Reassembler, partSize, publishChunked } from "../src/chunks";
import { type NatsServer, natsAvailable, startNats, stopAll } from "./support/cluster-fixture";
import type { NatsConnection } from "@nats-io/nats-core";

const haveNats = natsAvailable();

describe("reassembly", () => {
  it("joins parts received out of order, once each", () => {
    const r = new Reassembler();
    const parts = [new Uint8Array([1, 2]), new Uint8Array([3]), new Uint8Array([4, 5, 6])];
    const h = (i: number) => ({ get: (k: string) => (k === "Cobre-Part" ? `${i}/3` : "") }) as never;
    expect(r.add("k", h(2), parts[2]!)).toBeUndefined();
    expect(r.add("k", h(0), parts[0]!)).toBeUndefined();
    expect(r.add("k", h(0), parts[0]!)).toBeUndefined(); // a duplicate part changes nothing
    expect(Array.from(r.add("k", h(1), parts[1]!)!)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe.skipIf(!haveNats)("chunking through nats-server", () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  beforeAll(async () => {
    nats = await startNats({ maxPayload: 16 * 1024 });
    const c = await connectCluster({ url: nats.url }, "chunks-test");
    if (!c.ok) throw new Error(c.error.message);
    nc = c.value;
  }, 30_000);
  afterAll(async () => {
    await nc?.close();
    await stopAll();
  });

  it("a 300 KiB payload arrives whole and identical", async () => {
    expect(partSize(nc)).toBeLessThan(16 * 1024);
    const data = randomBytes(300 * 1024);
    expect(() => nc.publish("too.big", data)).toThrow();
    const r = new Reassembler();
    const got = new Promise<Uint8Array>((resolve) => {
      nc.subscribe("chunked", {
        callback: (_e, m) => {
          const whole = r.add("one", m.headers, m.data);
          if (whole !== undefined) resolve(whole);
        },
      });
    });
    await nc.flush();
    publishChunked(nc, "chunked", data, { "Cobre-Run": "test" });
    expect(Buffer.compare(Buffer.from(await got), data)).toBe(0);
  }, 30_000);
});
