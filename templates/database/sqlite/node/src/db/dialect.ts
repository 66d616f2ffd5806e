/**
 * SQLite through better-sqlite3: the only file that knows the driver. `DATABASE_URL` is
 * `sqlite:///data/app.db` (relative to the project root) or `sqlite:////abs/app.db`.
 *
 * What the rest of the code may rely on, whatever the database:
 * - migrations spell portable types (`uuid`, `timestamptz`, `boolean`, `varchar(n)`,
 *   `double precision`, `bigint`, `date`, `text`); here `uuid` and `timestamptz` are TEXT;
 * - a `Date` parameter is stored as its ISO 8601 UTC text (`2026-01-01T00:00:00.000Z`, which
 *   sorts as time does) and a boolean as 1 / 0: better-sqlite3 binds neither;
 * - rows come back as SQLite has them: timestamps as that text, booleans as 0 / 1.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import {
  SqliteDialect,
  SqliteQueryCompiler,
  type DataTypeNode,
  type Dialect,
  type QueryCompiler,
  type SqliteDatabase,
  type SqliteStatement,
} from "kysely";
import { ConfigError } from "../config.js";
import { PROJECT_ROOT } from "../env.js";

/** The file a `sqlite:` URL names: three slashes relative to the project, four absolute. */
export function sqlitePath(url: string): string {
  const match = /^sqlite:\/\/\/(.+)$/.exec(url);
  if (match?.[1] === undefined) {
    throw new ConfigError("DATABASE_URL must look like sqlite:///data/app.db");
  }
  const file = decodeURIComponent(match[1]);
  if (file === ":memory:") return file;
  return path.isAbsolute(file) ? file : path.resolve(PROJECT_ROOT, file);
}

/** What `createDialect` takes, on every database layer. */
export interface DialectSettings {
  url: string;
  /** Connections per process (server databases). */
  poolSize: number;
}

function bindable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/** better-sqlite3 with the parameter conversions above. */
function withBindings(db: Database.Database): SqliteDatabase {
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const statement = db.prepare(sql);
      return {
        get reader() {
          return statement.reader;
        },
        all: (parameters) => statement.all(...parameters.map(bindable)),
        run: (parameters) => statement.run(...parameters.map(bindable)),
        iterate: (parameters) => statement.iterate(...parameters.map(bindable)),
      };
    },
  };
}

function open(file: string): SqliteDatabase {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  // Foreign keys are off by default in SQLite; WAL lets readers run beside one writer.
  db.pragma("foreign_keys = ON");
  db.pragma("journal_mode = WAL");
  return withBindings(db);
}

const TYPES: Readonly<Record<string, string>> = {
  uuid: "text",
  timestamptz: "text",
};

class PortableSqliteCompiler extends SqliteQueryCompiler {
  protected override visitDataType(node: DataTypeNode): void {
    const type = TYPES[node.dataType];
    if (type === undefined) super.visitDataType(node);
    else this.append(type);
  }
}

class PortableSqliteDialect extends SqliteDialect {
  override createQueryCompiler(): QueryCompiler {
    return new PortableSqliteCompiler();
  }
}

/**
 * SQLite has one connection (Kysely serialises queries on it): `poolSize` does not apply.
 * The file opens on first use, so a bad path shows as a failed query (and a 503 from
 * `/health/ready`), not as a crash at import.
 */
export function createDialect({ url }: DialectSettings): Dialect {
  const file = sqlitePath(url);
  return new PortableSqliteDialect({
    database: () => Promise.resolve(open(file)),
  });
}

/** Whether `SELECT … FOR UPDATE` locks rows: SQLite has one writer, and Kysely one connection. */
export const ROW_LOCKS = false as boolean;
