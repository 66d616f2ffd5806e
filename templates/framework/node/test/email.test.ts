import { describe, expect, it } from "vitest";
import { z } from "zod";
import { emailProblem, emailSchema, normaliseEmail } from "../src/email.js";

const body = z.strictObject({ email: emailSchema });
const fullwidth = (text: string) =>
  text.replace(/[a-z0-9]/g, (c) =>
    String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0),
  );

describe("email addresses", () => {
  it("are NFKC-normalised, trimmed (as Python trims) and lower-cased", () => {
    expect(normaliseEmail("  MiXeD@Example.COM \u0085")).toBe(
      "mixed@example.com",
    );
    expect(normaliseEmail(`${fullwidth("jose")}@example.com`)).toBe(
      "jose@example.com",
    );
    expect(normaliseEmail("jos\u0065\u0301@example.com")).toBe(
      "jos\u00e9@example.com",
    );
    // A BOM is not whitespace to Python: kept, and refused below.
    expect(normaliseEmail("\ufeffu@example.com")).toBe("\ufeffu@example.com");
  });

  it("refuse control, zero-width, bidi and other invisible characters", () => {
    for (const email of [
      "u\u200b@example.com",
      "u\u200d@example.com",
      "\ufeffu@example.com",
      "u\u00ad@example.com",
      "u\u202e@example.com",
      "u\u0007@example.com",
      "u\u001b[31m@example.com",
      "u\u0085x@example.com",
    ]) {
      expect(
        emailProblem(normaliseEmail(email)),
        JSON.stringify(email),
      ).toMatch(/invisible/);
    }
  });

  it("refuse what is no address", () => {
    for (const email of [
      "not-an-email",
      "a@b",
      "a..b@example.com",
      "a@@example.com",
      "a b@x.io",
    ]) {
      expect(emailProblem(email), email).toBe("must be an email address");
    }
    expect(
      emailProblem(`${"a".repeat(64)}@${"b".repeat(185)}.com`),
    ).toBeUndefined();
    expect(emailProblem(`${"a".repeat(65)}@example.com`)).toBe(
      "must be an email address",
    );
  });

  it("refuse a label that mixes Latin with a lookalike alphabet, not with Han or Kana", () => {
    expect(emailProblem("\u0430dmin@example.com")).toMatch(/alphabets/);
    expect(emailProblem("admin@ex\u0430mple.com")).toMatch(/alphabets/);
    expect(
      emailProblem("\u0430\u0434\u043c\u0438\u043d@example.com"),
    ).toBeUndefined();
    expect(emailProblem("用户abc@例子.广告")).toBeUndefined();
    expect(emailProblem("ünïcödé@bücher.de")).toBeUndefined();
  });

  it("validate as a body field, normalised, with the rule in the error", () => {
    expect(body.parse({ email: " A@Example.com " })).toEqual({
      email: "a@example.com",
    });
    const result = body.safeParse({ email: "p\u0430ypal@example.com" });
    expect(result.error?.issues).toMatchObject([{ path: ["email"] }]);
    expect(body.safeParse({ email: 5 }).success).toBe(false);
  });

  it("document the pattern, the length and the rules", () => {
    const schema = z.toJSONSchema(body, { io: "input" }) as unknown as {
      properties: {
        email: { pattern: string; maxLength: number; description: string };
      };
    };
    const { pattern, maxLength, description } = schema.properties.email;
    expect(maxLength).toBe(254);
    expect(description).toMatch(/one script per label/);
    const documented = new RegExp(pattern);
    // Every address the document promises is one the server takes.
    for (const email of [
      " Ada.Lovelace+x@Example.ORG ",
      "ÿø@àé.fr",
      "a!#$%&'*+/=?^_`{|}~-@x-y.io",
    ]) {
      expect(documented.test(email), email).toBe(true);
      expect(body.safeParse({ email }).success, email).toBe(true);
    }
    expect(documented.test("a..b@example.com")).toBe(false);
  });
});
