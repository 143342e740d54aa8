/**
 * The engine's `UnsupportedOption` warnings for config.json come from the one list of
 * @cobre/core: a case asking for unsupported options gets exactly the list's warnings,
 * and the default configuration of a reference case gets none.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rawConfigOf, resolveConfig, unsupportedConfigWarnings } from "@cobre/core";
import { loadCase } from "@cobre/io";
import { prepareStudy } from "../src/study/prepare-study";
import { describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const d02 = path.resolve(here, "../../../../shared/cobre-reference/examples/deterministic/d02-single-hydro");

describe("UnsupportedOption warnings of the engine", () => {
  it("are the warnings of @cobre/core's list for the case's config", async () => {
    const loaded = await loadCase(d02);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const plain = prepareStudy(loaded.value);
    expect(plain.ok && plain.value.warnings.filter((w) => w.kind === "UnsupportedOption")).toEqual([]);
    const raw = rawConfigOf(loaded.value.config);
    const config = resolveConfig({
      ...raw,
      training: { ...raw.training, forward_pass: { type: "pipelined" } },
      upper_bound_evaluation: { ...raw.upper_bound_evaluation, lipschitz: { scale_factor: 2 } },
      exports: { ...raw.exports, backward_detail: true },
    });
    const study = prepareStudy({ ...loaded.value, config });
    expect(study.ok).toBe(true);
    if (!study.ok) return;
    const fromList = unsupportedConfigWarnings(config);
    expect(fromList.map((w) => w.context.field)).toEqual([
      "training.forward_pass.type",
      "upper_bound_evaluation.lipschitz.scale_factor",
      "exports.backward_detail",
    ]);
    expect(study.value.warnings.filter((w) => w.kind === "UnsupportedOption")).toEqual(fromList);
  });
});
