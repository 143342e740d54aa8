/**
 * @cobre/cli — The cobre command-line tool.
 */
export const PACKAGE_NAME = "@cobre/cli";
