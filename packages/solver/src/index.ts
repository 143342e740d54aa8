/**
 * @cobre/solver — The LP layer of Cobre over HiGHS: persistent models patched in place.
 */
export const PACKAGE_NAME = "@cobre/solver";
