/**
 * How a resource's fields look in a Node project: Zod schemas (what requests may send and
 * what responses carry), Kysely column types, how a row's driver value becomes the domain
 * value and back, and the migration's column types. Templates under templates/resource/node
 * and templates/resource/fastify print these; Prettier formats the result.
 *
 * The rules mirror the FastAPI stack's (fastapi-resource.ts), because one black-box suite
 * checks both: strings are counted in characters (code points) and refuse NUL, ints are
 * JSON-Schema integers within ±(2^53 - 1) unless bounded, datetimes are RFC 3339 with an
 * offset, decimals travel as strings.
 */
import type { EndpointRecord } from "../core/manifest.js";
import type { FieldSpec } from "../endpoints/fields.js";
import { decimalDigits, maxLength, minLength, sortable, type Json } from "../endpoints/samples.js";
import { resourceView, type ResourceView } from "../endpoints/view.js";
import { tsNaming } from "./node-names.js";

export interface TsField {
  /** The name in JSON, OpenAPI, the database and the TypeScript types (never a binding). */
  name: string;
  optional: boolean;
  unique: boolean;
  sortable: boolean;
  /** The Zod schema of a value a request sends, e.g. `text(1, 200)` (src/resources/fields.ts). */
  input: string;
  /** The Zod schema of the value a response carries. */
  output: string;
  /** The domain value's TypeScript type, `| null` included. */
  type: string;
  /** The column's type in the Kysely table interface, `| null` included. */
  column: string;
  /** A row's value as the domain value: `toInteger(row.qty)`, `row.title`. */
  read: string;
  /** What an insert binds, from the validated create body: `fromBoolean(values.done ?? null)`. */
  insert: string;
  /** What an update binds, from a value the body holds: `fromBoolean(values.done)`. */
  update: string;
  /** The migration's data type, a portable Kysely type literal: `"varchar(200)"`, `"timestamptz"`. */
  dataType: string;
  /** An enum's allowed values as an SQL list for its CHECK: `'a', 'b'`. */
  check?: string;
}

export interface TsResource extends Omit<ResourceView, "sortKeys" | "decimals" | "test"> {
  /** `lineItems`: the route plugin's and functions' stem. */
  camelName: string;
  fields: TsField[];
  /** Columns a client may sort by (`sort=-created_at` is descending), as a TS array literal. */
  sortKeys: string;
  hasUnique: boolean;
  /** Names the schemas module imports from src/resources/fields.js. */
  fieldImports: string;
  /** The table module's `import type` lines. */
  tableImports: string[];
  /** The repository's imports of row readers and writers. */
  valueImports: string[];
  /** Whether the migration needs per-dialect types / CHECKs. */
  migration: { checks: boolean };
  /** Literals for the generated tests (TypeScript, JSON-compatible). */
  test: ResourceView["test"] & {
    /** A decimal with a value a float would not keep exactly, to round-trip. */
    decimals: { name: string; value: string }[];
    enums: { name: string; values: string }[];
  };
}

// 2^53 - 1: ints stay exact in every JSON client (and fit a BIGINT everywhere).
const INT_LIMIT = 9_007_199_254_740_991;
/** The longest string kept in a VARCHAR (items' description, 2000, is one); longer is TEXT. */
const VARCHAR_MAX = 2000;

/** TypeScript literals (JSON is TypeScript). */
const TS_LITERALS = {
  str: (value: string) => JSON.stringify(value),
  value: (value: Json) => JSON.stringify(value),
  repeat: (char: string, times: number) => `${JSON.stringify(char)}.repeat(${times})`,
};

export function tsResource(record: EndpointRecord, ownMigration = true): TsResource {
  const fields = record.fields.map(tsField);
  const { sortKeys, decimals, test, ...view } = resourceView(record, ownMigration, TS_LITERALS);
  const fieldImports = new Set<string>();
  const valueImports = new Set<string>(["toTimestamp"]);
  const columnTypes = new Set<string>(["Timestamp"]);
  for (const f of fields) {
    for (const helper of HELPERS) {
      if (new RegExp(`(?<![.\\w])${helper}\\(`).test(`${f.input} ${f.output}`)) fieldImports.add(helper);
    }
  }
  for (const f of record.fields) {
    const { read, write, column } = mapping(f);
    if (read) valueImports.add(read);
    if (write) valueImports.add(write);
    if (MODULES[column]) columnTypes.add(column);
  }
  return {
    ...view,
    camelName: camel(view.name),
    fields,
    sortKeys: JSON.stringify(sortKeys),
    hasUnique: view.uniqueFields.length > 0,
    fieldImports: [...fieldImports].sort().join(", "),
    tableImports: importLines(columnTypes, "import type"),
    valueImports: importLines(valueImports, "import"),
    migration: { checks: fields.some((f) => f.check) },
    test: {
      ...test,
      decimals: decimals.map(({ field, value }) => ({ name: field.name, value })),
      enums: record.fields
        .filter((f) => f.type === "enum")
        .map((f) => ({ name: f.name, values: JSON.stringify(f.values ?? []) })),
    },
  };
}

/** Where each column type and row helper lives, relative to src/<resource>/. */
const MODULES: Readonly<Record<string, string>> = {
  Timestamp: "../db/columns.js",
  Flag: "../db/columns.js",
  toTimestamp: "../db/columns.js",
  toBoolean: "../db/columns.js",
  BigIntColumn: "../resources/values.js",
  DecimalColumn: "../resources/values.js",
  toInteger: "../resources/values.js",
  toDecimal: "../resources/values.js",
  toDatetime: "../resources/values.js",
  fromDatetime: "../resources/values.js",
};

/** `import { a, b } from "module";` per module, sorted. */
function importLines(names: Set<string>, keyword: string): string[] {
  const byModule = new Map<string, string[]>();
  for (const name of [...names].sort()) {
    const module = MODULES[name];
    if (module === undefined) throw new Error(`no module for ${name}`);
    byModule.set(module, [...(byModule.get(module) ?? []), name]);
  }
  return [...byModule]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([module, list]) => `${keyword} { ${list.join(", ")} } from "${module}";`);
}

/** `line_items` → `lineItems`. */
export function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The src/resources/fields.ts helpers a schema may call. */
const HELPERS = ["text", "jsonInt", "datetime", "isoDate", "decimal", "email", "url", "uuid"] as const;

function tsField(field: FieldSpec): TsField {
  // Every accepted name is a property name as it is (node-names.ts refuses the rest).
  const { name } = field;
  tsNaming.identifier(name);
  const { read, write, readArgs = "", ...rest } = mapping(field);
  const call = (fn: string, value: string) => (fn ? `${fn}(${value}${fn === read ? readArgs : ""})` : value);
  // null stays null: readers (src/db/columns.ts' among them) are given only values.
  const nullable = (fn: string, value: string) =>
    fn && field.optional ? `${value} === null ? null : ${call(fn, value)}` : call(fn, value);
  return {
    name,
    optional: field.optional,
    unique: field.unique,
    sortable: sortable(field),
    ...rest,
    column: field.optional ? `${rest.column} | null` : rest.column,
    type: field.optional ? `${rest.type} | null` : rest.type,
    read: nullable(read, `row.${name}`),
    // Writers (src/resources/values.ts) take null as well.
    insert: call(write, field.optional ? `values.${name} ?? null` : `values.${name}`),
    update: call(write, `values.${name}`),
  };
}

interface Mapping extends Omit<TsField, "name" | "optional" | "unique" | "sortable" | "read" | "insert" | "update"> {
  /** src/resources/values.ts function turning a row's value into the domain value ("" = as is). */
  read: string;
  /** Arguments after the value: `, 2` (a decimal's scale). */
  readArgs?: string;
  /** src/resources/values.ts function turning a domain value into what is bound ("" = as is). */
  write: string;
}

/** An int bound: never outside what every JSON client reads exactly (fields.ts refuses more). */
function intBound(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  return Math.min(Math.max(value, -INT_LIMIT), INT_LIMIT);
}

const plain = { read: "", write: "" };

function mapping(field: FieldSpec): Mapping {
  const length = maxLength(field);
  switch (field.type) {
    case "string":
    case "text": {
      // Long strings live in TEXT columns: MySQL counts VARCHAR lengths against its
      // 65,535-byte row limit (4 bytes a character in utf8mb4). The schema keeps the limit.
      const asText = field.type === "text" || length > VARCHAR_MAX;
      return {
        input: `text(${minLength(field)}, ${length})`,
        output: "z.string()",
        type: "string",
        column: "string",
        ...plain,
        dataType: asText ? '"text"' : `"varchar(${length})"`,
      };
    }
    case "int":
      return {
        input: `jsonInt(${intBound(field.min, -INT_LIMIT)}, ${intBound(field.max, INT_LIMIT)})`,
        output: "z.int()",
        type: "number",
        column: "BigIntColumn",
        read: "toInteger",
        write: "",
        dataType: '"bigint"',
      };
    case "number": {
      const bounds = [
        ...(field.min !== undefined ? [`.min(${field.min})`] : []),
        ...(field.max !== undefined ? [`.max(${field.max})`] : []),
      ];
      return {
        // z.number() refuses Infinity (1e400 parses to it) and NaN.
        input: `z.number()${bounds.join("")}`,
        output: "z.number()",
        type: "number",
        column: "number",
        ...plain,
        dataType: '"double precision"',
      };
    }
    case "boolean":
      return {
        input: "z.boolean()",
        output: "z.boolean()",
        type: "boolean",
        column: "Flag",
        read: "toBoolean",
        write: "",
        dataType: '"boolean"',
      };
    case "date":
      return {
        input: "isoDate()",
        output: "z.iso.date()",
        type: "string",
        // Every dialect returns DATE as its "YYYY-MM-DD" text (src/db/dialect.ts).
        column: "string",
        ...plain,
        dataType: '"date"',
      };
    case "datetime":
      return {
        input: "datetime()",
        output: "z.iso.datetime()",
        type: "string",
        column: "Timestamp",
        read: "toDatetime",
        write: "fromDatetime",
        dataType: '"timestamptz"',
      };
    case "uuid":
      return {
        input: "uuid()",
        output: "z.guid()",
        type: "string",
        column: "string",
        ...plain,
        dataType: '"uuid"',
      };
    case "email":
      return {
        input: "email()",
        output: "z.string()",
        type: "string",
        column: "string",
        ...plain,
        dataType: '"varchar(254)"',
      };
    case "url":
      return {
        input: `url(${length})`,
        output: "z.string()",
        type: "string",
        column: "string",
        ...plain,
        dataType: `"varchar(${length})"`,
      };
    case "enum": {
      const values = field.values ?? [];
      const width = Math.max(...values.map((v) => v.length));
      const list = values.map((v) => `'${v}'`).join(", ");
      const schema = `z.enum(${JSON.stringify(values)})`;
      // A VARCHAR with a CHECK, not a native ENUM type: the same on every database, and
      // adding a value is a plain migration. Values are [a-z0-9_-] words (fields.ts).
      return {
        input: schema,
        output: schema,
        type: values.map((v) => JSON.stringify(v)).join(" | "),
        // The CHECK keeps every other value out, so rows are typed with the values too.
        column: values.map((v) => JSON.stringify(v)).join(" | "),
        ...plain,
        dataType: `"varchar(${width})"`,
        check: list,
      };
    }
    case "decimal": {
      const { whole, scale } = decimalDigits(field);
      return {
        input: `decimal(${whole + scale}, ${scale})`,
        output: `decimal(${whole + scale}, ${scale})`,
        type: "string",
        column: "DecimalColumn",
        read: "toDecimal",
        readArgs: `, ${scale}`,
        write: "",
        dataType: `"numeric(${whole + scale}, ${scale})"`,
      };
    }
  }
}
