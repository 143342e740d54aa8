import { defineConfig } from "vitest/config";

// Tests import packages as users do (`@cobre/io`), resolved to their sources through the
// `@cobre/source` export condition, so no build is needed to run them.
export default defineConfig({
  resolve: { conditions: ["@cobre/source"] },
  ssr: { resolve: { conditions: ["@cobre/source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
