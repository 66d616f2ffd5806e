/**
 * A Node project's migrations: `src/db/migrations/NNNN_<name>.ts`, run in name order by
 * Kysely's Migrator from the static list in `src/db/migrations/index.ts`. A new resource's
 * migration takes the next number; its `downRevision` is the project's last one on disk (the
 * user's own included), recorded in rampart.json so that re-renders reproduce the same file.
 */
import { existsSync, readdirSync } from "node:fs";
import { insideProject } from "../core/inside.js";
import { UsageError } from "../errors.js";

const MIGRATIONS_DIR = "src/db/migrations";
const FILE = /^(\d{4})_[a-z0-9_]+\.ts$/;
const WRITE_ONCE = /^src\/db\/migrations\/\d{4}_[a-z0-9_]+\.ts$/;

export const nodeMigrations = {
  next(root: string): { revision: string; downRevision: string } {
    const dir = insideProject(root, MIGRATIONS_DIR, "directory");
    const names = (existsSync(dir) ? readdirSync(dir) : []).filter((f) => FILE.test(f)).sort();
    const last = names.at(-1);
    if (!last) throw new UsageError(`no migrations found in ${MIGRATIONS_DIR}`);
    const number = Number(FILE.exec(last)?.[1] ?? "0");
    return { revision: String(number + 1).padStart(4, "0"), downRevision: last.slice(0, -".ts".length) };
  },
  /** Migrations are written once: a template change never rewrites one already generated. */
  isWriteOnce: (relPath: string): boolean => WRITE_ONCE.test(relPath),
};
