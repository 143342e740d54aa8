/**
 * The case-level inputs every stage template needs besides the system: production-model
 * choices, FPHA planes (precomputed ones plus those fitted once per case from geometry
 * for `source: "computed"`) and the reservoir geometry used by evaporation. Computed
 * once in `prepareStudy` and spread into each stage's {@link StageTemplateOptions}.
 */
import type { Case, FphaConfig, FphaHyperplane, HydroGeometryPoint, HydroProductionModel } from "@cobre/core";
import { fitFphaPlanes } from "./fpha-fitting";

export interface CaseTemplateInputs {
  readonly productionModels: readonly HydroProductionModel[];
  readonly fphaHyperplanes: readonly FphaHyperplane[];
  readonly hydroGeometry: readonly HydroGeometryPoint[];
}

export function templateInputsFromCase(c: Case): CaseTemplateInputs {
  const planes: FphaHyperplane[] = [...c.fphaHyperplanes];
  for (const hydro of c.system.hydros) {
    if (planes.some((p) => p.hydroId === hydro.id)) continue;
    const config = computedConfig(
      c.productionModels.find((m) => m.hydroId === hydro.id),
      hydro.generation.model === "fpha",
    );
    if (config === undefined) continue;
    planes.push(...fitFphaPlanes(hydro, c.hydroGeometry, config, null));
  }
  return { productionModels: c.productionModels, fphaHyperplanes: planes, hydroGeometry: c.hydroGeometry };
}

/** The `computed` FPHA config of a hydro, if any stage uses one (defaults when the plant is FPHA with no config). */
function computedConfig(spec: HydroProductionModel | undefined, entityIsFpha: boolean): FphaConfig | undefined {
  const choices = spec === undefined ? [] : spec.selectionMode === "stage_ranges" ? spec.stageRanges : spec.seasons;
  const found = choices.find((ch) => ch.model === "fpha" && ch.fphaConfig?.source === "computed")?.fphaConfig;
  if (found !== undefined && found !== null) return found;
  const anyFpha =
    choices.some((ch) => ch.model === "fpha") || (spec?.selectionMode === "seasonal" && spec.defaultModel === "fpha");
  if (!entityIsFpha && !anyFpha) return undefined;
  if (choices.some((ch) => ch.fphaConfig?.source === "precomputed")) return undefined;
  return {
    source: "computed",
    volumeDiscretizationPoints: null,
    turbineDiscretizationPoints: null,
    spillageDiscretizationPoints: null,
    maxPlanesPerHydro: null,
    fittingWindow: null,
  };
}
