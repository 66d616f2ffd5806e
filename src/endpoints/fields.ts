/**
 * `--fields` (CONTRACT §1): `name[?]:type[:modifier...]`, comma-separated. Parsing is
 * strict and every error names the field (by position and text) and what is wrong.
 */
import { UsageError } from "../errors.js";
import { RESERVED_FIELDS, RESERVED_WORDS } from "./reserved.js";

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
}

export const STRING_MAX = 255;
export const TEXT_MAX = 10_000;
/** Indexed strings stay within MySQL's key limit together with owner_id. */
const UNIQUE_STRING_MAX = 255;
// At most 24 characters: constraint names like uq_<table>_owner_id_<field> stay within
// PostgreSQL's 63-character identifiers.
const IDENTIFIER = /^[a-z][a-z0-9_]{0,23}$/;
const ENUM_VALUE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const LENGTH_TYPES = new Set<FieldType>(["string", "text"]);
const NUMBER_TYPES = new Set<FieldType>(["int", "number"]);
const UNIQUE_TYPES = new Set<FieldType>(["string", "int", "date", "datetime", "uuid", "email", "url", "enum"]);

export function parseFields(spec: string): FieldSpec[] {
  if (spec.trim() === "") throw new UsageError("--fields is empty: give at least one name:type");
  const fields = spec.split(",").map((item, index) => parseField(item.trim(), index + 1));
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name)) throw new UsageError(`--fields: "${f.name}" appears twice`);
    seen.add(f.name);
  }
  return fields;
}

export function validateIdentifier(name: string, what: string): void {
  if (!IDENTIFIER.test(name)) {
    throw new UsageError(
      `${what} "${name}" is not a snake_case identifier of at most 24 characters (a-z, 0-9, _; starting with a letter)`,
    );
  }
  if (RESERVED_WORDS.has(name)) {
    throw new UsageError(`${what} "${name}" is a reserved word in Python, TypeScript or SQL: choose another`);
  }
}

function parseField(item: string, position: number): FieldSpec {
  const where = `--fields, field ${position} ("${item}")`;
  const fail = (why: string): never => {
    throw new UsageError(`${where}: ${why}`);
  };
  if (item === "") fail("is empty (two commas in a row?)");
  const [rawName = "", rawType = "", ...modifiers] = splitColons(item);
  if (rawType === "") fail("needs a type, as name:type");
  const optional = rawName.endsWith("?");
  const name = optional ? rawName.slice(0, -1) : rawName;
  try {
    validateIdentifier(name, "field name");
  } catch (error) {
    fail((error as Error).message);
  }
  if (RESERVED_FIELDS.has(name)) fail(`"${name}" is a column rampart manages itself`);

  const field: FieldSpec = { name, type: "string", optional, unique: false };
  const enumMatch = /^enum\((.*)\)$/.exec(rawType);
  if (enumMatch) {
    field.type = "enum";
    const values = (enumMatch[1] ?? "").split("|").map((v) => v.trim());
    if (values.some((v) => !ENUM_VALUE.test(v))) fail("enum values must be lower-case words, as enum(a|b|c)");
    if (new Set(values).size !== values.length) fail("enum values repeat");
    field.values = values;
  } else if ((FIELD_TYPES as readonly string[]).includes(rawType) && rawType !== "enum") {
    field.type = rawType as FieldType;
  } else {
    fail(`unknown type "${rawType}": use ${FIELD_TYPES.filter((t) => t !== "enum").join(", ")} or enum(a|b)`);
  }

  for (const modifier of modifiers) {
    const bound = /^(min|max)=(-?\d+(?:\.\d+)?)$/.exec(modifier);
    if (modifier === "unique") {
      if (!UNIQUE_TYPES.has(field.type)) fail(`a ${field.type} field cannot be unique`);
      field.unique = true;
    } else if (bound) {
      const [, key, value] = bound as unknown as [string, "min" | "max", string];
      if (!LENGTH_TYPES.has(field.type) && !NUMBER_TYPES.has(field.type)) {
        fail(`${key}= applies to string, text, int and number fields, not ${field.type}`);
      }
      const n = Number(value);
      if (field.type !== "number" && !Number.isInteger(n)) fail(`${key}= must be a whole number for ${field.type}`);
      if (LENGTH_TYPES.has(field.type) && n < 0) fail(`${key}= is a length and cannot be negative`);
      field[key] = n;
    } else {
      fail(`unknown modifier "${modifier}": use unique, min=N or max=N`);
    }
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) fail("min= is greater than max=");
  if (field.type === "string" && (field.max ?? 0) > TEXT_MAX)
    fail(`max= for a string is at most ${TEXT_MAX} (use text)`);
  if (field.type === "text" && (field.max ?? 0) > TEXT_MAX) fail(`max= for text is at most ${TEXT_MAX}`);
  if (field.unique && field.type === "string" && (field.max ?? STRING_MAX) > UNIQUE_STRING_MAX) {
    fail(`a unique string is at most ${UNIQUE_STRING_MAX} characters (index limits)`);
  }
  if (field.unique && field.type === "url") {
    fail(
      `a url (up to 2048 characters) cannot be unique within MySQL's index limits: use a unique string:max=${UNIQUE_STRING_MAX}`,
    );
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
