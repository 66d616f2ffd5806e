/**
 * Field names in the Node stacks' TypeScript. A field keeps its name in JSON, OpenAPI, the
 * database and the TypeScript types: the templates never bind a field name as a variable or
 * parameter, and reserved words (`delete`, `class`, `default`) are valid property names
 * since ES5, as are SQL words, which Kysely quotes. So every name is its own identifier.
 *
 * One name cannot work: `constructor`. Every object inherits one, so Zod (which reads
 * `input[key]`) would see `Object` in a body that leaves the field out, and refuse valid
 * requests. No alias helps (the JSON key is the name), so it is refused, as CONTRACT §1
 * allows: a name accepted always leaves the project green.
 */
import { FieldError, type FieldNaming } from "../endpoints/fields.js";

/**
 * Lower-case names every JavaScript object inherits (Object.prototype's others are
 * camelCase or `__proto__`, which no snake_case field name can be).
 */
const INHERITED = new Set(["constructor"]);

export const tsNaming: FieldNaming = {
  language: "TypeScript",
  identifier: (name) => {
    if (INHERITED.has(name)) {
      throw new FieldError(
        `"${name}" is a property every JavaScript object inherits, so the TypeScript code cannot tell it apart from a missing field: choose another name`,
      );
    }
    return name;
  },
};
