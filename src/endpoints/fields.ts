/**
 * `--fields` (CONTRACT §1): `name[?]:type[:modifier...]`, comma-separated. Parsing is
 * strict and every error names the field (by position and text) and what is wrong. The
 * interactive prompt checks each answer with the same functions, so both refuse alike.
 */
import { quoted } from "../core/names.js";
import { UsageError } from "../errors.js";

export const FIELD_TYPES = [
  "string",
  "text",
  "int",
  "number",
  "boolean",
  "date",
  "datetime",
  "uuid",
  "email",
  "url",
  "decimal",
  "enum",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldSpec {
  name: string;
  type: FieldType;
  optional: boolean;
  unique: boolean;
  min?: number;
  max?: number;
  /** Only for `enum`. */
  values?: string[];
  /** Only for `decimal`, always recorded (defaults filled in): total digits, and digits after the point. */
  precision?: number;
  scale?: number;
}

/**
 * How a stack spells a field in its own code (src/stacks): the API and column keep the
 * field's name, and a name that would clash with the language or a library gets another
 * identifier in the code. Two fields may not end up with the same identifier.
 */
export interface FieldNaming {
  /** The language the identifiers are in, for messages: "Python". */
  language: string;
  identifier(name: string): string;
}

export const STRING_MAX = 255;
/** `decimal` without modifiers: NUMERIC(12, 2), money up to 9,999,999,999.99. */
export const DECIMAL_PRECISION = 12;
export const DECIMAL_SCALE = 2;
/** The widest NUMERIC every supported database (and most drivers) holds exactly. */
export const DECIMAL_PRECISION_MAX = 38;
export const TEXT_MAX = 10_000;
/** Indexed strings stay within MySQL's key limit together with owner_id. */
const UNIQUE_STRING_MAX = 255;
// At most 24 characters: constraint names like uq_<table>_owner_id_<field> stay within
// PostgreSQL's 63-character identifiers.
const IDENTIFIER = /^[a-z][a-z0-9_]{0,23}$/;
const ENUM_VALUE = /^[a-z0-9][a-z0-9_-]{0,62}$/;
// A JSON number's shape, exponents included (`1e9`); a leading `+` or `.5` is not one.
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** The columns every resource has, which rampart fills in itself. */
const MANAGED_COLUMNS = new Set(["id", "owner_id", "created_at", "updated_at"]);

// `int` is a signed 64-bit column; its bounds must also be exact as JSON numbers, which
// JavaScript (and so the manifest) holds as doubles.
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const LENGTH_TYPES = new Set<FieldType>(["string", "text"]);
const NUMBER_TYPES = new Set<FieldType>(["int", "number"]);
const UNIQUE_TYPES = new Set<FieldType>(["string", "int", "date", "datetime", "uuid", "email", "enum"]);

/** What is wrong with one field, without saying where: the caller knows where it was typed. */
export class FieldError extends Error {}

const fail = (why: string): never => {
  throw new FieldError(why);
};

export function parseFields(spec: string, naming: FieldNaming): FieldSpec[] {
  if (spec.trim() === "") throw new UsageError("--fields is empty: give at least one name:type");
  const fields: FieldSpec[] = [];
  spec.split(",").forEach((raw, index) => {
    const item = raw.trim();
    try {
      const field = parseField(item);
      checkNewName(field.name, fields, naming);
      fields.push(field);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      throw new UsageError(`--fields, field ${index + 1} (${quoted(item)}): ${error.message}`);
    }
  });
  return fields;
}

export function canBeUnique(type: FieldType): boolean {
  return UNIQUE_TYPES.has(type);
}

export function hasBounds(type: FieldType): boolean {
  return LENGTH_TYPES.has(type) || NUMBER_TYPES.has(type);
}

/** A resource or field name's shape; throws a UsageError naming `what`. */
export function validateIdentifier(name: string, what: string): void {
  if (!IDENTIFIER.test(name)) {
    throw new UsageError(
      `${what} ${quoted(name)} is not a snake_case identifier of at most 24 characters (a-z, 0-9, _; starting with a letter)`,
    );
  }
}

/**
 * `name` or `name?` as typed: the name and whether it is optional. Refuses what no stack
 * can hold; clashes with one stack's language are that stack's `FieldNaming`.
 */
export function parseFieldName(raw: string): { name: string; optional: boolean } {
  const optional = raw.endsWith("?");
  const name = optional ? raw.slice(0, -1) : raw;
  if (name === "") fail("needs a name before the type, as name:type");
  try {
    validateIdentifier(name, "field name");
  } catch (error) {
    fail((error as Error).message);
  }
  if (MANAGED_COLUMNS.has(name)) fail(`${quoted(name)} is a column rampart manages itself`);
  return { name, optional };
}

/** Refuses a name that repeats an earlier field's, or that the stack would spell the same way. */
export function checkNewName(name: string, earlier: readonly FieldSpec[], naming: FieldNaming): void {
  const identifier = naming.identifier(name);
  for (const other of earlier) {
    if (other.name === name) fail(`${quoted(name)} appears twice`);
    if (naming.identifier(other.name) === identifier) {
      fail(
        `${quoted(name)} and ${quoted(other.name)} would both be ${identifier} in the ${naming.language} code: rename one`,
      );
    }
  }
}

/** `string`, `int`, `enum(a|b)`... as typed after the name. */
export function parseFieldType(raw: string): Pick<FieldSpec, "type" | "values"> {
  const enumMatch = /^enum\((.*)\)$/s.exec(raw);
  if (enumMatch) return { type: "enum", values: parseEnumValues(enumMatch[1] ?? "") };
  if (raw !== "enum" && (FIELD_TYPES as readonly string[]).includes(raw)) return { type: raw as FieldType };
  return fail(`unknown type ${quoted(raw)}: use ${FIELD_TYPES.filter((t) => t !== "enum").join(", ")} or enum(a|b)`);
}

/** `a|b|c`: an enum's values. */
export function parseEnumValues(raw: string): string[] {
  const values = raw.split("|").map((v) => v.trim());
  const bad = values.find((v) => !ENUM_VALUE.test(v));
  if (bad !== undefined) {
    fail(`enum value ${quoted(bad)} is not a lower-case word (a-z, 0-9, _ and -), as in enum(a|b|c)`);
  }
  if (new Set(values).size !== values.length) fail("enum values repeat");
  return values;
}

/** The text after `min=` or `max=`, for a field of `type`. */
export function parseBound(key: "min" | "max", text: string, type: FieldType): number {
  if (!hasBounds(type)) fail(`${key}= applies to string, text, int and number fields, not ${type}`);
  if (!NUMBER.test(text)) fail(`${key}=${quoted(text)} is not a number`);
  const value = Number(text);
  if (type === "number") {
    if (!Number.isFinite(value)) fail(`${key}=${quoted(text)} is not a number a 64-bit float can hold`);
    return value;
  }
  if (type === "int") {
    checkInt64(key, text, value);
  } else if (!Number.isFinite(value)) {
    fail(`${key}=${quoted(text)} is longer than a ${type} can be (at most ${TEXT_MAX})`);
  }
  if (!Number.isInteger(value)) fail(`${key}= must be a whole number for ${type}`);
  if (LENGTH_TYPES.has(type) && value < 0) fail(`${key}= is a length and cannot be negative`);
  return value;
}

/** The text after `precision=` or `scale=`, for a field of `type`. */
export function parseDigits(key: "precision" | "scale", text: string, type: FieldType): number {
  if (type !== "decimal") fail(`${key}= applies to decimal fields, not ${type}`);
  if (!/^\d+$/.test(text)) fail(`${key}=${quoted(text)} is not a whole number`);
  const value = Number(text);
  if (key === "precision" && (value < 1 || value > DECIMAL_PRECISION_MAX)) {
    fail(`precision=${text} is outside 1..${DECIMAL_PRECISION_MAX} (total digits)`);
  }
  if (key === "scale" && value > DECIMAL_PRECISION_MAX) {
    fail(`scale=${text} is outside 0..${DECIMAL_PRECISION_MAX} (digits after the point)`);
  }
  return value;
}

function checkInt64(key: "min" | "max", text: string, value: number): void {
  // Digits are read exactly (a double would round 2^63 - 1 up to 2^63); `1e20` as a double.
  const exact = /^-?\d+$/.test(text) ? BigInt(text) : Number.isInteger(value) ? BigInt(value) : undefined;
  if (exact === undefined && Number.isFinite(value)) return; // a fraction: the caller says so
  if (exact === undefined || exact < INT64_MIN || exact > INT64_MAX) {
    fail(`${key}=${quoted(text)} is outside the signed 64-bit range of int (${INT64_MIN} to ${INT64_MAX})`);
  }
  if (!Number.isSafeInteger(value)) {
    fail(
      `${key}=${quoted(text)} is beyond ±${Number.MAX_SAFE_INTEGER}, the largest integer every JSON client reads exactly`,
    );
  }
}

/** One `name[?]:type[:modifier...]` item. */
export function parseField(item: string): FieldSpec {
  if (item === "") fail("is empty (two commas in a row?)");
  const [rawName = "", rawType, ...modifiers] = splitColons(item);
  const { name, optional } = parseFieldName(rawName);
  if (rawType === undefined || rawType === "") fail("needs a type, as name:type");
  const field: FieldSpec = { name, optional, unique: false, ...parseFieldType(rawType ?? "") };

  for (const modifier of modifiers) {
    const bound = /^(min|max)=(.*)$/s.exec(modifier);
    const digits = /^(precision|scale)=(.*)$/s.exec(modifier);
    if (digits) {
      const [, key, text] = digits as unknown as [string, "precision" | "scale", string];
      field[key] = parseDigits(key, text, field.type);
    } else if (field.type === "decimal" && (modifier === "unique" || bound)) {
      fail(`${modifier.split("=")[0] ?? modifier} does not apply to decimal: use precision=P and scale=S`);
    } else if (modifier === "unique") {
      if (field.type === "url") {
        fail(
          `a url (up to 2048 characters) cannot be unique within MySQL's index limits: use a unique string:max=${UNIQUE_STRING_MAX}`,
        );
      }
      if (!canBeUnique(field.type)) fail(`a ${field.type} field cannot be unique`);
      field.unique = true;
    } else if (bound) {
      const [, key, text] = bound as unknown as [string, "min" | "max", string];
      field[key] = parseBound(key, text, field.type);
    } else {
      fail(
        field.type === "decimal"
          ? `unknown modifier ${quoted(modifier)}: use precision=P and scale=S`
          : `unknown modifier ${quoted(modifier)}: use unique, min=N or max=N`,
      );
    }
  }
  if (field.type === "decimal") {
    field.precision ??= DECIMAL_PRECISION;
    field.scale ??= Math.min(DECIMAL_SCALE, field.precision);
    if (field.scale > field.precision) {
      fail(
        `scale=${field.scale} is greater than precision=${field.precision} (digits after the point are part of all digits)`,
      );
    }
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) fail("min= is greater than max=");
  if (field.type === "string" && (field.max ?? 0) > TEXT_MAX)
    fail(`max= for a string is at most ${TEXT_MAX} (use text)`);
  if (field.type === "text" && (field.max ?? 0) > TEXT_MAX) fail(`max= for text is at most ${TEXT_MAX}`);
  if (field.unique && field.type === "string" && (field.max ?? STRING_MAX) > UNIQUE_STRING_MAX) {
    fail(`a unique string is at most ${UNIQUE_STRING_MAX} characters (index limits)`);
  }
  return field;
}

/** Splits on colons outside `enum(...)`. */
function splitColons(item: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of item) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === ":" && depth === 0) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}
