/**
 * @cobre/stochastic — Seeded counter-based RNG, PAR(p) inflow model, correlated noise and opening trees for Cobre.
 */
export const PACKAGE_NAME = "@cobre/stochastic";
