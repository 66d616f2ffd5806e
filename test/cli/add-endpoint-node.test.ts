/**
 * CONTRACT §1, for a Fastify project: `add endpoint` writes one new migration, numbered after
 * the last one on disk (the user's own included) and listed in the static index Kysely's
 * Migrator reads, and never edits an old one.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run.js";

const MIGRATIONS = "src/db/migrations";
const INDEX = "index.ts";

/** Every migration file (not the index) with a hash of its bytes. */
function migrations(root: string): Map<string, string> {
  const dir = path.join(root, MIGRATIONS);
  return new Map(
    readdirSync(dir)
      .filter((f) => f !== INDEX)
      .map((f) => [
        f,
        createHash("sha256")
          .update(readFileSync(path.join(dir, f)))
          .digest("hex"),
      ]),
  );
}

/** The migration names index.ts lists, in its order. */
function indexed(root: string): string[] {
  const text = readFileSync(path.join(root, MIGRATIONS, INDEX), "utf8");
  return [...text.matchAll(/^\s*"(\d{4}_[a-z0-9_]+)": /gm)].map((m) => m[1] ?? "");
}

async function newFastifyProject(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "rampart-add-node-"));
  const made = await runCli(
    "create-rampart",
    ["api", "--yes", "--framework", "fastify", "--no-install", "--no-git"],
    dir,
  );
  expect(made.code, made.stderr).toBe(0);
  return path.join(dir, "api");
}

/** Runs `add endpoint`, checking that exactly one migration appears and none changes; its file. */
async function addEndpoint(root: string, name: string, fields: string): Promise<string> {
  const before = migrations(root);
  const result = await runCli("rampart", ["add", "endpoint", name, "--fields", fields], root);
  expect(result.code, result.stderr).toBe(0);
  const after = migrations(root);
  for (const [file, hash] of before) expect(after.get(file), `${file} was edited or removed`).toBe(hash);
  const added = [...after.keys()].filter((f) => !before.has(f));
  expect(added).toHaveLength(1);
  return added[0] ?? "";
}

describe("add endpoint in a Fastify project", () => {
  it("writes one new migration per resource, after the last one on disk, listed last in the index", async () => {
    const root = await newFastifyProject();
    expect(indexed(root)).toEqual(["0001_users", "0002_refresh_tokens", "0003_items"]);

    const orders = await addEndpoint(root, "orders", "title:string:max=120:unique,quantity:int:min=1");
    expect(orders).toBe("0004_orders.ts");
    expect(readFileSync(path.join(root, MIGRATIONS, orders), "utf8")).toContain("after 0003_items");
    expect(indexed(root)).toEqual(["0001_users", "0002_refresh_tokens", "0003_items", "0004_orders"]);

    // A migration of the user's own is the last one now: the next resource's follows it.
    writeFileSync(
      path.join(root, MIGRATIONS, "0005_orders_index.ts"),
      [
        'import type { Kysely } from "kysely";',
        "",
        "export async function up(db: Kysely<unknown>): Promise<void> {",
        '  await db.schema.createIndex("ix_orders_title").on("orders").column("title").execute();',
        "}",
        "",
        "export async function down(db: Kysely<unknown>): Promise<void> {",
        '  await db.schema.dropIndex("ix_orders_title").execute();',
        "}",
        "",
      ].join("\n"),
    );
    const contacts = await addEndpoint(root, "contacts", "email:email:unique,website?:url");
    expect(contacts).toBe("0006_contacts.ts");
    expect(readFileSync(path.join(root, MIGRATIONS, contacts), "utf8")).toContain("after 0005_orders_index");
    expect(indexed(root).at(-1)).toBe("0006_contacts");

    const manifest = JSON.parse(readFileSync(path.join(root, "rampart.json"), "utf8")) as {
      endpoints: { name: string; revision: string; downRevision: string }[];
    };
    expect(manifest.endpoints.map((e) => [e.name, e.revision, e.downRevision])).toEqual([
      ["orders", "0004", "0003_items"],
      ["contacts", "0006", "0005_orders_index"],
    ]);
  }, 180_000);
});
