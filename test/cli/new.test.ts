import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, snapshot } from "./run.js";

function sandbox(): string {
  return mkdtempSync(path.join(tmpdir(), "rampart-new-"));
}

describe("rampart new", () => {
  it("uses defaults without a TTY when given a directory, and never prompts", async () => {
    const dir = sandbox();
    const result = await runCli("create-rampart", ["api", "--no-install", "--no-git"], dir);
    expect(result.code, result.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, "api", "rampart.json"), "utf8"));
    expect(manifest.answers).toEqual({
      projectName: "api",
      framework: "fastapi",
      database: "sqlite",
      auth: "password",
      jwtAlg: "HS256",
      rateLimitStore: "memory",
    });
    expect(result.stdout).toMatch(/Next steps:/);
  });

  it("writes nothing on --dry-run but lists every file", async () => {
    const dir = sandbox();
    const result = await runCli("rampart", ["new", "api", "--yes", "--dry-run"], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Dry run: would write \d+ files/);
    expect(result.stdout).toContain("rampart.json");
    expect(snapshot(dir)).toEqual({});
  });

  it("records every generated file's hash and no secret in rampart.json", async () => {
    const dir = sandbox();
    expect(
      (await runCli("create-rampart", ["api", "--yes", "--no-install", "--no-git", "--jwt-alg", "ES256"], dir)).code,
    ).toBe(0);
    const files = snapshot(path.join(dir, "api"));
    const manifestText = readFileSync(path.join(dir, "api", "rampart.json"), "utf8");
    const manifest = JSON.parse(manifestText) as { files: Record<string, string> };
    const generated = Object.keys(files).filter(
      (f) => !f.endsWith("/") && f !== "rampart.json" && f !== ".env" && !f.startsWith("keys/"),
    );
    expect(Object.keys(manifest.files).sort()).toEqual(generated.sort());
    for (const f of generated) expect(manifest.files[f]).toBe(files[f]);
    const privateKey = readFileSync(path.join(dir, "api", "keys", "jwt-private.pem"), "utf8");
    expect(manifestText).not.toContain(privateKey.split("\n")[1]);
    expect(manifestText).not.toMatch(/PRIVATE KEY|JWT_SECRET/);
  });

  it("with --force writes into a non-empty directory and keeps the user's files", async () => {
    const dir = sandbox();
    mkdirSync(path.join(dir, "api"));
    writeFileSync(path.join(dir, "api", "pyproject.toml"), "my notes\n");
    const result = await runCli("create-rampart", ["api", "--yes", "--no-install", "--no-git", "--force"], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(path.join(dir, "api", "pyproject.toml"), "utf8")).toBe("my notes\n");
    expect(result.stdout).toMatch(/kept your pyproject.toml/);
  });

  it("creates a git repository with a first commit", async () => {
    const dir = sandbox();
    const result = await runCli("create-rampart", ["api", "--yes", "--no-install"], dir);
    expect(result.code, result.stderr).toBe(0);
    const { execa } = await import("execa");
    const log = await execa("git", ["log", "--oneline"], { cwd: path.join(dir, "api") });
    expect(log.stdout).toMatch(/chore: scaffold with create-rampart/);
    const tracked = (await execa("git", ["ls-files"], { cwd: path.join(dir, "api") })).stdout.split("\n");
    expect(tracked).toContain("rampart.json");
    expect(tracked).not.toContain(".env");
  });

  it("prints help with examples and exits 0", async () => {
    const result = await runCli("rampart", ["--help"], sandbox());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Examples:/);
    expect(result.stdout).toMatch(/--jwt-alg/);
  });
});
