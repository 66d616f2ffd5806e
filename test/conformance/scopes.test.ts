// CONTRACT §3 Scopes and roles.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { adminCreds, adminEnv, adminLogin, auditLogs, withServer } from "./context.js";
import { expectInsufficientScope } from "./expect-problem.js";
import { auditHeaders } from "./headers.js";
import { adminScopes, projects } from "./projects.js";
import { RELAXED } from "./server.js";

const scopeSet = (s: string) => new Set(s.split(" ").filter(Boolean));

describe.each(projects({ auth: "password" }))("$label: scopes and roles", (project) => {
  const admin = adminCreds();
  const s = withServer(project, { ...RELAXED, ...adminEnv(admin) });

  it("items:read only → reads work, every write → 403 insufficient_scope scope=\"items:write\"", async () => {
    const owner = await s.api.user();
    const item = await s.api.createItem(owner.access);
    const ro = await s.api.login(owner.email, owner.password, "items:read");
    expect((await s.api.get("/items", { token: ro.access })).status).toBe(200);
    expect((await s.api.get(`/items/${String(item.id)}`, { token: ro.access })).status).toBe(200);
    expectInsufficientScope(await s.api.post("/items", { token: ro.access, json: { name: "nope" } }), "items:write");
    expectInsufficientScope(await s.api.patch(`/items/${String(item.id)}`, { token: ro.access, json: { name: "nope" } }), "items:write");
    expectInsufficientScope(await s.api.delete(`/items/${String(item.id)}`, { token: ro.access }), "items:write");
    const after = await s.api.get("/items", { token: owner.access });
    expect(after.body.total, "a 403 write must not have run").toBe(1);
  });

  it("items:write only → reads → 403 scope=\"items:read\"", async () => {
    const owner = await s.api.user();
    const wo = await s.api.login(owner.email, owner.password, "items:write");
    expectInsufficientScope(await s.api.get("/items", { token: wo.access }), "items:read");
    expectInsufficientScope(await s.api.get(`/items/${randomUUID()}`, { token: wo.access }), "items:read");
  });

  it("a user asking only for users:admin gets a token with no scope at all (requested ∩ role = ∅)", async () => {
    const u = await s.api.register();
    const res = await s.api.tokenRequest({ grant_type: "password", username: u.email, password: u.password, scope: "users:admin" });
    expect(res.status, res.text).toBe(200);
    expect(scopeSet(String(res.body.scope))).toEqual(new Set());
    const token = String(res.body.access_token);
    expectInsufficientScope(await s.api.get("/admin/users", { token }), "users:admin");
    expectInsufficientScope(await s.api.get("/items", { token }), "items:read");
  });

  it("admin routes → 403 insufficient_scope scope=\"users:admin\" for users", async () => {
    const u = await s.api.user();
    expectInsufficientScope(await s.api.get("/admin/users", { token: u.access }), "users:admin");
    expectInsufficientScope(await s.api.patch(`/admin/users/${u.id}`, { token: u.access, json: { role: "admin" } }), "users:admin");
    const me = await s.api.get("/users/me", { token: u.access });
    expect(me.body.role).toBe("user");
  });

  it("an admin gets every scope by default, and only what it asks for otherwise", async () => {
    const all = await adminLogin(s.api, admin);
    expect(scopeSet(all.scope)).toEqual(adminScopes(project));
    const narrow = await adminLogin(s.api, admin, "items:read");
    expectInsufficientScope(await s.api.get("/admin/users", { token: narrow.access }), "users:admin");
    const me = await s.api.get("/users/me", { token: all.access });
    expect(me.body.role).toBe("admin");
  });

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});
