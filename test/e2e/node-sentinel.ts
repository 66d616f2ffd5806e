/**
 * The development-data stand-in of project-checks.test.ts for a Node project, through the
 * project's own drivers (better-sqlite3, pg or mysql2, from its node_modules): `seed`
 * creates a table with one row, then both modes print every table, the sentinel rows and
 * each table's row count, as one JSON line. Run as `node --input-type=module -e SCRIPT url mode`
 * in the project, so that its packages resolve.
 */
export const NODE_SENTINEL_SCRIPT = `
const [url, mode] = process.argv.slice(1);
const scheme = url.slice(0, url.indexOf(":"));
let query, close, tablesSql, quote;
if (scheme === "sqlite") {
  const { default: Database } = await import("better-sqlite3");
  // sqlite:///relative/path, sqlite:////absolute/path
  const db = new Database(url.slice("sqlite:///".length));
  query = async (text) => (/^\\s*select/i.test(text) ? db.prepare(text).all() : (db.exec(text), []));
  close = async () => db.close();
  tablesSql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
  quote = (name) => '"' + name + '"';
} else if (scheme === "postgresql" || scheme === "postgres") {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  query = async (text) => (await client.query(text)).rows;
  close = () => client.end();
  tablesSql = "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'";
  quote = (name) => '"' + name + '"';
} else {
  const mysql = await import("mysql2/promise");
  const connection = await mysql.createConnection(url);
  query = async (text) => (await connection.query(text))[0];
  close = () => connection.end();
  tablesSql =
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()";
  quote = (name) => "\`" + name + "\`";
}
if (mode === "seed") {
  await query("CREATE TABLE rampart_sentinel (id INTEGER PRIMARY KEY, note VARCHAR(64))");
  await query("INSERT INTO rampart_sentinel (id, note) VALUES (1, 'development data')");
}
const tables = (await query(tablesSql)).map((r) => r.name ?? r.NAME ?? r.TABLE_NAME).sort();
const rows = (await query("SELECT id, note FROM rampart_sentinel ORDER BY id")).map((r) => [Number(r.id), r.note]);
const counts = {};
for (const t of tables) counts[t] = Number((await query("SELECT COUNT(*) AS n FROM " + quote(t)))[0].n);
await close();
console.log(JSON.stringify({ tables, rows, counts }));
`;
