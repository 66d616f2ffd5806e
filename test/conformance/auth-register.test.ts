// CONTRACT §3 Auth: POST /auth/register.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { strongPassword, uniqueEmail } from "./api.js";
import { auditLogs, RFC3339_UTC_RE, UUID_RE, withServer } from "./context.js";
import { expectProblem, expectTokenError } from "./expect-problem.js";
import { auditHeaders } from "./headers.js";
import { projects } from "./projects.js";
import { RELAXED } from "./server.js";

describe.each(projects({ auth: "password" }))("$label: POST /auth/register", (project) => {
  const s = withServer(project, RELAXED);

  it("201 with the user's public shape, and nothing secret", async () => {
    const email = uniqueEmail();
    const password = strongPassword();
    const res = await s.api.post("/auth/register", { json: { email, password, full_name: "Ada Lovelace" } });
    expect(res.status, res.text).toBe(201);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const b = res.body;
    expect(Object.keys(b).sort()).toEqual(["created_at", "email", "full_name", "id", "is_active", "role"]);
    expect(b.id).toMatch(UUID_RE);
    expect(b).toMatchObject({ email, full_name: "Ada Lovelace", role: "user", is_active: true });
    expect(String(b.created_at)).toMatch(RFC3339_UTC_RE);
    expect(res.text).not.toContain(password);
    expect(res.text).not.toMatch(/argon2|hash/i);
  });

  it("full_name is optional", async () => {
    const res = await s.api.post("/auth/register", { json: { email: uniqueEmail(), password: strongPassword() } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.role).toBe("user");
  });

  it("normalises the email (trimmed, lower-cased) and logs in with the normal form", async () => {
    const local = `MiXeD-${randomUUID()}`;
    const password = strongPassword();
    const res = await s.api.post("/auth/register", { json: { email: `  ${local}@Example.COM `, password } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.email).toBe(`${local.toLowerCase()}@example.com`);
    await s.api.login(`${local.toLowerCase()}@example.com`, password);
  });

  it("lookalike emails: NFKC forms (fullwidth, NFD) are the same account (409), and log in as it", async () => {
    const id = randomUUID().slice(0, 8);
    const password = strongPassword();
    await s.api.register({ email: `jose-${id}@example.com`, password });
    const fullwidth = (t: string) => t.replace(/[a-z0-9]/g, (c) => String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0));
    const variants = [`${fullwidth(`jose-${id}`)}@example.com`, `jose-${id}@${fullwidth("example")}.com`];
    for (const email of variants) {
      const res = await s.api.post("/auth/register", { json: { email, password: strongPassword() } });
      expectProblem(res, 409, { echoed: [email] });
      await s.api.login(email, password);
    }
    // "é" precomposed (NFC) and "e" + combining acute (NFD) are one mailbox.
    const nfc = `jos\u00e9-${id}@example.com`;
    const created = await s.api.post("/auth/register", { json: { email: nfc, password } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.email).toBe(nfc);
    const nfd = nfc.normalize("NFD");
    expectProblem(await s.api.post("/auth/register", { json: { email: nfd, password: strongPassword() } }), 409, {
      echoed: [nfd],
    });
    await s.api.login(nfd, password);
  });

  it("emails with control, zero-width or mixed-script lookalike characters → 422", async () => {
    const id = randomUUID().slice(0, 8);
    const bad = [
      `u\u200b-${id}@example.com`, // zero-width space
      `u\u200d-${id}@example.com`, // zero-width joiner
      `\ufeffu-${id}@example.com`, // BOM / zero-width no-break space
      `u\u00ad-${id}@example.com`, // soft hyphen
      `u-${id}\u202e@example.com`, // right-to-left override
      `u\u0007-${id}@example.com`, // BEL
      `u\u001b[31m-${id}@example.com`, // ESC
      `u\u0085-${id}@example.com`, // NEL
      `\u0430dmin-${id}@example.com`, // Cyrillic "а" among Latin letters
      `admin-${id}@ex\u0430mple.com`, // ... in the domain
      `p\u0430ypal-${id}@example.com`,
    ];
    for (const email of bad) {
      const res = await s.api.post("/auth/register", { json: { email, password: strongPassword() } });
      expect(res.status, `${JSON.stringify(email)}: ${res.text}`).toBe(422);
      expectProblem(res, 422, { pointers: ["/email"], echoed: [email] });
    }
  });

  it("duplicate email → 409, also with different case and whitespace", async () => {
    const email = uniqueEmail();
    await s.api.register({ email });
    expectProblem(await s.api.post("/auth/register", { json: { email, password: strongPassword() } }), 409);
    const variant = `  ${email.toUpperCase()}  `;
    expectProblem(await s.api.post("/auth/register", { json: { email: variant, password: strongPassword() } }), 409);
  });

  it("password length: 11 → 422, 12 → 201, 128 → 201, 129 → 422", async () => {
    const pw = (n: number) => (strongPassword() + "x".repeat(200)).slice(0, n);
    expectProblem(await s.api.post("/auth/register", { json: { email: uniqueEmail(), password: pw(11) } }), 422, {
      pointers: ["/password"],
    });
    expect((await s.api.post("/auth/register", { json: { email: uniqueEmail(), password: pw(12) } })).status).toBe(201);
    expect((await s.api.post("/auth/register", { json: { email: uniqueEmail(), password: pw(128) } })).status).toBe(201);
    expectProblem(await s.api.post("/auth/register", { json: { email: uniqueEmail(), password: pw(129) } }), 422, {
      pointers: ["/password"],
    });
  });

  it("no truncation: a 128-char password's first 72 chars do not log in", async () => {
    const password = `${strongPassword()}${"a".repeat(128)}`.slice(0, 100) + randomUUID().replace(/-/g, "").slice(0, 28);
    expect(password).toHaveLength(128);
    const u = await s.api.register({ password });
    expectTokenError(await s.api.tokenRequest({ grant_type: "password", username: u.email, password: password.slice(0, 72) }), "invalid_grant");
    // Differs only after byte 72.
    const tail = password.slice(0, 127) + (password.endsWith("z") ? "y" : "z");
    expectTokenError(await s.api.tokenRequest({ grant_type: "password", username: u.email, password: tail }), "invalid_grant");
    await s.api.login(u.email, password);
  });

  it("a common breached password (password1234) → 422", async () => {
    expectProblem(await s.api.post("/auth/register", { json: { email: uniqueEmail(), password: "password1234" } }), 422, {
      pointers: ["/password"],
    });
  });

  it("unknown fields (role, is_active, id) → 422 and no account is created", async () => {
    for (const extra of [{ role: "admin" }, { is_active: false }, { id: randomUUID() }, { nickname: "x" }]) {
      const email = uniqueEmail();
      const res = await s.api.post("/auth/register", { json: { email, password: strongPassword(), ...extra } });
      expectProblem(res, 422);
      // The account must not exist: registering it now succeeds.
      expect((await s.api.post("/auth/register", { json: { email, password: strongPassword() } })).status).toBe(201);
    }
  });

  it("missing or malformed fields → 422 with pointers", async () => {
    expectProblem(await s.api.post("/auth/register", { json: { password: strongPassword() } }), 422, { pointers: ["/email"] });
    expectProblem(await s.api.post("/auth/register", { json: { email: uniqueEmail() } }), 422, { pointers: ["/password"] });
    expectProblem(await s.api.post("/auth/register", { json: { email: "not-an-email", password: strongPassword() } }), 422, {
      pointers: ["/email"],
    });
    expectProblem(await s.api.post("/auth/register", { json: { email: uniqueEmail(), password: 123456789012345 } }), 422, {
      pointers: ["/password"],
    });
    expectProblem(await s.api.post("/auth/register", { json: { email: uniqueEmail(), password: `abc\u0000${strongPassword()}` } }), 422);
    expectProblem(await s.api.post("/auth/register", { json: [] }), 422);
  });

  it("a rejected password is never echoed", async () => {
    const res = await s.api.post("/auth/register", { json: { email: uniqueEmail(), password: "short-Secret" .slice(0, 11) } });
    expectProblem(res, 422);
    expect(res.text).not.toContain("short-Secre");
  });

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});

describe.each(projects({ auth: "password" }))("$label: ALLOW_REGISTRATION=false", (project) => {
  const s = withServer(project, { ...RELAXED, ALLOW_REGISTRATION: "false" });

  it("POST /auth/register → 404 problem", async () => {
    expectProblem(await s.api.post("/auth/register", { json: { email: uniqueEmail(), password: strongPassword() } }), 404);
  });

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});
