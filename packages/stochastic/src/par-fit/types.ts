/** Inputs, options and results of PAR(p) estimation ({@link fitPar}). */

/** One historical observation. */
export interface HistoryObservation {
  /** ISO date "YYYY-MM-DD" (only year and month are used by the default calendar). */
  readonly date: string;
  readonly valueM3s: number;
}

/** The history of one hydro. */
export interface HydroHistory {
  readonly hydroId: number;
  readonly observations: readonly HistoryObservation[];
}

/** `estimation` section of config.json (book defaults in brackets). */
export interface EstimationConfig {
  /** [6] */
  readonly maxOrder?: number;
  /** ["pacf"] */
  readonly orderSelection?: "pacf" | "aic" | "fixed" | "pacf_annual";
  /** Seasons with fewer observations are fitted but reported in `warnings` [30]. */
  readonly minObservationsPerSeason?: number;
  /** [null] */
  readonly maxCoefficientMagnitude?: number | null;
  /** Two-sided normal quantile of the PACF test [1.96]. */
  readonly zAlpha?: number;
  /** Reduce a season to order 0 when ψ*_1 < 0 [true]. */
  readonly rejectNegativeFirstLag?: boolean;
}

/** Maps a date to (year, season); the default is the calendar month (12 seasons, Jan = 0). */
export interface SeasonCalendar {
  readonly nSeasons: number;
  readonly periodOf: (date: string) => { readonly year: number; readonly season: number } | undefined;
}

/** 12 monthly seasons, season = month − 1. */
export const MONTHLY_CALENDAR: SeasonCalendar = {
  nSeasons: 12,
  periodOf(date) {
    const m = /^(-?\d{1,6})-(\d{2})/.exec(date);
    if (m === null) return undefined;
    const month = Number(m[2]);
    if (month < 1 || month > 12) return undefined;
    return { year: Number(m[1]), season: month - 1 };
  },
};

/**
 * Class of one (hydro, season) series, see {@link classifyHistory}. `constant` and
 * `saturated` force (mean = value, std = 0); `many_negative` is diagnostic only.
 */
export type HistoryClass =
  | { readonly kind: "default" }
  | { readonly kind: "constant"; readonly value: number }
  | { readonly kind: "many_negative"; readonly sampleMean: number }
  | { readonly kind: "saturated"; readonly cap: number };

/**
 * PAR(p)-A term of one (hydro, season): the standardized coefficient ψ of the rolling annual
 * mean A_{t−1} and that mean's statistics (of the previous season's bucket, which is where
 * A_{t−1} lives).
 */
export interface AnnualTerm {
  readonly coefficient: number;
  readonly meanM3s: number;
  readonly stdM3s: number;
}

/** Fit of one (hydro, season). */
export interface SeasonFit {
  readonly season: number;
  readonly nObservations: number;
  readonly mean: number;
  /** Population standard deviation (divisor N); 0 for a constant or saturated season. */
  readonly std: number;
  /** Standardized coefficients ψ*_1..ψ*_p (length = selected order). */
  readonly coefficients: Float64Array;
  readonly residualStdRatio: number;
  /**
   * Periodic PACF at lags 1..maxOrder of the first fit (NaN where not computable); the
   * conditional FACP under "pacf_annual".
   */
  readonly pacf: Float64Array;
  /** Only under "pacf_annual", for seasons whose previous season has annual-mean values. */
  readonly annual?: AnnualTerm;
  /** Classification of the season's observations. */
  readonly historyClass: HistoryClass;
}

/** Fit of one hydro: one entry per season. */
export interface HydroFit {
  readonly hydroId: number;
  readonly seasons: readonly SeasonFit[];
}

/** Result of {@link fitPar}. */
export interface ParFit {
  readonly nSeasons: number;
  readonly hydros: readonly HydroFit[];
  /** Non-fatal notes (short seasons, classified seasons, reduced orders, option substitutions). */
  readonly warnings: readonly string[];
}

/** Resolved options of one {@link fitPar} call. */
export interface FitOptions {
  readonly maxOrder: number;
  /** Classical selection rule; ignored when `annual`. */
  readonly selection: "pacf" | "aic";
  /** "pacf_annual": PAR(p)-A fit. */
  readonly annual: boolean;
  readonly maxMagnitude: number | null;
  readonly zAlpha: number;
  readonly rejectNegative: boolean;
}
