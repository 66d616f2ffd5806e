/**
 * CONTRACT §1: `add endpoint` adds a new migration chained onto the project's current head
 * and never edits an old one, the user's own migrations included.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { GIT_IDENTITY } from "../git-identity.js";
import { runCli } from "./run.js";

const VERSIONS = "alembic/versions";

/** Every file of alembic/versions with a hash of its bytes. */
function versions(root: string): Map<string, string> {
  const dir = path.join(root, VERSIONS);
  return new Map(
    readdirSync(dir).map((f) => [
      f,
      createHash("sha256")
        .update(readFileSync(path.join(dir, f)))
        .digest("hex"),
    ]),
  );
}

/** revision → down_revision of every migration. */
function graph(root: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const file of readdirSync(path.join(root, VERSIONS)).filter((f) => f.endsWith(".py"))) {
    const { revision, down } = revisionOf(root, file);
    expect(revision, `${file}: revision`).toBeDefined();
    expect(down, `${file}: down_revision`).not.toBeUndefined();
    out.set(revision ?? "", down ?? null);
  }
  return out;
}

function revisionOf(root: string, file: string): { revision?: string; down?: string | null } {
  const text = readFileSync(path.join(root, VERSIONS, file), "utf8");
  const down = /^down_revision(?:: str \| None)? = (?:"([^"]+)"|None)$/m.exec(text);
  return { revision: /^revision(?:: str)? = "([^"]+)"$/m.exec(text)?.[1], down: down ? (down[1] ?? null) : undefined };
}

/** The one revision no other migration names as its parent. */
function head(root: string): string {
  const g = graph(root);
  const parents = new Set(g.values());
  const heads = [...g.keys()].filter((r) => !parents.has(r));
  expect(heads).toHaveLength(1);
  return heads[0] ?? "";
}

/** Runs `add endpoint`, checking that only one new migration appears, on top of the old head. */
async function addEndpoint(root: string, name: string, fields: string): Promise<string> {
  const before = versions(root);
  const previousHead = head(root);
  const result = await runCli("rampart", ["add", "endpoint", name, "--fields", fields], root);
  expect(result.code, result.stderr).toBe(0);
  const after = versions(root);
  for (const [file, hash] of before) expect(after.get(file), `${file} was edited or removed`).toBe(hash);
  const added = [...after.keys()].filter((f) => !before.has(f));
  expect(added).toHaveLength(1);
  const file = added[0] ?? "";
  expect(file).toMatch(new RegExp(`^\\w+_${name}\\.py$`));
  const { revision, down } = revisionOf(root, file);
  expect(down, `${file} chains onto the previous head`).toBe(previousHead);
  expect(revision).toMatch(/^\w+$/);
  expect(head(root)).toBe(revision);
  return file;
}

describe("add endpoint and migrations", () => {
  it("writes one new migration per resource, chained onto the head, never touching the old ones", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rampart-add-"));
    const made = await runCli("create-rampart", ["api", "--yes", "--no-install", "--no-git"], dir);
    expect(made.code, made.stderr).toBe(0);
    const root = path.join(dir, "api");
    await addEndpoint(root, "orders", "title:string:max=120:unique,quantity:int:min=1");
    // A migration of the user's own (Alembic's random ids) is the head now: the next one follows it.
    const userHead = head(root);
    writeFileSync(
      path.join(root, VERSIONS, "9c1e5f2ab7d3_add_index.py"),
      [
        '"""add an index"""',
        "",
        'revision: str = "9c1e5f2ab7d3"',
        `down_revision: str | None = "${userHead}"`,
        "",
        "",
        "def upgrade() -> None:",
        "    pass",
        "",
        "",
        "def downgrade() -> None:",
        "    pass",
        "",
      ].join("\n"),
    );
    const file = await addEndpoint(root, "contacts", "email:email:unique,website?:url");
    expect(revisionOf(root, file).down).toBe("9c1e5f2ab7d3");
  });
});

describe("add endpoint after an add undone with git", () => {
  it("merges from the render rampart.json on disk describes, not from the discarded one", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rampart-undo-"));
    const made = await runCli("create-rampart", ["api", "--yes", "--no-install"], dir, GIT_IDENTITY);
    expect(made.code, made.stderr).toBe(0);
    const root = path.join(dir, "api");
    const widgets = await runCli("rampart", ["add", "endpoint", "widgets", "--fields", "title:string"], root);
    expect(widgets.code, widgets.stderr).toBe(0);
    // The user changes their mind: every trace of the add is discarded the usual git way.
    await execa("git", ["checkout", "--", "."], { cwd: root });
    await execa("git", ["clean", "-fdq"], { cwd: root });
    expect(readFileSync(path.join(root, "app/api/main.py"), "utf8")).not.toContain("widgets");

    const gadgets = await runCli("rampart", ["add", "endpoint", "gadgets", "--fields", "title:string"], root);
    expect(gadgets.stdout + gadgets.stderr).not.toMatch(/Conflicts to resolve/);
    expect(gadgets.stdout).toMatch(/ 0 conflicted.*\(base: git\)/);
    expect(gadgets.code).toBe(0);
    for (const file of ["app/api/main.py", "app/core/scopes.py"]) {
      const text = readFileSync(path.join(root, file), "utf8");
      expect(text, file).toContain("gadgets");
      expect(text, file).not.toContain("widgets");
      expect(text, file).not.toContain("<<<<<<<");
    }
  });
});
