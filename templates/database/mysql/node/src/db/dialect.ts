/**
 * MySQL 8 and MariaDB 10.11+ through mysql2: the only file that knows the driver.
 * `DATABASE_URL` is `mysql://user:pass@host:3306/db` (or `mariadb://`).
 *
 * - utf8mb4 end to end: 4-byte characters (emoji) are stored, not refused; every table is
 *   created utf8mb4 with binary comparison, as unique columns need.
 * - Strict mode (`TRADITIONAL`): a value that does not fit is an error, never truncated.
 * - UTC sessions: `timestamptz` is DATETIME(6) holding UTC, read back as a `Date`; `date`
 *   columns are read as their `YYYY-MM-DD` text.
 * - No RETURNING: ids are made by the app (UUIDs), never by the database.
 * Migrations spell portable types; `uuid` becomes CHAR(36), `timestamptz` DATETIME(6).
 * Booleans are TINYINT(1): they come back as 0 / 1.
 */
import {
  MysqlDialect,
  MysqlQueryCompiler,
  type CreateTableNode,
  type DataTypeNode,
  type Dialect,
  type QueryCompiler,
} from "kysely";
import { createPool, type PoolOptions } from "mysql2";
import { ConfigError } from "../config.js";

/** What `createDialect` takes, on every database layer. */
export interface DialectSettings {
  url: string;
  /** Connections per process: times the instances, under the server's max_connections. */
  poolSize: number;
}

const SESSION = "SET SESSION sql_mode = 'TRADITIONAL', time_zone = '+00:00'";

/** mysql2's connection options from a `mysql://` URL. */
export function connectionOptions(url: string): PoolOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(
      "DATABASE_URL must look like mysql://user:pass@host:3306/db",
    );
  }
  if (parsed.protocol !== "mysql:" && parsed.protocol !== "mariadb:") {
    throw new ConfigError(
      "DATABASE_URL must look like mysql://user:pass@host:3306/db",
    );
  }
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: parsed.port === "" ? 3306 : Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
  };
}

const TYPES: Readonly<Record<string, string>> = {
  uuid: "char(36)",
  timestamptz: "datetime(6)",
};

class PortableMysqlCompiler extends MysqlQueryCompiler {
  protected override visitDataType(node: DataTypeNode): void {
    const type = TYPES[node.dataType];
    if (type === undefined) super.visitDataType(node);
    else this.append(type);
  }

  protected override visitCreateTable(node: CreateTableNode): void {
    super.visitCreateTable(node);
    if (node.selectQuery === undefined) {
      this.append(" character set utf8mb4 collate utf8mb4_bin");
    }
  }
}

class PortableMysqlDialect extends MysqlDialect {
  override createQueryCompiler(): QueryCompiler {
    return new PortableMysqlCompiler();
  }
}

export function createDialect({ url, poolSize }: DialectSettings): Dialect {
  const pool = createPool({
    ...connectionOptions(url),
    charset: "utf8mb4",
    timezone: "Z",
    // As text: mysql2 builds a DATETIME's Date with `new Date(y, …)`, which reads years
    // below 100 as 19xx (0001 comes back as 1901); the readers take zone-less text as UTC.
    dateStrings: ["DATE", "DATETIME"],
    // BIGINT as a number while it is exact, as a string beyond; DECIMAL as a string.
    supportBigNumbers: true,
    connectionLimit: poolSize,
    maxIdle: poolSize,
    idleTimeout: 60_000,
    connectTimeout: 5000,
    enableKeepAlive: true,
  });
  // Before any query of the connection's (mysql2 runs a connection's commands in order).
  // A connection that cannot be set up is dropped rather than used without strict mode.
  pool.on("connection", (connection) => {
    connection.query(SESSION, (error) => {
      if (error) connection.destroy();
    });
  });
  return new PortableMysqlDialect({ pool });
}

/** `SELECT … FOR UPDATE` locks rows here (the auth layer serialises a user's token spends with it). */
export const ROW_LOCKS = true as boolean;
