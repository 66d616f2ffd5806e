/**
 * Column types and row readers for resource fields, beyond the ones every table uses
 * (src/db/columns.ts: `Timestamp`, `Flag`, `toTimestamp`, `toBoolean`). Drivers differ: pg
 * returns BIGINT and NUMERIC as strings, SQLite has no exact NUMERIC; repositories map each
 * row through these, so services and routes only ever see one shape.
 */
import type { ColumnType } from "kysely";
import { formatTimestamp, parseTimestamp } from "./fields.js";

/** BIGINT: a number in; a number, or (pg) a string, out. */
export type BigIntColumn = ColumnType<number | string | bigint, number, number>;

/** NUMERIC(p, s): its decimal string in; a string, or (SQLite) a number, out. */
export type DecimalColumn = ColumnType<number | string, string, string>;

export function toInteger(value: number | string | bigint): number;
export function toInteger(
  value: number | string | bigint | null,
): number | null;
export function toInteger(
  value: number | string | bigint | null,
): number | null {
  return value === null ? null : Number(value);
}

/** A decimal as its JSON string, with exactly `scale` digits after the point. */
export function toDecimal(value: number | string, scale: number): string;
export function toDecimal(
  value: number | string | null,
  scale: number,
): string | null;
export function toDecimal(
  value: number | string | null,
  scale: number,
): string | null {
  if (value === null) return null;
  // SQLite keeps NUMERIC as a double: 15 significant digits read back exactly.
  if (typeof value === "number") return value.toFixed(scale);
  const [whole = "0", fraction = ""] = value.split(".");
  return scale > 0
    ? `${whole}.${fraction.padEnd(scale, "0").slice(0, scale)}`
    : whole;
}

/** A `datetime` field's stored instant as responses carry it (RFC 3339 UTC, `Z`). */
export function toDatetime(value: Date | string): string;
export function toDatetime(value: Date | string | null): string | null;
export function toDatetime(value: Date | string | null): string | null {
  if (value === null) return null;
  if (value instanceof Date) return formatTimestamp(value);
  // Text without a zone is UTC (a DATETIME read as text); `new Date()` would take it as local
  // time, and years below 100 as 19xx.
  const text = /[Zz]|[+-]\d{2}:\d{2}$/.test(value)
    ? value
    : `${value.replace(" ", "T")}Z`;
  return formatTimestamp(parseTimestamp(text) ?? new Date(value));
}

/** What a `datetime` column is given: a Date (every dialect binds one). */
export function fromDatetime(value: string): Date;
export function fromDatetime(value: string | null): Date | null;
export function fromDatetime(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}
