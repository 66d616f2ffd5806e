import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readDotenv, readEnvironment } from "../src/env.js";

const dir = mkdtempSync(path.join(tmpdir(), "env-test-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("readEnvironment", () => {
  it("reads .env, and the real environment wins", () => {
    const file = path.join(dir, ".env");
    writeFileSync(file, "PORT=9000\nHOST=0.0.0.0\n# a comment\n");
    const env = readEnvironment({ PORT: "7000" }, file);
    expect(env.PORT).toBe("7000");
    expect(env.HOST).toBe("0.0.0.0");
  });

  it("treats a missing .env as empty", () => {
    expect(readDotenv(path.join(dir, "absent"))).toEqual({});
    // Anything else (here: a directory) is an error worth stopping for.
    expect(() => readDotenv(dir)).toThrow();
  });
});
