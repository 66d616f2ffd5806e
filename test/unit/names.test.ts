import { describe, expect, it } from "vitest";
import { resolveTarget, validateProjectName } from "../../src/core/names.js";

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
