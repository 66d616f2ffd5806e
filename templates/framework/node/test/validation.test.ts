import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toPointer, zodIssuesToErrors } from "../src/validation.js";

const Body = z.strictObject({
  name: z.string(),
  tags: z.array(z.strictObject({ label: z.string().max(3) })).optional(),
});

function errorsOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected a failure");
  return zodIssuesToErrors(result.error.issues);
}

describe("zodIssuesToErrors", () => {
  it("points at body fields, at any depth", () => {
    const errors = errorsOf(Body, { name: 1, tags: [{ label: "long" }] });
    expect(errors.map((e) => e.pointer)).toEqual(["/name", "/tags/0/label"]);
    expect(
      errors.every((e) => typeof e.message === "string" && e.message !== ""),
    ).toBe(true);
  });

  it("points at the root for a body that is not an object", () => {
    expect(errorsOf(Body, [1, 2]).map((e) => e.pointer)).toEqual([""]);
  });

  it("reports each unknown field at the field itself", () => {
    const errors = errorsOf(Body, { name: "a", role: "admin", "a/b": 1 });
    expect(errors).toEqual([
      { pointer: "/role", message: "Extra inputs are not permitted" },
      { pointer: "/a~1b", message: "Extra inputs are not permitted" },
    ]);
  });

  it("points at a query parameter by its name", () => {
    const Query = z.object({ limit: z.coerce.number().int().min(1) });
    expect(errorsOf(Query, { limit: "0" }).map((e) => e.pointer)).toEqual([
      "/limit",
    ]);
  });

  it("escapes pointer tokens (RFC 6901)", () => {
    expect(toPointer(["a~b", "c/d", 0])).toBe("/a~0b/c~1d/0");
    expect(toPointer([])).toBe("");
  });
});
