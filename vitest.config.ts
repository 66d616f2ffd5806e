import { defineConfig } from "vitest/config";

// Two projects: `unit` (pipeline, merge, CLI through execa; seconds) and `e2e` (generate,
// install, run each project's own checks, then the black-box conformance suite over HTTP).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts", "test/cli/**/*.test.ts"],
          sequence: { groupOrder: 0 },
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts", "test/conformance/**/*.test.ts"],
          globalSetup: ["test/e2e/global-setup.ts"],
          // After the unit project, so a broken pipeline fails fast before minutes of installs.
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 600_000,
          pool: "forks",
          maxWorkers: 2,
        },
      },
    ],
  },
});
