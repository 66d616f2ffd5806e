import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authenticate, bearerToken } from "../../src/auth/authenticate.js";
import { HttpError } from "../../src/errors.js";
import { updateUser } from "../../src/users/users.repository.js";
import { useAuthKit } from "../helpers/auth.js";
import { useTestDatabase } from "../helpers/db.js";
import { createTestUser } from "../helpers/users.js";

const t = useTestDatabase();
const kit = useAuthKit(t);

async function challengeOf(
  authorization: string | undefined,
): Promise<string | undefined> {
  try {
    await authenticate(t.db, kit.tokens, authorization);
    return undefined;
  } catch (error) {
    if (!(error instanceof HttpError) || error.status !== 401) throw error;
    return error.headers["WWW-Authenticate"];
  }
}

const tokenFor = (userId: string, scopes: string[], sessionId = randomUUID()) =>
  kit.tokens.issueAccessToken({ userId, scopes, sessionId });

describe("bearerToken", () => {
  it("reads everything after the scheme's space, as FastAPI does", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("Bearer  abc extra")).toBe(" abc extra");
    expect(bearerToken("Bearer ")).toBeUndefined();
    expect(bearerToken("Bearer")).toBeUndefined();
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe("authenticate", () => {
  it("answers the principal with the token's scopes cut to the role's", async () => {
    const u = await createTestUser(t.db);
    const principal = await authenticate(
      t.db,
      kit.tokens,
      `Bearer ${await tokenFor(u.id, ["items:read", "users:admin"])}`,
    );
    expect(principal.userId).toBe(u.id);
    expect([...principal.scopes]).toEqual(["items:read"]);
    expect(principal.user?.email).toBe(u.email);
  });

  it("401 without error= when no token is sent, with invalid_token when a bad one is", async () => {
    expect(await challengeOf(undefined)).toBe("Bearer");
    expect(await challengeOf("Bearer ")).toBe("Bearer");
    expect(await challengeOf("Basic dXNlcjpwYXNz")).toBe("Bearer");
    expect(await challengeOf("Bearer abc")).toBe(
      'Bearer error="invalid_token"',
    );
    const u = await createTestUser(t.db);
    const token = await tokenFor(u.id, ["items:read"]);
    expect(await challengeOf(`Bearer  ${token} extra`)).toBe(
      'Bearer error="invalid_token"',
    );
  });

  it("refuses a deleted or disabled user at once", async () => {
    expect(
      await challengeOf(`Bearer ${await tokenFor(randomUUID(), [])}`),
    ).toBe('Bearer error="invalid_token"');
    const u = await createTestUser(t.db);
    const token = await tokenFor(u.id, ["items:read"]);
    expect(await challengeOf(`Bearer ${token}`)).toBeUndefined();
    await updateUser(t.db, u.id, { isActive: false });
    expect(await challengeOf(`Bearer ${token}`)).toBe(
      'Bearer error="invalid_token"',
    );
  });

  it("follows the current role: a demoted admin loses users:admin", async () => {
    const admin = await createTestUser(t.db, "admin");
    const token = await tokenFor(admin.id, ["users:admin"]);
    expect(
      (await authenticate(t.db, kit.tokens, `Bearer ${token}`)).scopes.has(
        "users:admin",
      ),
    ).toBe(true);
    await updateUser(t.db, admin.id, { role: "user" });
    expect(
      (await authenticate(t.db, kit.tokens, `Bearer ${token}`)).scopes.size,
    ).toBe(0);
  });
});
