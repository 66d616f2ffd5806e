import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDotenv } from "../conformance/projects.js";
import { runCli, snapshot } from "./run.js";

const PACKAGE = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as {
  name: string;
  version: string;
};

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
    const manifest = JSON.parse(manifestText) as {
      files: Record<string, string>;
      generator: { name: string; version: string };
    };
    // CONTRACT §1: the generator's name and version, as published (package.json).
    expect(manifest.generator.name).toBe(PACKAGE.name);
    expect(manifest.generator.version).toBe(PACKAGE.version);
    const generated = Object.keys(files).filter(
      (f) => !f.endsWith("/") && f !== "rampart.json" && f !== ".env" && !f.startsWith("keys/"),
    );
    expect(Object.keys(manifest.files).sort()).toEqual(generated.sort());
    for (const f of generated) expect(manifest.files[f]).toBe(files[f]);
    const privateKey = readFileSync(path.join(dir, "api", "keys", "jwt-private.pem"), "utf8");
    expect(manifestText).not.toContain(privateKey.split("\n")[1]);
    expect(manifestText).not.toMatch(/PRIVATE KEY|JWT_SECRET/);
  });

  it.each([
    ["HS256", "sqlite"],
    ["HS256", "postgres"],
    ["EdDSA", "mysql"],
    ["ES256", "sqlite"],
  ])("--jwt-alg %s --database %s: the secrets of .env are in .env and keys/ only", async (alg, database) => {
    const dir = sandbox();
    const made = await runCli(
      "create-rampart",
      ["api", "--yes", "--no-install", "--no-git", "--jwt-alg", alg, "--database", database],
      dir,
    );
    expect(made.code, made.stderr).toBe(0);
    const root = path.join(dir, "api");
    const read = (rel: string) => readFileSync(path.join(root, rel), "utf8");
    const env = parseDotenv(read(".env"));
    const example = parseDotenv(read(".env.example"));
    // What create-rampart generated: every .env value that differs from .env.example's
    // placeholder, except the key file paths (not secret; their files are checked below).
    const secrets = Object.entries(env).filter(([key, value]) => value !== example[key] && !key.endsWith("_FILE"));
    const expected = [...(alg === "HS256" ? ["JWT_SECRET"] : []), ...(database === "sqlite" ? [] : ["DB_PASSWORD"])];
    expect(secrets.map(([key]) => key).sort()).toEqual(expected.sort());
    for (const [key, value] of secrets) expect(value.length, key).toBeGreaterThanOrEqual(32);
    // The private key's base64 lines are secrets too (any one of them would be a leak).
    const keyLines =
      alg === "HS256"
        ? []
        : read("keys/jwt-private.pem")
            .split("\n")
            .filter((line) => line && !line.startsWith("-----"));
    expect(alg === "HS256" || keyLines.length > 0).toBe(true);
    const others = Object.keys(snapshot(root)).filter(
      (f) => !f.endsWith("/") && f !== ".env" && !f.startsWith("keys/"),
    );
    expect(others).toContain(".env.example");
    expect(others).toContain("rampart.json");
    for (const file of others) {
      const contents = read(file);
      for (const [key, value] of secrets) expect(contents.includes(value), `${key}'s value in ${file}`).toBe(false);
      for (const line of keyLines) expect(contents.includes(line), `the private key in ${file}`).toBe(false);
    }
    // .env.example holds a placeholder where .env holds the signing secret.
    if (alg === "HS256") expect(example.JWT_SECRET).toMatch(/change-me/);
  });

  it.each(["HS256", "EdDSA"])(
    "--jwt-alg %s: .env and the private key are readable by their owner only",
    async (alg) => {
      const dir = sandbox();
      const made = await runCli("create-rampart", ["api", "--yes", "--no-install", "--no-git", "--jwt-alg", alg], dir);
      expect(made.code, made.stderr).toBe(0);
      const mode = (rel: string) => statSync(path.join(dir, "api", rel)).mode & 0o777;
      expect(mode(".env")).toBe(0o600);
      if (alg !== "HS256") expect(mode("keys/jwt-private.pem")).toBe(0o600);
      // Everything else as the umask says (the test runs with the usual 022).
      expect(mode(".env.example")).toBe(0o666 & ~process.umask());
    },
  );

  it("ships a breached-password list of at least 10,000 entries, password1234 among them", async () => {
    const dir = sandbox();
    expect((await runCli("create-rampart", ["api", "--yes", "--no-install", "--no-git"], dir)).code).toBe(0);
    const root = path.join(dir, "api");
    // Read the way the project reads it (app/core/passwords.py): stripped, non-empty lines,
    // compared with the lower-cased password.
    const text = readFileSync(path.join(root, "app", "core", "common_passwords.txt"), "utf8");
    expect(readFileSync(path.join(root, "app", "core", "passwords.py"), "utf8")).toContain("common_passwords.txt");
    const entries = new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    );
    expect(entries.size).toBeGreaterThanOrEqual(10_000);
    expect(entries.has("password1234")).toBe(true);
    // Lower-cased, or an entry could never match: the project lower-cases what it checks.
    expect([...entries].filter((e) => e !== e.toLowerCase())).toEqual([]);
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
