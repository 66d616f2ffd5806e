/**
 * A resource's names, shared by every stack: `orders` → class `Order`, path `/orders`,
 * scopes `orders:read` / `orders:write`. Name checks live here so `add` refuses early.
 */
import { UsageError } from "../errors.js";
import type { FieldSpec } from "./fields.js";
import { validateIdentifier } from "./fields.js";
import { quoted } from "../core/names.js";
import { RESERVED_RESOURCES, RESERVED_WORDS } from "./reserved.js";

export interface ResourceNames {
  /** snake_case plural: module, table and path segment. */
  name: string;
  singular: string;
  /** PascalCase singular: the model class. */
  className: string;
  /** Human words: "order lines". */
  words: string;
  path: string;
  scopeRead: string;
  scopeWrite: string;
}

export function validateResourceName(name: string): void {
  validateIdentifier(name, "endpoint name");
  // A resource name is a module, a class and function names in every stack, unaliased.
  if (RESERVED_WORDS.has(name)) {
    throw new UsageError(
      `endpoint name ${quoted(name)} is a reserved word in Python, TypeScript or SQL: choose another`,
    );
  }
  if (RESERVED_RESOURCES.has(name) || RESERVED_RESOURCES.has(singularize(name))) {
    throw new UsageError(`endpoint name ${quoted(name)} is reserved: the project already uses it`);
  }
}

export function resourceNames(name: string): ResourceNames {
  const singular = singularize(name);
  return {
    name,
    singular,
    className: singular
      .split("_")
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(""),
    words: name.replaceAll("_", " "),
    path: `/${name}`,
    scopeRead: `${name}:read`,
    scopeWrite: `${name}:write`,
  };
}

export function singularize(word: string): string {
  if (/[^aeiou]ies$/.test(word)) return word.slice(0, -3) + "y";
  if (/(?:ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The one resource every project starts with (CONTRACT §3), built like any added one. */
export const ITEMS_FIELDS: FieldSpec[] = [
  { name: "name", type: "string", optional: false, unique: false, min: 1, max: 200 },
  { name: "description", type: "string", optional: true, unique: false, max: 2000 },
  { name: "price", type: "number", optional: true, unique: false, min: 0, max: 1e9 },
];
