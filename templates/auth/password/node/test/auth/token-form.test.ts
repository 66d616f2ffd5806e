import { describe, expect, it } from "vitest";
import { OAuthError } from "../../src/errors.js";
import {
  parseRevokeForm,
  parseTokenForm,
  type FormParameters,
} from "../../src/auth/token-form.js";

function errorOf(form: FormParameters): string | undefined {
  try {
    parseTokenForm(form);
    return undefined;
  } catch (error) {
    if (error instanceof OAuthError) return error.error;
    throw error;
  }
}

describe("the token form", () => {
  it("reads the password and refresh_token grants", () => {
    expect(
      parseTokenForm(
        new URLSearchParams(
          "grant_type=password&username=a%40b.io&password=pw&scope=x",
        ),
      ),
    ).toEqual({
      grantType: "password",
      username: "a@b.io",
      password: "pw",
      scope: "x",
    });
    expect(
      parseTokenForm({
        grant_type: "refresh_token",
        refresh_token: "t",
        client_id: "c",
      }),
    ).toEqual({
      grantType: "refresh_token",
      refreshToken: "t",
      scope: undefined,
    });
    expect(
      parseTokenForm({
        grant_type: "password",
        username: "u",
        password: "p",
        scope: "",
      }),
    ).toMatchObject({
      scope: undefined,
    });
  });

  it("refuses a parameter given twice, whichever it is (RFC 6749 §3.2)", () => {
    expect(
      errorOf(
        new URLSearchParams(
          "grant_type=password&grant_type=password&username=u&password=p",
        ),
      ),
    ).toBe("invalid_request");
    expect(
      errorOf({ grant_type: "password", username: "u", password: ["p", "q"] }),
    ).toBe("invalid_request");
    expect(
      errorOf({
        grant_type: "refresh_token",
        refresh_token: "t",
        extra: ["1", "2"],
      }),
    ).toBe("invalid_request");
  });

  it("answers RFC 6749 errors for missing, empty, NUL and unknown values", () => {
    expect(errorOf({})).toBe("invalid_request");
    expect(errorOf({ grant_type: "" })).toBe("invalid_request");
    expect(errorOf({ grant_type: "password", username: "u" })).toBe(
      "invalid_request",
    );
    expect(
      errorOf({ grant_type: "password", username: "", password: "p" }),
    ).toBe("invalid_request");
    expect(errorOf({ grant_type: "refresh_token" })).toBe("invalid_request");
    expect(
      errorOf({ grant_type: "password", username: "u\u0000", password: "p" }),
    ).toBe("invalid_request");
    expect(errorOf({ grant_type: "client_credentials" })).toBe(
      "unsupported_grant_type",
    );
    expect(errorOf({ grant_type: "authorization_code", code: "x" })).toBe(
      "unsupported_grant_type",
    );
  });
});

describe("the revoke form", () => {
  it("reads the token, and treats anything unusable as none", () => {
    expect(
      parseRevokeForm({ token: "t", token_type_hint: "refresh_token" }),
    ).toBe("t");
    expect(parseRevokeForm(new URLSearchParams("token=t"))).toBe("t");
    expect(parseRevokeForm({})).toBeUndefined();
    expect(parseRevokeForm({ token: "" })).toBeUndefined();
    expect(parseRevokeForm({ token: "a\u0000" })).toBeUndefined();
  });
});
