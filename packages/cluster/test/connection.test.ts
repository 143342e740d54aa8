/** Where credentials come from: flags over the URL over the environment; the server address never carries them. */
import { describe, expect, it } from "vitest";
import { credentialsOf } from "../src/connection";

describe("credentials", () => {
  it.each([
    [
      "user and password in the URL",
      { url: "nats://u:p%40ss@h:4222" },
      {},
      { server: "nats://h:4222", user: "u", pass: "p@ss" },
    ],
    ["a token in the URL", { url: "nats://s3cret@h:4222" }, {}, { server: "nats://h:4222", token: "s3cret" }],
    [
      "flags over the URL",
      { url: "nats://u:p@h:4222", user: "v", password: "q" },
      {},
      { server: "nats://h:4222", user: "v", pass: "q" },
    ],
    [
      "the environment when the URL has none",
      { url: "nats://h:4222" },
      { COBRE_NATS_USER: "e", COBRE_NATS_PASSWORD: "f" },
      { server: "nats://h:4222", user: "e", pass: "f" },
    ],
    [
      "a token from the environment",
      { url: "nats://h" },
      { COBRE_NATS_TOKEN: "t" },
      { server: "nats://h", token: "t" },
    ],
    [
      "an nkey seed from the environment",
      { url: "nats://h:1" },
      { COBRE_NATS_NKEY_SEED: "SUAX" },
      { server: "nats://h:1", nkeySeed: "SUAX" },
    ],
  ])("%s", (_, options, env, expected) => {
    const r = credentialsOf(options, env);
    expect(r.ok && r.value).toEqual(expected);
  });

  it.each(["http://h:4222", "not a url"])("rejects %s", (url) => {
    const r = credentialsOf({ url }, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("InvalidClusterOptions");
  });
});
