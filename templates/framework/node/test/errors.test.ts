import { describe, expect, it } from "vitest";
import { databaseErrorKind } from "../src/db/errors.js";
import {
  conflict,
  forbiddenScope,
  HttpError,
  notFound,
  OAuthError,
  problem,
  toProblem,
  tooManyRequests,
  unauthorized,
  unprocessable,
} from "../src/errors.js";

describe("problem details", () => {
  it("have FastAPI's shape and key order", () => {
    expect(JSON.stringify(problem(404, "No such resource"))).toBe(
      '{"type":"about:blank","title":"Not Found","status":404,"detail":"No such resource"}',
    );
    expect(problem(413).detail).toBe("Request Entity Too Large");
  });

  it("map HttpErrors with their headers", () => {
    const response = toProblem(notFound());
    expect(response.status).toBe(404);
    expect(response.headers["Content-Type"]).toBe("application/problem+json");
    expect(response.body).toEqual({
      type: "about:blank",
      title: "Not Found",
      status: 404,
      detail: "No such resource",
    });
  });

  it("carry errors[] on a 422", () => {
    const body = toProblem(
      unprocessable([{ pointer: "/name", message: "required" }]),
    ).body;
    expect(body).toMatchObject({
      status: 422,
      errors: [{ pointer: "/name", message: "required" }],
    });
  });

  it("challenge on 401 and 403", () => {
    expect(unauthorized().headers["WWW-Authenticate"]).toBe("Bearer");
    expect(
      unauthorized(undefined, { invalidToken: true }).headers[
        "WWW-Authenticate"
      ],
    ).toBe('Bearer error="invalid_token"');
    expect(forbiddenScope("items:read").headers["WWW-Authenticate"]).toBe(
      'Bearer error="insufficient_scope", scope="items:read"',
    );
  });

  it("give 429 a whole-second Retry-After", () => {
    expect(tooManyRequests(1.2).headers["Retry-After"]).toBe("2");
    expect(tooManyRequests(0).headers["Retry-After"]).toBe("1");
  });

  it("answer the token endpoint's errors as RFC 6749", () => {
    const response = toProblem(
      new OAuthError("invalid_grant", "bad credentials"),
    );
    expect(response.status).toBe(400);
    expect(response.headers["Content-Type"]).toBe(
      "application/json; charset=utf-8",
    );
    expect(response.body).toEqual({
      error: "invalid_grant",
      error_description: "bad credentials",
    });
  });

  it("hide everything about an unexpected error", () => {
    const error = new Error("SELECT * FROM users at /srv/app.js:1:1");
    const response = toProblem(error);
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toMatch(/SELECT|srv/);
  });

  it("turn a unique violation that got past a service into a 409", () => {
    const race = Object.assign(new Error("duplicate"), {
      code: "SQLITE_CONSTRAINT_UNIQUE",
      errno: 2067,
    });
    const pg = Object.assign(new Error("duplicate"), { code: "23505" });
    const mysql = Object.assign(new Error("Duplicate entry"), {
      code: "ER_DUP_ENTRY",
    });
    const statuses = [race, pg, mysql].map((error) => toProblem(error).status);
    expect(statuses).toContain(409);
    expect(conflict("taken")).toBeInstanceOf(HttpError);
  });

  it("answer what the database could not store with a 422, and its absence with a 503", () => {
    // One driver error per kind, for whichever database this project uses.
    const samples = [
      { code: "SQLITE_TOOBIG" },
      { code: "SQLITE_BUSY" },
      { code: "22003" },
      { code: "08006" },
      { code: "ER_DATA_TOO_LONG" },
      { code: "ECONNREFUSED" },
    ].map((fields) => Object.assign(new Error("driver text"), fields));
    const byKind = new Map(
      samples.map((error) => [databaseErrorKind(error), toProblem(error)]),
    );
    expect(byKind.get("out-of-range")).toMatchObject({
      status: 422,
      body: { errors: [{ pointer: "" }] },
    });
    expect(byKind.get("unavailable")).toMatchObject({
      status: 503,
      headers: { "Retry-After": "5" },
    });
    expect(databaseErrorKind("not an error")).toBeUndefined();
    expect(databaseErrorKind(new Error("plain"))).toBeUndefined();
  });
});
