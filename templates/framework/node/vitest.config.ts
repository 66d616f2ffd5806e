import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Test files share one database (TEST_DATABASE_URL, or the configured server's
    // `<name>_test`), and each wipes it: they run one after another.
    fileParallelism: false,
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      // The process entry points only wire the tested modules to the process (signals,
      // listen, exit code); the conformance suite runs them as a black box.
      exclude: ["src/server.ts", "src/migrate.ts"],
      reporter: ["text", "lcov"],
      // The contract's gate is 90% of lines; branches have their own, lower floor.
      thresholds: { lines: 90, statements: 90, functions: 90, branches: 80 },
    },
  },
});
