import { describe, expect, it } from "vitest";
import { parseFields } from "../../src/endpoints/fields.js";
import { UsageError } from "../../src/errors.js";

describe("parseFields", () => {
  it("parses every type, optional marks and modifiers", () => {
    expect(
      parseFields(
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
    ["class:string", /reserved word/],
    ["select:int", /reserved word/],
    ["owner_id:uuid", /column rampart manages itself/],
    ["a:string,a:int", /"a" appears twice/],
    ["a:boolean:max=3", /max= applies to string, text, int and number/],
    ["a:int:min=5:max=1", /min= is greater than max=/],
    ["a:string:max=abc", /unknown modifier "max=abc"/],
    ["a:int:min=1.5", /whole number/],
    ["a:text:unique", /a text field cannot be unique/],
    ["a:string:unique:max=1000", /unique string is at most 255/],
    ["a:enum(A|b)", /enum values must be lower-case/],
    ["a:enum(x|x)", /enum values repeat/],
    ["a:string:sorted", /unknown modifier "sorted"/],
  ])("refuses %j, saying where", (spec, message) => {
    expect(() => parseFields(spec)).toThrow(UsageError);
    expect(() => parseFields(spec)).toThrow(message);
  });
});
