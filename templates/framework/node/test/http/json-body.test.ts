/** The one JSON body parser of every adapter: UTF-8 only, no BOM or NUL, bounded nesting. */
import { describe, expect, it } from "vitest";
import {
  isJsonContentType,
  MalformedBodyError,
  MAX_JSON_DEPTH,
  nestingExceeds,
  parseJsonBody,
} from "../../src/http/json-body.js";

const bytes = (text: string) => Buffer.from(text, "utf8");

describe("parseJsonBody", () => {
  it("parses a UTF-8 JSON text", () => {
    expect(parseJsonBody(bytes('{"name":"é","n":[1]}'))).toEqual({
      name: "é",
      n: [1],
    });
  });

  it.each([
    ["UTF-16", Buffer.from('{"a":1}', "utf16le"), "not valid JSON"],
    [
      "a BOM",
      Buffer.from([0xef, 0xbb, 0xbf, ...bytes("{}")]),
      "not valid JSON",
    ],
    ["bytes that are not UTF-8", Buffer.from([0x7b, 0xff, 0x7d]), "not UTF-8"],
    ["a NUL", bytes('{"a":"\u0000"}'), "not valid JSON"],
    ["a cut-off text", bytes('{"a":'), "not valid JSON"],
    [
      "too deep a nesting",
      bytes("[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1)),
      "nested too deeply",
    ],
  ])("refuses %s with a 400", (_why, body, detail) => {
    let thrown: unknown;
    try {
      parseJsonBody(body);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(MalformedBodyError);
    expect((thrown as MalformedBodyError).status).toBe(400);
    expect((thrown as Error).message).toContain(detail);
  });
});

describe("nestingExceeds", () => {
  it("counts brackets outside strings only", () => {
    expect(nestingExceeds('{"a":"[[[[[["}', 2)).toBe(false);
    expect(nestingExceeds('{"a":"\\"[[["}', 2)).toBe(false);
    expect(nestingExceeds("[[[]]]", 2)).toBe(true);
  });
});

describe("isJsonContentType", () => {
  it("is the media type that counts, whatever its case and parameters", () => {
    expect(isJsonContentType("application/json")).toBe(true);
    expect(isJsonContentType("Application/JSON; charset=utf-16")).toBe(true);
    expect(isJsonContentType("text/plain")).toBe(false);
    expect(isJsonContentType("application/json-patch+json")).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });
});
