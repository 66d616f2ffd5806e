import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { createAuthService } from "../../src/auth/auth.service.js";
import { authenticate } from "../../src/auth/authenticate.js";
import { ROLE_SCOPES } from "../../src/auth/scopes.js";
import {
  findUserByEmail,
  setPasswordHash,
  updateUser,
} from "../../src/users/users.repository.js";
import { createAuthKit, failureOf, useAuthKit } from "../helpers/auth.js";
import { useTestDatabase } from "../helpers/db.js";
import { PUBLIC_USER_FIELDS } from "../helpers/users.js";

const t = useTestDatabase();
const kit = useAuthKit(t);

const password = "correct horse battery staple";
// Every resource's scopes: `rampart add endpoint` adds to them.
const USER_SCOPES = [...ROLE_SCOPES.user].sort().join(" ");
const uniqueEmail = () => `u-${randomUUID()}@example.com`;

async function registered(email = uniqueEmail()) {
  const user = await kit.service.register({
    email,
    password,
    full_name: "Ada",
  });
  return { ...user, password };
}

const login = (email: string, secret = password, scope?: string) =>
  kit.service.token({
    grant_type: "password",
    username: email,
    password: secret,
    ...(scope && { scope }),
  });
const refresh = (token: string, scope?: string) =>
  kit.service.token({
    grant_type: "refresh_token",
    refresh_token: token,
    ...(scope && { scope }),
  });
const me = (access: string) =>
  authenticate(t.db, kit.tokens, `Bearer ${access}`);
const accepted = async (access: string) =>
  (await failureOf(me(access))) === undefined;

describe("registration", () => {
  it("creates a user with the public shape and no secret", async () => {
    const email = uniqueEmail();
    const user = await kit.service.register({ email, password });
    expect(user).toMatchObject({
      email,
      full_name: null,
      role: "user",
      is_active: true,
    });
    expect(Object.keys(user).sort()).toEqual(PUBLIC_USER_FIELDS);
    expect((await findUserByEmail(t.db, email))?.hashedPassword).toMatch(
      /^\$argon2id\$/,
    );
  });

  it("refuses a taken email (409), also when two registrations race", async () => {
    const email = uniqueEmail();
    await registered(email);
    expect(await failureOf(kit.service.register({ email, password }))).toBe(
      409,
    );
    const racing = uniqueEmail();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        failureOf(kit.service.register({ email: racing, password })),
      ),
    );
    expect(results.sort()).toEqual([409, 409, undefined]);
  });

  it("is a 404 when closed", async () => {
    const closed = await createAuthKit(t.db, { allowRegistration: false });
    expect(
      await failureOf(
        closed.service.register({ email: uniqueEmail(), password }),
      ),
    ).toBe(404);
  });
});

describe("the password grant", () => {
  it("issues a pair with the role's scopes, or the requested subset", async () => {
    const user = await registered();
    const pair = await login(user.email);
    expect(pair).toMatchObject({
      token_type: "bearer",
      expires_in: 900,
      scope: USER_SCOPES,
    });
    expect(pair.refresh_token.length).toBeGreaterThanOrEqual(43);
    expect((await me(pair.access_token)).userId).toBe(user.id);
    expect(
      (await login(user.email, password, "items:read users:admin")).scope,
    ).toBe("items:read");
    expect((await login(user.email, password, "   ")).scope).toBe(USER_SCOPES);
  });

  it("looks the account up by its normal form", async () => {
    const user = await registered();
    await login(`  ${user.email.toUpperCase()} `);
  });

  it("refuses an unknown scope", async () => {
    const user = await registered();
    expect(
      await failureOf(login(user.email, password, "items:read root")),
    ).toBe("invalid_scope");
  });

  it("answers wrong password, unknown user, disabled user and overlong password alike", async () => {
    const user = await registered();
    expect(await failureOf(login(user.email, "wrong password, clearly"))).toBe(
      "invalid_grant",
    );
    expect(await failureOf(login(uniqueEmail()))).toBe("invalid_grant");
    expect(await failureOf(login(`${"a".repeat(300)}@example.com`))).toBe(
      "invalid_grant",
    );
    expect(await failureOf(login(user.email, password + "x".repeat(200)))).toBe(
      "invalid_grant",
    );
    const disabled = await registered();
    await updateUser(t.db, disabled.id, { isActive: false });
    expect(await failureOf(login(disabled.email))).toBe("invalid_grant");
  });

  it("counts failures towards the account's lockout, and forgives them on success", async () => {
    const strict = await createAuthKit(t.db, { loginMaxFailures: 2 });
    const user = await registered();
    const attempt = (secret: string) =>
      failureOf(
        strict.service.token({
          grant_type: "password",
          username: user.email,
          password: secret,
        }),
      );
    expect(await attempt("wrong password, clearly")).toBe("invalid_grant");
    expect(await attempt(password)).toBeUndefined();
    expect(await attempt("wrong password, clearly")).toBe("invalid_grant");
    expect(await attempt("wrong password, clearly")).toBe("invalid_grant");
    expect(await attempt(password)).toBe(429);
  });

  it("a password change committed while the login was verified ends that login", async () => {
    const user = await registered();
    const racing = createAuthService({
      db: t.db,
      config: { allowRegistration: true, refreshTokenTtlSeconds: 3600 },
      tokens: kit.tokens,
      lockout: kit.lockout,
      hasher: {
        hash: (secret) => kit.hasher.hash(secret),
        async verify(secret, stored) {
          const result = await kit.hasher.verify(secret, stored);
          await setPasswordHash(
            t.db,
            user.id,
            await kit.hasher.hash("the new passphrase"),
          );
          return result;
        },
      },
    });
    expect(
      await failureOf(
        racing.token({
          grant_type: "password",
          username: user.email,
          password,
        }),
      ),
    ).toBe("invalid_grant");
  });

  it("re-hashes a password stored with older parameters", async () => {
    const user = await registered();
    await setPasswordHash(
      t.db,
      user.id,
      await hash(password, { timeCost: 1, memoryCost: 32 }),
    );
    await login(user.email);
    expect((await findUserByEmail(t.db, user.email))?.hashedPassword).toMatch(
      /m=64,t=1,p=1/,
    );
  });
});

describe("the refresh_token grant", () => {
  it("rotates: a new pair in the same login, never wider, the old token spent", async () => {
    const user = await registered();
    const first = await login(user.email, password, "items:read");
    const second = await refresh(first.refresh_token);
    expect(second.scope).toBe("items:read");
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(await failureOf(refresh(second.refresh_token, "items:write"))).toBe(
      "invalid_scope",
    );
    // A refused scope does not spend the token.
    const third = await refresh(second.refresh_token);
    expect(await accepted(third.access_token)).toBe(true);
  });

  it("a replayed token revokes its whole family, access tokens included; other logins live", async () => {
    const user = await registered();
    const first = await login(user.email);
    const other = await login(user.email);
    const second = await refresh(first.refresh_token);
    expect(await failureOf(refresh(first.refresh_token))).toBe("invalid_grant");
    expect(await failureOf(refresh(second.refresh_token))).toBe(
      "invalid_grant",
    );
    expect(await accepted(first.access_token)).toBe(false);
    expect(await accepted(second.access_token)).toBe(false);
    expect(await accepted(other.access_token)).toBe(true);
    await refresh(other.refresh_token);
  });

  it("spends a token once when it is presented many times at once", async () => {
    const user = await registered();
    const pair = await login(user.email);
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(() => refresh(pair.refresh_token)),
    );
    const winners = results.filter((r) => r.status === "fulfilled");
    expect(winners.length).toBeLessThanOrEqual(1);
    const live = await Promise.all(
      winners.map(
        async (r) =>
          (await failureOf(refresh(r.value.refresh_token))) === undefined,
      ),
    );
    expect(live.filter(Boolean).length).toBeLessThanOrEqual(1);
  });

  it("refuses garbage, an access token, and a disabled user's token", async () => {
    const user = await registered();
    const pair = await login(user.email);
    expect(await failureOf(refresh("garbage"))).toBe("invalid_grant");
    expect(await failureOf(refresh(pair.access_token))).toBe("invalid_grant");
    await updateUser(t.db, user.id, { isActive: false });
    expect(await failureOf(refresh(pair.refresh_token))).toBe("invalid_grant");
  });

  it("keeps the login's absolute lifetime", async () => {
    const user = await registered();
    const pair = await login(user.email);
    await t.db
      .updateTable("refresh_tokens")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("user_id", "=", user.id)
      .execute();
    expect(await failureOf(refresh(pair.refresh_token))).toBe("invalid_grant");
  });
});

describe("revocation", () => {
  it("a refresh token ends every session of its user", async () => {
    const user = await registered();
    const a = await login(user.email);
    const b = await login(user.email);
    await kit.service.revoke(a.refresh_token);
    for (const pair of [a, b]) {
      expect(await accepted(pair.access_token)).toBe(false);
      expect(await failureOf(refresh(pair.refresh_token))).toBe(
        "invalid_grant",
      );
    }
    await kit.service.revoke(a.refresh_token);
    await kit.service.revoke("garbage");
    await kit.service.revoke(undefined);
    await login(user.email);
  });

  it("an access token ends its own login only", async () => {
    const user = await registered();
    const a = await login(user.email);
    const b = await login(user.email);
    await kit.service.revoke(a.access_token);
    expect(await accepted(a.access_token)).toBe(false);
    expect(await accepted(b.access_token)).toBe(true);
  });

  it("a revoke racing a refresh leaves no live token", async () => {
    const user = await registered();
    for (let trial = 0; trial < 5; trial++) {
      const pair = await login(user.email);
      const [refreshed] = await Promise.allSettled([
        refresh(pair.refresh_token),
        kit.service.revoke(pair.refresh_token),
      ]);
      expect(await accepted(pair.access_token)).toBe(false);
      if (refreshed.status === "fulfilled") {
        expect(await accepted(refreshed.value.access_token)).toBe(false);
        expect(await failureOf(refresh(refreshed.value.refresh_token))).toBe(
          "invalid_grant",
        );
      }
    }
  });
});

describe("the password change", () => {
  it("needs the current password, then ends every session; the new one logs in", async () => {
    const user = await registered();
    const a = await login(user.email);
    const b = await login(user.email);
    const principal = await me(a.access_token);
    const next = "a brand new passphrase";
    expect(
      await failureOf(
        kit.service.changePassword(principal, {
          current_password: "wrong one",
          new_password: next,
        }),
      ),
    ).toBe(400);
    await kit.service.changePassword(principal, {
      current_password: password,
      new_password: next,
    });
    for (const pair of [a, b]) {
      expect(await accepted(pair.access_token)).toBe(false);
      expect(await failureOf(refresh(pair.refresh_token))).toBe(
        "invalid_grant",
      );
    }
    expect(await failureOf(login(user.email))).toBe("invalid_grant");
    await login(user.email, next);
  });

  it("is a login attempt: failures lock the account, then 429 even with the right password", async () => {
    const strict = await createAuthKit(t.db, { loginMaxFailures: 2 });
    const user = await registered();
    const principal = await me((await login(user.email)).access_token);
    const change = (current: string) =>
      failureOf(
        strict.service.changePassword(principal, {
          current_password: current,
          new_password: "another passphrase",
        }),
      );
    expect(await change("wrong one")).toBe(400);
    expect(await change("wrong one")).toBe(400);
    expect(await change(password)).toBe(429);
  });
});
