/**
 * Example bodies for a resource, derived from its fields: one valid body, a second valid
 * body for updates, and invalid bodies each with the one thing wrong with it. The project's
 * generated tests and the conformance suite's resource mode both use these.
 */
import { DECIMAL_PRECISION, DECIMAL_SCALE, STRING_MAX, TEXT_MAX, type FieldSpec } from "./fields.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const INT_LIMIT = 9_007_199_254_740_991; // 2^53 - 1: exact in every JSON client

export function maxLength(field: FieldSpec): number {
  if (field.max !== undefined) return field.max;
  return field.type === "text" ? TEXT_MAX : field.type === "url" ? 2048 : STRING_MAX;
}

/**
 * The shortest a string or text may be: `min=` when given, else 1 for a required field (an
 * empty title is no title) and 0 for an optional one, which may be sent as "" (a value,
 * stored as given), as null or not at all.
 */
export function minLength(field: FieldSpec): number {
  return field.min ?? (field.optional ? 0 : 1);
}

/** A decimal's digits before and after the point. */
export function decimalDigits(field: FieldSpec): { whole: number; scale: number } {
  const precision = field.precision ?? DECIMAL_PRECISION;
  const scale = field.scale ?? Math.min(DECIMAL_SCALE, precision);
  return { whole: precision - scale, scale };
}

/**
 * A decimal as its JSON string, from a digit string: the last `scale` digits go after the
 * point, and `digits` is cut or zero-padded to fit (`1234` → "12.34" at scale 2).
 */
function decimalText(digits: string, field: FieldSpec): string {
  const { whole, scale } = decimalDigits(field);
  const padded = digits.padStart(scale + 1, "0");
  const intPart = padded
    .slice(0, padded.length - scale)
    .replace(/^0+(?=\d)/, "")
    .slice(-Math.max(whole, 1));
  const fraction = padded.slice(padded.length - scale);
  const head = whole === 0 ? "0" : intPart;
  return scale === 0 ? head : `${head}.${fraction}`;
}

/**
 * A decimal a float would not keep exactly (0.1 + 0.2 is not 0.3 in binary), with as many
 * significant digits as the field holds, up to 15: SQLite, which has no exact NUMERIC,
 * keeps 15 (see app/models/base.py ExactDecimal).
 */
export function exactDecimal(field: FieldSpec): string {
  const { whole, scale } = decimalDigits(field);
  const digits = "123456789012345".slice(0, Math.min(whole + scale, 15));
  return decimalText(digits.padEnd(Math.min(whole, 15) + scale, "0").slice(0, 15), field);
}

function intBounds(field: FieldSpec): [number, number] {
  return [field.min ?? -INT_LIMIT, field.max ?? INT_LIMIT];
}

function clamp(value: number, field: FieldSpec): number {
  const [lo, hi] = field.type === "int" ? intBounds(field) : [field.min ?? -Infinity, field.max ?? Infinity];
  return Math.min(Math.max(value, lo), hi);
}

function sampleString(base: string, field: FieldSpec): string {
  const min = Math.max(minLength(field), 1);
  const max = maxLength(field);
  const text = base.length >= min ? base : base + "x".repeat(min - base.length);
  return text.slice(0, Math.max(max, 0));
}

/** `variant` 0 and 1 give two different valid values (create, then update). */
export function sampleValue(field: FieldSpec, variant: 0 | 1 = 0): Json {
  switch (field.type) {
    case "string":
    case "text":
      return sampleString(variant === 0 ? `Sample ${field.name}` : `Changed ${field.name}`, field);
    case "int":
      return clamp(variant === 0 ? 7 : 8, field);
    case "number":
      return clamp(variant === 0 ? 12.5 : 13.25, field);
    case "boolean":
      return variant === 0;
    case "date":
      return variant === 0 ? "2024-05-17" : "2025-01-02";
    case "datetime":
      return variant === 0 ? "2024-05-17T10:30:00Z" : "2025-01-02T08:00:00Z";
    case "uuid":
      return variant === 0 ? "5f0c6b8e-0d4e-4c43-9a57-3f1f6c1d2b7a" : "0b7e1d9c-6a3f-4e2b-8c1d-9f2a4b6c8d0e";
    case "email":
      return variant === 0 ? "someone@example.com" : "another@example.org";
    case "url":
      return variant === 0 ? "https://example.com/a" : "https://example.org/b";
    case "decimal":
      return decimalText(variant === 0 ? "1250" : "1325", field);
    case "enum":
      return field.values?.[variant % (field.values?.length ?? 1)] ?? null;
  }
}

export function validBody(fields: FieldSpec[], variant: 0 | 1 = 0): Record<string, Json> {
  return Object.fromEntries(fields.map((f) => [f.name, sampleValue(f, variant)]));
}

export interface InvalidBody {
  why: string;
  body: Record<string, Json>;
}

/** Values a field must refuse with 422, each with a reason for test names. */
export function invalidValues(field: FieldSpec): { why: string; value: Json }[] {
  const wrong: { why: string; value: Json }[] = [];
  const isText = field.type === "string" || field.type === "text";
  if (isText) {
    wrong.push({ why: "too long", value: "x".repeat(maxLength(field) + 1) });
    const min = minLength(field);
    if (min > 0) wrong.push({ why: min === 1 ? "empty" : "too short", value: "x".repeat(min - 1) });
    wrong.push({ why: "a NUL byte", value: "nul\u0000byte" });
    wrong.push({ why: "a number instead of a string", value: 5 });
  }
  if (field.type === "int" || field.type === "number") {
    const [lo, hi] = field.type === "int" ? intBounds(field) : [field.min, field.max];
    if (hi !== undefined) wrong.push({ why: "above the maximum", value: field.type === "int" ? hi + 1 : hi * 2 + 1 });
    if (lo !== undefined)
      wrong.push({ why: "below the minimum", value: field.type === "int" ? lo - 1 : lo - 1 - Math.abs(lo) });
    wrong.push({ why: "a numeric string", value: "12" });
  }
  if (field.type === "int") wrong.push({ why: "a fraction", value: 1.5 });
  if (field.type === "boolean") wrong.push({ why: "a string instead of a boolean", value: "true" });
  if (field.type === "date") wrong.push({ why: "an impossible date", value: "2024-13-40" });
  if (field.type === "datetime") {
    wrong.push({ why: "no time zone", value: "2024-05-17T10:30:00" });
    wrong.push({ why: "not a timestamp", value: "yesterday" });
  }
  if (field.type === "uuid") wrong.push({ why: "not a UUID", value: "not-a-uuid" });
  if (field.type === "email") wrong.push({ why: "not an email", value: "not-an-email" });
  if (field.type === "url") {
    wrong.push({ why: "a javascript: URL", value: "javascript:alert(1)" });
    wrong.push({ why: "not a URL", value: "not a url" });
  }
  if (field.type === "enum") wrong.push({ why: "not one of the values", value: "not_a_value" });
  if (field.type === "decimal") {
    const { whole, scale } = decimalDigits(field);
    // Sent as a JSON string only: a JSON number is a binary float to most parsers.
    wrong.push({ why: "a JSON number instead of a string", value: 1.5 });
    wrong.push({ why: "too many digits before the point", value: "9".repeat(whole + 1) });
    wrong.push({ why: "too many digits after the point", value: `0.${"1".repeat(scale + 1)}` });
    wrong.push({ why: "an exponent", value: "1e2" });
    wrong.push({ why: "not a number", value: "twelve" });
  }
  wrong.push({ why: "an object", value: { nested: true } });
  if (!field.optional) wrong.push({ why: "null", value: null });
  return wrong;
}

/** One thing wrong with the valid body: `key` set to `value`, or left out when `value` is absent. */
export interface InvalidChange {
  why: string;
  key: string;
  value?: Json;
}

/** Every way a create body must be refused with 422, each a change to the valid body. */
export function invalidChanges(fields: FieldSpec[]): InvalidChange[] {
  const changes: InvalidChange[] = [];
  for (const field of fields) {
    for (const { why, value } of invalidValues(field)) {
      changes.push({ why: `${field.name}: ${why}`, key: field.name, value });
    }
    if (!field.optional) changes.push({ why: `missing ${field.name}`, key: field.name });
  }
  for (const owned of ["id", "owner_id", "created_at"]) {
    const value = owned === "created_at" ? "2024-01-01T00:00:00Z" : "5f0c6b8e-0d4e-4c43-9a57-3f1f6c1d2b7a";
    changes.push({ why: `${owned} set by the client`, key: owned, value });
  }
  changes.push({ why: "an unknown field", key: "unexpected", value: 1 });
  return changes;
}

export function invalidBodies(fields: FieldSpec[]): InvalidBody[] {
  const valid = validBody(fields);
  return invalidChanges(fields).map(({ why, key, value }) => ({
    why,
    body:
      value === undefined
        ? Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))
        : { ...valid, [key]: value },
  }));
}

/** Columns a client may sort by: short, comparable values (not long text). */
export function sortable(field: FieldSpec): boolean {
  if (field.type === "text" || field.type === "boolean" || field.type === "uuid") return false;
  if (field.type === "string" || field.type === "url") return maxLength(field) <= STRING_MAX;
  return true;
}
