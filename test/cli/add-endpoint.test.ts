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
/** A new project `api` (no install) in a fresh temporary directory; its root. */
async function newProject(prefix: string, git: boolean): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const flags = ["api", "--yes", "--no-install", ...(git ? [] : ["--no-git"])];
  const made = await runCli("create-rampart", flags, dir, git ? GIT_IDENTITY : undefined);
  expect(made.code, made.stderr).toBe(0);
  return path.join(dir, "api");
}

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
    const root = await newProject("rampart-add-", false);
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
    const root = await newProject("rampart-undo-", true);
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

/**
 * Issue 13: the project stays true as it grows. After `add endpoint`, the README's route
 * table, file list and ownership text name the new resource, and conftest.py offers its
 * `make_<resource>` factory, while edits the user made elsewhere in both files survive.
 */
describe("add endpoint keeps the README and the test fixtures true", () => {
  it("lists the new resource and its factory, keeping the user's edits to both files", async () => {
    const root = await newProject("rampart-grows-", true);
    const readmePath = path.join(root, "README.md");
    const conftestPath = path.join(root, "tests/conftest.py");
    const ownTitle = "# Our orders API (the user's title)";
    const ownFixture = [
      "@pytest.fixture",
      "def moderator(make_user: Callable[..., User]) -> User:  # the user's own fixture",
      '    return make_user("user")',
      "",
      "",
    ].join("\n");
    writeFileSync(readmePath, readFileSync(readmePath, "utf8").replace(/^# .*$/m, ownTitle));
    const conftest = readFileSync(conftestPath, "utf8");
    expect(conftest).toContain("\n@pytest.fixture\ndef token_for(");
    writeFileSync(
      conftestPath,
      conftest.replace("@pytest.fixture\ndef token_for(", `${ownFixture}@pytest.fixture\ndef token_for(`),
    );
    await execa("git", ["commit", "-qam", "our edits"], { cwd: root, env: GIT_IDENTITY });

    const added = await runCli("rampart", ["add", "endpoint", "orders", "--fields", "title:string,done:boolean"], root);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/ 0 conflicted/);

    const readme = readFileSync(readmePath, "utf8");
    expect(readme).toContain(ownTitle);
    // Prettier pads table columns: compare cells, not lines.
    const rows = readme
      .split("\n")
      .filter((line) => line.startsWith("|"))
      .map((line) =>
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    for (const name of ["items", "orders"]) {
      const singular = name.slice(0, -1);
      expect(rows).toContainEqual([
        `\`${name}\``,
        `\`GET\`, \`POST\` \`/${name}\`; \`GET\`, \`PATCH\`, \`DELETE\` \`/${name}/{${singular}_id}\``,
        `\`${name}:read\`, \`${name}:write\``,
        `\`tests/test_${name}.py\`, \`make_${name}\``,
      ]);
      expect(readme).toContain(`\`make_${name}(user, **fields)\``);
    }
    expect(rows.find((r) => r[0] === "`app/api/routes/`")?.[1]).toMatch(/`admin`, `items`, `orders`$/);
    expect(readme.replace(/\s+/g, " ")).toContain("every query of `/items`, `/orders` filters by the caller");

    const fixtures = readFileSync(conftestPath, "utf8");
    expect(fixtures).toContain(ownFixture);
    expect(fixtures).toMatch(/^def make_items\(/m);
    expect(fixtures).toMatch(/^def make_orders\(/m);
    expect(fixtures).toContain('response = client.post("/orders", json=body, headers=headers_for(user))');
    expect(readFileSync(path.join(root, "tests/test_orders.py"), "utf8")).toContain("row = make_orders(user)");
  });
});
