/**
 * Column types that mean the same on SQLite, PostgreSQL and MySQL, and the mapping from
 * what each driver hands back to the domain's values. Repositories bind `Date` and
 * `boolean` everywhere (the SQLite dialect converts them); they read with the functions
 * below, so no caller ever sees a driver's quirk.
 */
import type { ColumnType } from "kysely";

/** Bound as a `Date`; read as a `Date` (pg, mysql2) or ISO 8601 UTC text (SQLite). */
export type Timestamp = ColumnType<Date | string, Date, Date>;

/** Bound as a boolean; read as one (pg) or as 0 / 1 (SQLite, MySQL's TINYINT(1)). */
export type Flag = ColumnType<boolean | number, boolean, boolean>;

/** A count or other integer aggregate: pg answers int8 as a string. */
export type Count = string | number | bigint;

/** RFC 3339 UTC with `Z` and milliseconds, whatever the driver returned. */
export function toTimestamp(value: Date | string): string {
  // Text without a zone is UTC (MySQL's DATETIME, read as text so that years below 100 are
  // not taken for 19xx); `new Date()` would read it as local time.
  const text =
    value instanceof Date || /[Zz]$|[+-]\d{2}:\d{2}$/.test(value)
      ? value
      : `${value.replace(" ", "T")}Z`;
  const date = text instanceof Date ? text : new Date(text);
  if (Number.isNaN(date.getTime())) throw new RangeError("not a timestamp");
  return date.toISOString();
}

export function toBoolean(value: boolean | number): boolean {
  return value === true || value === 1;
}

export function toCount(value: Count): number {
  return Number(value);
}
