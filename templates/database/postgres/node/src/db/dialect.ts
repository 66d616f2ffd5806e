/**
 * PostgreSQL through pg: the only file that knows the driver. `DATABASE_URL` is
 * `postgresql://user:pass@host:5432/db` (or `postgres://`), passed to pg as it is.
 *
 * Migrations spell portable types (`uuid`, `timestamptz`, `boolean`, `varchar(n)`,
 * `double precision`, `bigint`, `date`, `text`), all native here. Rows come back as pg
 * parses them: timestamptz as a `Date`, booleans as booleans, int8 and numeric as strings
 * (exact), and `date` as its `YYYY-MM-DD` text: pg's default would make a local-midnight
 * `Date` of it, a day off west of UTC.
 */
import { PostgresDialect, type Dialect } from "kysely";
import pg from "pg";
import { ConfigError } from "../config.js";

/** What `createDialect` takes, on every database layer. */
export interface DialectSettings {
  url: string;
  /** Connections per process: times the instances, under the server's max_connections. */
  poolSize: number;
}

const DATE_OID = 1082;

/** pg's parsers, but for `date`, kept as its text. One set per pool: pg's global one stays. */
function typeParsers(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(DATE_OID, (value: string) => value);
  return types;
}

export function createDialect({ url, poolSize }: DialectSettings): Dialect {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError(
      "DATABASE_URL must look like postgresql://user:pass@host:5432/db",
    );
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: typeParsers(),
    // Waiting longer for a connection answers 503 instead (see ./dialect-errors.ts).
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    // Under most proxies' idle limits; a dropped connection is replaced, not handed out.
    maxLifetimeSeconds: 1800,
    application_name: "api",
  });
  // An idle client whose server went away emits "error" on the pool; unhandled, that
  // would end the process. The next query reconnects, and /health/ready reports meanwhile.
  pool.on("error", () => undefined);
  return new PostgresDialect({ pool });
}

/** `SELECT … FOR UPDATE` locks rows here (the auth layer serialises a user's token spends with it). */
export const ROW_LOCKS = true as boolean;
