/**
 * The Zod building blocks of every resource's fields (src/<resource>/<resource>.schemas.ts).
 * Each rule is one the OpenAPI document states too (`pattern`, `maxLength`, `minimum`...), so
 * what a client or a fuzzer reads is what the server enforces. They are the FastAPI
 * projects' rules (app/schemas/common.py), since one black-box suite checks both.
 */
import { emailSchema } from "../email.js";
import { z } from "zod";

/** JSON Schema counts characters (code points); JavaScript's `length` counts UTF-16 units. */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
const characters = (value: string): number =>
  value.length - (value.match(SURROGATE_PAIR)?.length ?? 0);

// NUL bytes break C-string consumers and some databases.
// eslint-disable-next-line no-control-regex -- NUL is the character this refuses
const NO_NUL = /^[^\x00]*$/;

/** A string of `min`..`max` characters without NUL bytes. */
export function text(min: number, max: number) {
  return z
    .string()
    .regex(NO_NUL, "must not contain NUL characters")
    .refine(
      (value) => characters(value) >= min,
      `must have at least ${min} characters`,
    )
    .refine(
      (value) => characters(value) <= max,
      `must have at most ${max} characters`,
    )
    .meta(min > 0 ? { minLength: min, maxLength: max } : { maxLength: max });
}

/**
 * An integer as JSON Schema defines it: any number without a fraction, so `5.0` is 5 (JSON
 * parsing already makes it the number 5); `5.5`, `"5"` and `true` are refused.
 */
export function jsonInt(min: number, max: number) {
  return z.int().min(min).max(max);
}

// RFC 3339 section 5.6 date-time: seconds and an offset required; "T" and "Z" in any case.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const DATETIME_MESSAGE =
  "must be an RFC 3339 date-time with an offset, e.g. 2024-05-17T10:30:00Z";

function daysIn(year: number, month: number): number {
  return (
    new Date(Date.UTC(2000, month, 0)).getUTCDate() -
    (month === 2 && !isLeap(year) ? 1 : 0)
  );
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Milliseconds since the epoch, from UTC parts (years below 100 included). */
function utcMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  const date = new Date(Date.UTC(2000, 0, 1, hour, minute, second));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** A timestamp as responses carry it: UTC, `Z`, milliseconds only when there are some. */
export function formatTimestamp(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/** The instant an RFC 3339 date-time names, or undefined when it names none or leaves 0001–9999. */
export function parseTimestamp(value: string): Date | undefined {
  const match = RFC3339.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map(Number) as [number, number, number, number, number, number];
  const [
    ,
    ,
    ,
    ,
    ,
    ,
    ,
    fraction = "",
    sign,
    offsetHours = "0",
    offsetMinutes = "0",
  ] = match;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month))
    return undefined;
  if (
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    Number(offsetHours) > 23 ||
    Number(offsetMinutes) > 59
  ) {
    return undefined;
  }
  const offset =
    (Number(offsetHours) * 60 + Number(offsetMinutes)) *
    60_000 *
    (sign === "-" ? -1 : 1);
  const millis = Math.floor(Number(`0${fraction}`) * 1000);
  const date = new Date(
    utcMillis(year, month, day, hour, minute, second) + millis - offset,
  );
  // 9999-12-31T23:59:59-01:00 is a valid timestamp that no database column holds in UTC.
  const utcYear = date.getUTCFullYear();
  return utcYear >= 1 && utcYear <= 9999 ? date : undefined;
}

/** An RFC 3339 date-time with an offset, within years 0001–9999 in UTC; the value becomes UTC. */
export function datetime() {
  return z
    .string()
    .meta({ format: "date-time" })
    .regex(RFC3339, DATETIME_MESSAGE)
    .transform((value, context) => {
      const date = parseTimestamp(value);
      if (date === undefined) {
        context.addIssue({
          code: "custom",
          input: value,
          message: "must be a real date-time within years 0001 to 9999 in UTC",
        });
        return z.NEVER;
      }
      return formatTimestamp(date);
    });
}

/** A calendar date, `YYYY-MM-DD`, from year 0001. */
export function isoDate() {
  return z.iso
    .date()
    .refine(
      (value) => !value.startsWith("0000"),
      "must fall within years 0001 to 9999",
    );
}

/**
 * An exact decimal as a JSON string ("12.50"): at most `precision - scale` digits before the
 * point and `scale` after it. A JSON number is refused: most parsers read it as a binary float.
 */
export function decimal(precision: number, scale: number) {
  const whole = precision - scale;
  const head = whole === 0 ? "0" : `(?:0|[1-9][0-9]{0,${whole - 1}})`;
  const tail = scale > 0 ? `(?:\\.[0-9]{1,${scale}})?` : "";
  const zero = scale > 0 ? `0.${"0".repeat(scale)}` : "0";
  return z
    .string()
    .regex(
      new RegExp(`^-?${head}${tail}$`),
      `must be a decimal string of at most ${whole} digits before the point and ${scale} after it, as in "${zero}"`,
    )
    .meta({ examples: [zero] });
}

/** Any UUID (any version), as lower-case text. */
export function uuid() {
  return z.guid().transform((value) => value.toLowerCase());
}

// Whitespace as Python's str.strip() removes it, spelled out (no `\s`, whose members differ).
const WHITESPACE =
  "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

// Only absolute http(s) URLs with an ASCII (RFC 3986 reg-name) host: no javascript:, data:,
// relative references or look-alike Unicode hosts.
const URL_PATTERN = new RegExp(
  "^[Hh][Tt][Tt][Pp][Ss]?://(?:[A-Za-z0-9._~%!$&'()*+,;=:-]*@)?" +
    `[A-Za-z0-9._~%!$&'()*+,;=-]+(?::[0-9]*)?(?:[/?#][^${WHITESPACE}\\x00]*)?$`,
);

/** An absolute http(s) URL of at most `max` characters, kept as sent. */
export function url(max: number) {
  return z
    .string()
    .regex(URL_PATTERN, "must be an absolute http or https URL")
    .refine(
      (value) => characters(value) <= max,
      `must have at most ${max} characters`,
    )
    .meta({ maxLength: max });
}

/** An email address, normalised (NFKC, trimmed, lower-cased) before it is checked. */
export function email() {
  return emailSchema;
}

// Query strings carry text: a whole number is digits only ("1e2", "1.0", "" and " 5" are not).
const wholeNumber = (value: unknown): unknown =>
  typeof value === "string" && /^[0-9]{1,20}$/.test(value)
    ? Number(value)
    : value;

/**
 * A whole number from a query string, `min`..`max`, documented as the integer it is. Only
 * digits count: "", " ", "1.5" and "1e1" are refused (Zod's coerce would read "" as 0).
 */
export function queryInt(
  min: number,
  max: number,
  fallback: number,
  description: string,
) {
  const schema = z.preprocess(wholeNumber, z.int().min(min).max(max));
  const documented = {
    type: "integer",
    minimum: min,
    maximum: max,
    default: fallback,
    description,
  };
  return schema.default(fallback).meta(documented);
}

/** A list's `limit`, `offset` and `sort` (one of `sortKeys`, `-` for descending). */
export function listQuery(sortKeys: readonly string[]) {
  const sort = new RegExp(`^-?(?:${sortKeys.join("|")})$`);
  const sortMessage = `must be one of ${sortKeys.join(", ")}, optionally prefixed with "-"`;
  return z.object({
    limit: queryInt(1, 100, 20, "Page size"),
    // 2^31 - 1 (CONTRACT §3): every database's OFFSET takes it.
    offset: queryInt(0, 2_147_483_647, 0, "Rows to skip"),
    sort: z
      .string()
      .regex(sort, sortMessage)
      .default("-created_at")
      .meta({ description: "Sort key; a leading - sorts descending" }),
  });
}

/** `{ id }` of a path like `/items/:id`: any UUID. */
export const idParams = z.strictObject({ id: uuid() });

/** A page of a list. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    total: z.int(),
    limit: z.int(),
    offset: z.int(),
  });
}
