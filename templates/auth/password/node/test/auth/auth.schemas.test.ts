import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  PasswordChangeSchema,
  RegisterSchema,
} from "../../src/auth/auth.schemas.js";

const pointers = (result: { error?: z.ZodError }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.join("/"));

describe("the register body", () => {
  it("takes email, password and an optional full_name; nothing else", () => {
    const body = { email: " A@Example.com", password: "correct horse battery" };
    expect(RegisterSchema.parse(body)).toEqual({
      email: "a@example.com",
      password: "correct horse battery",
    });
    expect(
      RegisterSchema.parse({ ...body, full_name: null }).full_name,
    ).toBeNull();
    expect(RegisterSchema.safeParse({ ...body, role: "admin" }).success).toBe(
      false,
    );
    expect(
      pointers(RegisterSchema.safeParse({ ...body, password: "password1234" })),
    ).toEqual(["password"]);
    expect(
      pointers(
        RegisterSchema.safeParse({ ...body, password: 123456789012345 }),
      ),
    ).toEqual(["password"]);
  });

  it("never echoes a refused password", () => {
    const result = RegisterSchema.safeParse({
      email: "a@example.com",
      password: "short-Secre",
    });
    expect(
      JSON.stringify(result.error?.issues.map((i) => i.message)),
    ).not.toContain("short-Secre");
  });

  it("documents the password's length in characters", () => {
    const schema = z.toJSONSchema(RegisterSchema, {
      io: "input",
    }) as unknown as {
      $defs: { RegisterRequest: { properties: { password: object } } };
    };
    expect(schema.$defs.RegisterRequest.properties.password).toMatchObject({
      minLength: 12,
      maxLength: 128,
    });
  });
});

describe("the password change body", () => {
  it("needs a current password and a policy-abiding new one", () => {
    const ok = { current_password: "x", new_password: "correct horse battery" };
    expect(PasswordChangeSchema.safeParse(ok).success).toBe(true);
    expect(
      pointers(PasswordChangeSchema.safeParse({ ...ok, current_password: "" })),
    ).toEqual(["current_password"]);
    expect(
      pointers(
        PasswordChangeSchema.safeParse({ ...ok, new_password: "short" }),
      ),
    ).toEqual(["new_password"]);
  });
});
