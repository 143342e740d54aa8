import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  CaseLoader,
  CobreError,
  CobreIOError,
  Policy,
  SolverError,
  type SddpError,
  ValidationError,
  WorkerError,
  fromPolicyError,
  fromSddpError,
  loadPolicy,
  openCase,
  toCobreError,
  trainCase,
  unwrap,
  validate,
} from "@cobre/sddp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const tiny = path.resolve(here, "../../../examples/hydro-tiny");

describe("error classes", () => {
  it("form a hierarchy under CobreError and Error", () => {
    const v = new ValidationError({ kind: "OutOfRange", message: "m" }, []);
    for (const e of [
      v,
      new SolverError({ kind: "SolverFailure", message: "m" }, 1, 2, "infeasible"),
      new CobreIOError({ kind: "OutputNotFound", message: "m" }),
    ]) {
      expect(e).toBeInstanceOf(CobreError);
      expect(e).toBeInstanceOf(Error);
    }
    expect(v.name).toBe("ValidationError");
    expect(v.suggestion).toBeNull();
    expect(v.context).toEqual({});
  });

  it("map engine errors by kind", () => {
    const solver: SddpError = {
      kind: "SolverFailure",
      message: "stage LP not optimal",
      context: { stage: 3, iteration: 7, scenario: 1, phase: "forward", status: "infeasible" },
      suggestion: "check bounds",
    };
    const s = fromSddpError(solver);
    expect(s).toBeInstanceOf(SolverError);
    expect(s).toMatchObject({
      kind: "SolverFailure",
      stage: 3,
      iteration: 7,
      solverStatus: "infeasible",
      suggestion: "check bounds",
    });
    const panic = fromSddpError({ kind: "InternalPanic", message: "boom", context: {} });
    expect(panic.constructor).toBe(CobreError);
    expect(panic.kind).toBe("InternalPanic");
    expect(panic.suggestion).toContain("report");
    const invalid = fromSddpError({ kind: "InvalidOptions", message: "bad", context: { file: "scenarios/x.parquet" } });
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).records[0]!.context.file).toBe("scenarios/x.parquet");
    // The kind the engine will use for a failed worker thread (see the WorkerFailed hook).
    const worker = fromSddpError({
      kind: "WorkerFailed",
      message: "worker 1 exited",
      context: { rank: 1, exitCode: 3, inner: "segfault" },
    } as unknown as SddpError);
    expect(worker).toBeInstanceOf(WorkerError);
    expect(worker).toMatchObject({ rank: 1, exitCode: 3 });
    expect((worker as WorkerError).inner?.message).toBe("segfault");
  });

  it("turn anything thrown into an InternalPanic with its location", () => {
    const e = toCobreError(new TypeError("x is undefined"));
    expect(e.kind).toBe("InternalPanic");
    expect(e.message).toBe("x is undefined");
    expect(String(e.context.location)).toMatch(/api-errors\.test\.ts:\d+:\d+/);
    expect(toCobreError("plain").message).toBe("plain");
    const same = new CobreError({ kind: "Shutdown", message: "s" });
    expect(toCobreError(same)).toBe(same);
  });

  it("unwrap returns the value or throws the error", () => {
    expect(unwrap({ ok: true, value: 3 })).toBe(3);
    const e = new CobreIOError({ kind: "OutputCorrupted", message: "bad" });
    expect(() => unwrap({ ok: false, error: e })).toThrow(e);
  });

  it("map policy errors to CobreIOError", async () => {
    const missing = await Policy.load(path.join(tmpdir(), "no-such-policy-dir"));
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      const e = fromPolicyError(missing.error);
      expect(e).toBeInstanceOf(CobreIOError);
      expect(e.kind).toBe("OutputNotFound");
    }
    const viaApi = await loadPolicy(path.join(tmpdir(), "no-such-policy-dir"));
    expect(viaApi.ok).toBe(false);
    if (!viaApi.ok) expect(viaApi.error).toMatchObject({ kind: "OutputNotFound", name: "CobreIOError" });
  });
});

describe("loading an invalid case", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "cobre-api-invalid-"));
    await cp(tiny, dir, { recursive: true });
    const file = path.join(dir, "system/hydros.json");
    const json = JSON.parse(await readFile(file, "utf8")) as { hydros: { bus_id: number }[] };
    json.hydros[0]!.bus_id = 99;
    await writeFile(file, JSON.stringify(json));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("openCase returns a ValidationError with every record; validate reports the same", async () => {
    const r = await openCase(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(ValidationError);
    const v = r.error as ValidationError;
    expect(v.kind).toBe("MissingReference");
    expect(v.context.file).toBe("system/hydros.json");
    const report = await validate(dir);
    expect(report.valid).toBe(false);
    expect(v.records).toEqual(report.errors);
  });

  it("CaseLoader.load throws it", async () => {
    await expect(CaseLoader.load(dir)).rejects.toBeInstanceOf(ValidationError);
    await expect(CaseLoader.load(path.join(dir, "nope"))).rejects.toMatchObject({ kind: "MissingFile" });
  });
});

describe("failures inside training never reject", () => {
  it("rejects numWorkers < 1 as InvalidOptions", async () => {
    const c = await CaseLoader.load(tiny);
    for (const n of [0, 1.5, -2]) {
      const r = await trainCase(c, { numWorkers: n });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.kind).toBe("InvalidOptions");
    }
  });

  it("a case that cannot be sent to the worker threads gives an InternalPanic Result", async () => {
    const c = await CaseLoader.load(tiny);
    // Structured clone cannot copy a Proxy: the worker pool fails to start.
    const unclonable = { ...c.data, system: new Proxy(c.data.system, {}) };
    const r = await trainCase(unclonable, { numWorkers: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(CobreError);
      expect(r.error.kind).toBe("InternalPanic");
    }
  });

  it("a failure inside a worker thread comes back as a CobreError Result", async () => {
    const c = await CaseLoader.load(tiny);
    // Non-enumerable properties are not structured-cloned: the coordinator sees the stages,
    // the worker threads do not, so every worker task fails while building its LPs.
    const system = { ...c.data.system };
    Object.defineProperty(system, "stages", { value: c.data.system.stages, enumerable: false });
    const r = await trainCase({ ...c.data, system }, { numWorkers: 2 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(CobreError);
    // The task throws inside the thread (the thread lives on): WorkerFailed with the rank of
    // the first slice to fail (both fail; which one reports first is scheduling) and no exit code.
    expect(r.error.kind).toBe("WorkerFailed");
    expect(r.error).toBeInstanceOf(WorkerError);
    if (!(r.error instanceof WorkerError)) return;
    expect([0, 1]).toContain(r.error.rank);
    expect(r.error.exitCode).toBeNull();
    expect(r.error.message).toMatch(/^worker [01] failed: /);
  });
});
