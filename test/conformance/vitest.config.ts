// Standalone runner for the conformance suite:
//   CONFORMANCE_PROJECTS=/abs/project[,/abs/other] npx vitest run --config test/conformance/vitest.config.ts
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  // Keep vitest's cache out of this folder (root is here).
  cacheDir: fileURLToPath(new URL("../../node_modules/.vite-conformance", import.meta.url)),
  test: {
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["**/*.test.ts"],
    pool: "forks",
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    teardownTimeout: 20_000,
    reporters: ["default"],
  },
});
