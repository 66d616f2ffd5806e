import { describe, expect, it } from "vitest";
import { acceptRequestId } from "../src/http/request-id.js";
import {
  DOCS_CSP,
  SECURITY_HEADERS,
  withCharset,
} from "../src/http/security-headers.js";

describe("request ids", () => {
  it("echo a short safe token", () => {
    expect(acceptRequestId("abc-123_x.y")).toBe("abc-123_x.y");
  });

  it.each([undefined, "", "a b", "x\ny", "x".repeat(65), ["a", "b"]])(
    "replace %j",
    (sent) => {
      const id = acceptRequestId(sent);
      expect(id).toMatch(/^[0-9a-f]{32}$/);
    },
  );
});

describe("security headers", () => {
  it("are the contract's exact strings", () => {
    expect(SECURITY_HEADERS).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
      "Referrer-Policy": "no-referrer",
      "X-Frame-Options": "DENY",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
      "Cache-Control": "no-store",
    });
    expect(DOCS_CSP).toContain("frame-ancestors 'none'");
  });

  it("give bare JSON a charset", () => {
    expect(withCharset("application/json")).toBe(
      "application/json; charset=utf-8",
    );
    expect(withCharset("application/problem+json")).toBe(
      "application/problem+json",
    );
  });
});
