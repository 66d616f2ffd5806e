/**
 * A new resource's migration: the next four-digit id, chained onto the project's current
 * head as it is on disk (the user's own migrations included). Both are recorded in
 * rampart.json, so later re-renders reproduce the same file; and a migration, once written,
 * is never rewritten by a template change.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { insideProject } from "../core/inside.js";
import { UsageError } from "../errors.js";

const VERSIONS_DIR = "alembic/versions";
const MIGRATION = /^alembic\/versions\/[^/]+\.py$/;
const REVISION = /^revision(?:\s*:\s*str)?\s*=\s*["']([^"']+)["']/m;
const DOWN_REVISION = /^down_revision(?:\s*:[^=]+)?\s*=\s*(?:["']([^"']+)["']|None)/m;

export function nextMigration(root: string): { revision: string; downRevision: string } {
  const dir = insideProject(root, VERSIONS_DIR, "directory");
  const revisions = new Map<string, string | undefined>();
  for (const file of existsSync(dir) ? readdirSync(dir) : []) {
    if (!file.endsWith(".py")) continue;
    const text = readFileSync(path.join(dir, file), "utf8");
    const revision = REVISION.exec(text)?.[1];
    if (revision) revisions.set(revision, DOWN_REVISION.exec(text)?.[1]);
  }
  const parents = new Set([...revisions.values()].filter(Boolean));
  const heads = [...revisions.keys()].filter((r) => !parents.has(r));
  if (heads.length !== 1) {
    throw new UsageError(
      heads.length === 0
        ? `no migrations found in ${VERSIONS_DIR}`
        : `the migrations have ${heads.length} heads (${heads.join(", ")}): merge them first (alembic merge heads)`,
    );
  }
  const numbered = [...revisions.keys()].filter((r) => /^\d{4}$/.test(r)).map(Number);
  return { revision: String(Math.max(0, ...numbered) + 1).padStart(4, "0"), downRevision: heads[0] ?? "" };
}

/** Migrations are written once: a template change never rewrites one already generated. */
export function isWriteOnce(relPath: string): boolean {
  return MIGRATION.test(relPath);
}
