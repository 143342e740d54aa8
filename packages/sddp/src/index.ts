/**
 * @cobre/sddp — Stochastic Dual Dynamic Programming for hydrothermal dispatch: training, simulation, policies.
 */
export const PACKAGE_NAME = "@cobre/sddp";
