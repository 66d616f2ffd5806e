/**
 * The one place a client's choice becomes an identifier in SQL: `?sort=-created_at`. Only
 * names from the caller's allow-list ever reach `sql.ref`; anything else was refused (422)
 * when the query was validated, and is refused here again.
 */
import { sql, type SelectQueryBuilder } from "kysely";

export interface SortKey<Column extends string = string> {
  column: Column;
  descending: boolean;
}

/** `"-created_at"` → `{ column: "created_at", descending: true }`, or undefined if not allowed. */
export function parseSortKey<Column extends string>(
  value: string,
  allowed: readonly Column[],
): SortKey<Column> | undefined {
  const descending = value.startsWith("-");
  const name = descending ? value.slice(1) : value;
  const column = allowed.find((candidate) => candidate === name);
  return column === undefined ? undefined : { column, descending };
}

/** Every accepted spelling of `allowed`: `created_at`, `-created_at`, … (for enums and docs). */
export function sortValues(allowed: readonly string[]): string[] {
  return allowed.flatMap((column) => [column, `-${column}`]);
}

/** `ORDER BY "<column>" ASC|DESC`, the column checked against `allowed` first. */
export function orderBySortKey<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  sort: SortKey,
  allowed: readonly string[],
): SelectQueryBuilder<DB, TB, O> {
  if (!allowed.includes(sort.column)) {
    throw new RangeError("sort column is not in the allow-list");
  }
  return query.orderBy(sql.ref(sort.column), sort.descending ? "desc" : "asc");
}
