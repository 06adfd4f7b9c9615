import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A private temporary directory for the run, which must be empty when the run ends.
    globalSetup: ["test/tmp-guard.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
