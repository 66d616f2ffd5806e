import { describe, expect, it } from "vitest";
import { parseFields } from "../../src/endpoints/fields.js";
import { UsageError } from "../../src/errors.js";
import { pythonNaming } from "../../src/stacks/fastapi-names.js";
import { CLASHING_NAMES } from "../clashing-names.js";

const parse = (spec: string) => parseFields(spec, pythonNaming);

describe("parseFields", () => {
  it("parses every type, optional marks and modifiers", () => {
    expect(
      parse(
        "title:string:max=120:unique, body?:text, qty:int:min=0:max=1000, price?:number:min=0.5, done:boolean, due?:date, at:datetime, ref:uuid, mail:email:unique, site?:url, status:enum(open|closed|on-hold)",
      ),
    ).toEqual([
      { name: "title", type: "string", optional: false, unique: true, max: 120 },
      { name: "body", type: "text", optional: true, unique: false },
      { name: "qty", type: "int", optional: false, unique: false, min: 0, max: 1000 },
      { name: "price", type: "number", optional: true, unique: false, min: 0.5 },
      { name: "done", type: "boolean", optional: false, unique: false },
      { name: "due", type: "date", optional: true, unique: false },
      { name: "at", type: "datetime", optional: false, unique: false },
      { name: "ref", type: "uuid", optional: false, unique: false },
      { name: "mail", type: "email", optional: false, unique: true },
      { name: "site", type: "url", optional: true, unique: false },
      { name: "status", type: "enum", optional: false, unique: false, values: ["open", "closed", "on-hold"] },
    ]);
  });

  it.each([
    ["", /--fields is empty/],
    ["title", /field 1 \("title"\): needs a type/],
    ["title:string,,qty:int", /field 2 \(""\): is empty/],
    ["title:varchar", /field 1 \("title:varchar"\): unknown type "varchar"/],
    ["Title:string", /not a snake_case identifier/],
    [`${"a".repeat(25)}:string`, /at most 24 characters/],
    [":string", /field 1 \(":string"\): needs a name before the type/],
    ["?:string", /needs a name before the type/],
    ["owner_id:uuid", /column rampart manages itself/],
    ["created_at?:datetime", /column rampart manages itself/],
    ["a:string,a:int", /field 2 \("a:int"\): "a" appears twice/],
    // Both would be `class_` in Python: the one clash an alias cannot settle.
    [
      "class:string,class_:int",
      /field 2 \("class_:int"\): "class_" and "class" would both be class_ in the Python code/,
    ],
    ["a:boolean:max=3", /max= applies to string, text, int and number/],
    ["a:int:min=5:max=1", /min= is greater than max=/],
    ["a:string:max=abc", /field 1 \("a:string:max=abc"\): max="abc" is not a number/],
    ["a:int:min=abc", /min="abc" is not a number/],
    ["a:int:min=", /min="" is not a number/],
    ["a:number:min=1e400", /field 1 \("a:number:min=1e400"\): min="1e400" is not a number a 64-bit float can hold/],
    ["a:int:min=1e400", /min="1e400" is outside the signed 64-bit range of int/],
    [
      "n:int:max=1e20",
      /max="1e20" is outside the signed 64-bit range of int \(-9223372036854775808 to 9223372036854775807\)/,
    ],
    ["n:int:min=-9223372036854775809", /outside the signed 64-bit range/],
    ["n:int:max=9223372036854775807", /max="9223372036854775807" is beyond ±9007199254740991/],
    ["a:string:max=1e400", /max="1e400" is longer than a string can be/],
    ["a:int:min=1.5e0", /whole number/],
    ["a:url:unique", /a url \(up to 2048 characters\) cannot be unique/],
    ["a:int:min=1.5", /whole number/],
    ["a:text:unique", /a text field cannot be unique/],
    ["a:string:unique:max=1000", /unique string is at most 255/],
    ["a:enum(A|b)", /enum value "A" is not a lower-case word/],
    ["a:enum(x|x)", /enum values repeat/],
    ["a:string:sorted", /unknown modifier "sorted"/],
  ])("refuses %j, saying where", (spec, message) => {
    expect(() => parse(spec)).toThrow(UsageError);
    expect(() => parse(spec)).toThrow(message);
  });

  it("reads bounds as JSON numbers, exponents included, within each type's range", () => {
    expect(parse("n:int:min=-9007199254740991:max=1e3,x:number:min=-1.5e300:max=2E-3")).toEqual([
      { name: "n", type: "int", optional: false, unique: false, min: -9007199254740991, max: 1000 },
      { name: "x", type: "number", optional: false, unique: false, min: -1.5e300, max: 0.002 },
    ]);
  });

  it("escapes control and format characters in every value it echoes", () => {
    const messages = ["a\x1b[31m:string", "a\nb:string", "a:int:min=1\u202e2", "a:enum(x|y\rz)", "a:str\u0007"].map(
      (spec) => {
        try {
          parse(spec);
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error(`accepted ${JSON.stringify(spec)}`);
      },
    );
    expect(messages).toEqual([
      '--fields, field 1 ("a\\u001b[31m:string"): field name "a\\u001b[31m" is not a snake_case identifier of at most 24 characters (a-z, 0-9, _; starting with a letter)',
      '--fields, field 1 ("a\\nb:string"): field name "a\\nb" is not a snake_case identifier of at most 24 characters (a-z, 0-9, _; starting with a letter)',
      '--fields, field 1 ("a:int:min=1\\u202e2"): min="1\\u202e2" is not a number',
      '--fields, field 1 ("a:enum(x|y\\rz)"): enum value "y\\rz" is not a lower-case word (a-z, 0-9, _ and -), as in enum(a|b|c)',
      '--fields, field 1 ("a:str\\u0007"): unknown type "str\\u0007": use string, text, int, number, boolean, date, datetime, uuid, email, url, decimal or enum(a|b)',
    ]);
  });

  it("accepts ordinary column names and names that clash with Python, TypeScript, SQL, Pydantic or SQLAlchemy", () => {
    const spec = ["number", "type", "order", "user", "key", "year", "level", "status", ...CLASHING_NAMES]
      .filter((name, i, all) => all.indexOf(name) === i)
      .map((name) => `${name}:int`)
      .join(",");
    expect(parse(spec).length).toBeGreaterThan(200);
  });
});

describe("Python spelling of field names", () => {
  it.each([
    ["class", "class_"],
    ["model_config", "field_model_config"],
    ["model_dump", "field_model_dump"],
    ["model_anything", "field_model_anything"],
    ["metadata", "metadata_"],
    ["registry", "registry_"],
    ["type", "type_"],
    ["json", "json_"],
    ["uuid", "uuid_"],
    ["number", "number"],
    ["order", "order"],
    ["status", "status"],
    ["select", "select"],
  ])("%s → %s", (name, identifier) => {
    expect(pythonNaming.identifier(name)).toBe(identifier);
  });
});
