import { describe, expect, it } from "vitest";
import { quoted, resolveTarget, validateProjectName } from "../../src/core/names.js";
import { validateResourceName } from "../../src/endpoints/resource.js";

describe("project names", () => {
  it.each(["my-api", "a", "api2", "orders-service"])("accepts %s", (name) => {
    expect(validateProjectName(name)).toBe(name);
  });

  it.each(["My-API", "2api", "-api", "api-", "my_api", "a".repeat(65), "", "app", "fastapi", "node_modules"])(
    "refuses %j",
    (name) => {
      expect(() => validateProjectName(name)).toThrow(/invalid project name/);
    },
  );
});

describe("resolveTarget", () => {
  it("keeps targets inside the working directory", () => {
    expect(resolveTarget("api", "/work")).toBe("/work/api");
    expect(resolveTarget(".", "/work/api")).toBe("/work/api");
  });

  it.each(["../api", "a/../../b"])("refuses the relative %s", (dir) => {
    expect(() => resolveTarget(dir, "/work/here")).toThrow(/outside the current directory/);
  });

  it("takes an absolute target as given, as create-vite does", () => {
    expect(resolveTarget("/srv/api", "/work/here")).toBe("/srv/api");
  });
});

describe("quoted", () => {
  it.each([
    ["plain", '"plain"'],
    ['say "hi"\\', '"say \\"hi\\"\\\\"'],
    ["line\nforged\r\tend", '"line\\nforged\\r\\tend"'],
    ["\x1b[31mred\x07", '"\\u001b[31mred\\u0007"'],
    ["\x7f\x9b", '"\\u007f\\u009b"'],
    // Bidi override, zero-width joiner, line separator: invisible or reordering on a terminal.
    ["a\u202eb\u200dc\u2028d", '"a\\u202eb\\u200dc\\u2028d"'],
    ["café", '"café"'],
  ])("prints %j as one safe line", (value, printed) => {
    expect(quoted(value)).toBe(printed);
  });

  it("is how names are echoed in errors", () => {
    expect(() => validateProjectName("x\x1b]0;owned\x07")).toThrow('invalid project name "x\\u001b]0;owned\\u0007"');
    expect(() => validateResourceName("a\nb")).toThrow('endpoint name "a\\nb" is not a snake_case identifier');
    expect(() => resolveTarget("../\x1bx", "/work")).toThrow('outside the current directory: "../\\u001bx"');
  });
});

describe("resource names", () => {
  it.each(["orders", "order_lines", "tags"])("accepts %s", (name) => {
    expect(() => validateResourceName(name)).not.toThrow();
  });

  // A resource is a module and a class, never aliased: keywords stay refused.
  it.each([
    ["class", /reserved word/],
    ["users", /the project already uses it/],
  ])("refuses %s", (name, message) => {
    expect(() => validateResourceName(name)).toThrow(message);
  });
});
