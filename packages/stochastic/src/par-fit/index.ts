/**
 * PAR(p) and PAR(p)-A estimation from an inflow history, split by step: history
 * classification (`classify.ts`), periodic Yule–Walker fits and order selection
 * (`yule-walker.ts`), Maceira–Damazio order reduction (`order-reduction.ts`), the annual
 * component (`annual.ts`) and the driver (`fit.ts`, which documents the whole procedure).
 */
export { selectAnnualOrder } from "./annual.js";
export { classifyHistory } from "./classify.js";
export { fitPar, parFitToModelInputs } from "./fit.js";
export { lagContributions } from "./order-reduction.js";
export {
  type AnnualTerm,
  type EstimationConfig,
  type HistoryClass,
  type HistoryObservation,
  type HydroFit,
  type HydroHistory,
  MONTHLY_CALENDAR,
  type ParFit,
  type SeasonCalendar,
  type SeasonFit,
} from "./types.js";
