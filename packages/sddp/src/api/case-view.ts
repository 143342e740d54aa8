/**
 * `CaseView`: a read-only view of a loaded case (Python bindings §2.3) — configuration,
 * entities, topology and the PAR model — and `openCase` / `CaseLoader.load` to get one.
 */
import type { Bus, Case, Config, Hydro, Line, RawConfigFile, Result, Stage, Thermal } from "@cobre/core";
import { err, ok } from "@cobre/core";
import { loadCase } from "@cobre/io";
import type { CobreError } from "@cobre/core";
import { fromLoadError, toCobreError, unwrap } from "./errors";
import { type PARModel, parModel } from "./par-model";
import { rawConfigOf } from "@cobre/core";
import { type Topology, buildTopology } from "./topology";

export class CaseView {
  private topologyView: Topology | undefined;
  private par: Result<PARModel, CobreError> | undefined;

  /** Wraps a `Case` (from `loadCase`); nothing is copied. */
  constructor(readonly data: Case) {}

  get directory(): string {
    return this.data.directory;
  }

  /** The resolved configuration (camelCase, defaults applied). */
  get config(): Config {
    return this.data.config;
  }

  /** The configuration in `config.json` form (snake_case), as config overrides address it. */
  get rawConfig(): RawConfigFile {
    return rawConfigOf(this.data.config);
  }

  /** Study stages in order. */
  get stages(): readonly Stage[] {
    return this.data.system.stages;
  }

  get numStages(): number {
    return this.data.system.stages.length;
  }

  get hydros(): readonly Hydro[] {
    return this.data.system.hydros;
  }

  get thermals(): readonly Thermal[] {
    return this.data.system.thermals;
  }

  get buses(): readonly Bus[] {
    return this.data.system.buses;
  }

  get lines(): readonly Line[] {
    return this.data.system.lines;
  }

  /** Hydro cascade and bus adjacency (built on first access). */
  get topology(): Topology {
    this.topologyView ??= buildTopology(this.data.system);
    return this.topologyView;
  }

  /** The PAR model (built on first access). Throws a `CobreError` if it cannot be built; see `parModel()`. */
  get parModel(): PARModel {
    this.par ??= parModel(this.data);
    return unwrap(this.par);
  }
}

/**
 * Loads and validates a case directory into a `CaseView`; a `ValidationError` carries
 * every validation record.
 *
 * @example
 * ```ts
 * const c = await openCase("examples/hydro-tiny");
 * if (c.ok) console.log(c.value.hydros.length, c.value.topology.cascade.outlets);
 * else console.error(c.error.records);
 * ```
 */
export async function openCase(directory: string): Promise<Result<CaseView, CobreError>> {
  try {
    const loaded = await loadCase(directory);
    return loaded.ok ? ok(new CaseView(loaded.value)) : err(fromLoadError(loaded.error));
  } catch (e) {
    return err(toCobreError(e));
  }
}

/** The throwing loader (Python's `CaseLoader.load`). */
export const CaseLoader = {
  /**
   * Loads a case directory; throws `ValidationError` (with every record) when it is invalid.
   *
   * @example
   * ```ts
   * const c = await CaseLoader.load("examples/hydro-tiny");
   * ```
   */
  async load(directory: string): Promise<CaseView> {
    return unwrap(await openCase(directory));
  },
} as const;
