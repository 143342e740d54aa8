/**
 * `cobre run --output-format json-lines`: every stdout line is one JSON event valid
 * against its JSON Schema from `eventSchemas()`, in order started → progress… →
 * simulation_progress… → terminated → result, with the bounds of the written files.
 */
import path from "node:path";
import { readConvergence } from "@cobre/io";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { eventSchemas } from "../src/json-lines";
import { type CliResult, cobreAsync as cobre } from "./support/cobre-bin";
import { outDir, smallCase } from "./support/small-case";

type Event = { type: string } & Record<string, unknown>;

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
const validators = Object.fromEntries(
  Object.entries(eventSchemas()).map(([type, schema]) => [type, ajv.compile(schema)]),
);

function parseLines(stdout: string): Event[] {
  const lines = stdout.split("\n");
  expect(lines.at(-1)).toBe(""); // every line, the last included, ends with a newline
  return lines.slice(0, -1).map((line) => JSON.parse(line) as Event);
}

function expectValid(events: readonly Event[]): void {
  for (const e of events) {
    const validate = validators[e.type];
    expect(validate, `unknown event type ${e.type}`).toBeDefined();
    expect(validate!(e), `${e.type}: ${JSON.stringify(validate!.errors)}`).toBe(true);
  }
}

describe("cobre run --output-format json-lines", () => {
  let run: CliResult;
  let events: Event[];
  const output = outDir();

  beforeAll(async () => {
    run = await cobre(
      "run",
      smallCase({ iterations: 4, scenarios: 10 }),
      "--output",
      output,
      "--threads",
      "1",
      "--output-format",
      "json-lines",
    );
    events = parseLines(run.stdout);
  });

  it("writes only schema-valid JSON lines to stdout", () => {
    expect(run.code, run.stderr).toBe(0);
    expectValid(events);
  });

  it("emits started, progress per iteration, simulation progress, terminated and result in order", () => {
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("started");
    expect(types.at(-2)).toBe("terminated");
    expect(types.at(-1)).toBe("result");
    const order = ["started", "progress", "simulation_progress", "terminated", "result"];
    const ranks = types.map((t) => order.indexOf(t));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(events.filter((e) => e.type === "progress").map((e) => e.iteration)).toEqual([1, 2, 3, 4]);
    const sim = events.filter((e) => e.type === "simulation_progress");
    expect(sim.at(-1)).toMatchObject({ scenarios_complete: 10, scenarios_total: 10 });
    expect(events[0]).toMatchObject({ stages: 6, hydros: 2, thermals: 3, workers: 1 });
  });

  it("terminated carries the convergence file's last lower bound; result is the envelope", async () => {
    const table = await readConvergence(output);
    expect(table.ok).toBe(true);
    if (!table.ok) return;
    const lastLb = table.value.getChild("lower_bound")?.get(table.value.numRows - 1);
    const terminated = events.find((e) => e.type === "terminated");
    expect(terminated).toMatchObject({ reason: "iteration_limit", iterations: 4, final_lb: lastLb });
    expect(terminated?.total_cuts).toBeGreaterThan(0);
    const result = events.at(-1);
    expect(result).toMatchObject({ $schema: "urn:cobre:response:v1", command: "run", success: true, exit_code: 0 });
    const data = result?.data as { training: { final_lower_bound: number } } | undefined;
    expect(data?.training.final_lower_bound).toBe(lastLb);
  });

  it("a missing case directory yields a single failing result line, exit 2 (I/O)", async () => {
    const r = await cobre("run", path.join(output, "no-such-case"), "--output-format", "json-lines");
    expect(r.code).toBe(2);
    const lines = parseLines(r.stdout);
    expectValid(lines);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: "result", success: false, exit_code: 2, errors: [{ kind: "IoError" }] });
  });

  it("bad arguments are a result line too, and json-lines is refused for other commands", async () => {
    const bad = await cobre("run", "x", "--bogus", "--output-format", "json-lines");
    expect(bad.code).toBe(1);
    expectValid(parseLines(bad.stdout));
    const other = await cobre("validate", "x", "--output-format", "json-lines");
    expect(other.code).toBe(1);
    expect(parseLines(other.stdout)[0]).toMatchObject({ type: "result", errors: [{ kind: "InvalidArguments" }] });
  });

  it("eventSchemas() gives one identified JSON Schema per event type", () => {
    const schemas = eventSchemas();
    expect(Object.keys(schemas)).toEqual(["started", "progress", "simulation_progress", "terminated", "result"]);
    for (const [type, s] of Object.entries(schemas)) {
      expect(s.$id).toBe(`urn:cobre:event:${type}:v1`);
      expect(s.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect((s.properties as Record<string, { const?: string }>).type?.const).toBe(type);
    }
  });
});
