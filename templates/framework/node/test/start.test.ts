/** The start-up every server entry shares: a clear one-line refusal, or the running services. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../src/config.js";
import { readEnvironment } from "../src/env.js";
import { startServices } from "../src/start.js";
import { createTestDatabase } from "./helpers/db.js";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** The configured database's URL made unreachable: a file under /dev/null, or port 1. */
function unreachableDatabaseUrl(): string {
  const { databaseUrl } = loadConfig(readEnvironment(), { serving: false });
  if (databaseUrl.startsWith("sqlite:"))
    return "sqlite:////dev/null/secret-name.db";
  const url = new URL(databaseUrl);
  url.host = "127.0.0.1:1";
  url.username = "secret-name";
  return url.toString();
}

function captureStderr(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe("startServices", () => {
  it("refuses a bad setting in one line on stderr, exit code 1", async () => {
    vi.stubEnv("RATE_LIMIT_PER_MINUTE", "lots");
    const stderr = captureStderr();
    expect(await startServices()).toBeUndefined();
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^error: .*RATE_LIMIT_PER_MINUTE.*\n$/);
    expect(process.exitCode).toBe(1);
  });

  it("names no connection string when the database cannot be opened", async () => {
    vi.stubEnv("DATABASE_URL", unreachableDatabaseUrl());
    vi.stubEnv("MIGRATE_ON_START", "true");
    const stderr = captureStderr();
    expect(await startServices()).toBeUndefined();
    expect(stderr.join("")).toMatch(
      /^error: could not start: \w+ \(is DATABASE_URL right/,
    );
    expect(stderr.join("")).not.toContain("secret-name");
    expect(process.exitCode).toBe(1);
  });

  it("opens and migrates the database, then makes the logger and the store", async () => {
    const test = await createTestDatabase();
    vi.stubEnv("DATABASE_URL", test.url);
    vi.stubEnv("MIGRATE_ON_START", "true");
    vi.stubEnv("LOG_LEVEL", "error");
    const services = await startServices();
    try {
      expect(services).toBeDefined();
      expect(services?.config.databaseUrl).toBe(test.url);
      const users = await services?.db
        .selectFrom("users")
        .select("id")
        .execute();
      expect(users).toEqual([]);
    } finally {
      await Promise.allSettled([
        services?.db.destroy(),
        services?.limiterStore.close(),
      ]);
      await test.destroy();
    }
  });
});
