// CONTRACT §3 Tokens: refresh tokens are stored only as hashes; passwords are hashed with
// argon2id at no less than m=19456 KiB, t=2, p=1. Probed as an attacker holding a copy of the
// database would see it: the raw SQLite file, or a data-only dump of a server database.
import { describe, expect, it } from "vitest";
import { withServer } from "./context.js";
import { projects } from "./projects.js";
import { RELAXED, dumpDatabase } from "./server.js";

/** The encodings a careless store might keep a random token in, besides the token itself. */
function spellings(token: string): string[] {
  const raw = Buffer.from(token, "base64url");
  return [token, raw.toString("hex"), raw.toString("base64")];
}

describe.each(projects({ auth: "password" }))("$label: a copy of the database", (project) => {
  const s = withServer(project, RELAXED);

  it("holds no password or token, only argon2id hashes at or above m=19456, t=2, p=1", async () => {
    const u = await s.api.register();
    const first = await s.api.login(u.email, u.password);
    const rotated = await s.api.refresh(first.refresh);
    expect(rotated.status, rotated.text).toBe(200);
    const second = { access: String(rotated.body.access_token), refresh: String(rotated.body.refresh_token) };
    const newPassword = `${u.password}-changed`;
    const changed = await s.api.post("/users/me/password", {
      token: second.access,
      json: { current_password: u.password, new_password: newPassword },
    });
    expect(changed.status, changed.text).toBe(204);
    const third = await s.api.login(u.email, newPassword);

    const dump = dumpDatabase(s.server.databaseUrl);
    // Control: the copy is this server's database, with this user and its refresh tokens in it.
    expect(dump).toContain(u.email);
    for (const secret of [u.password, newPassword])
      expect(dump.includes(secret), "a password in the database").toBe(false);
    for (const token of [first.refresh, second.refresh, third.refresh]) {
      for (const spelling of spellings(token))
        expect(dump.includes(spelling), `a refresh token (${spelling.length} chars)`).toBe(false);
    }
    for (const token of [first.access, second.access, third.access])
      expect(dump.includes(token), "an access token").toBe(false);

    const hashes = [...dump.matchAll(/\$argon2(id|i|d)\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$/g)];
    expect(hashes.length, "argon2 hashes in the database").toBeGreaterThan(0);
    for (const [hash, variant, , m, t, p] of hashes) {
      expect(variant, hash).toBe("id");
      expect(Number(m), hash).toBeGreaterThanOrEqual(19456);
      expect(Number(t), hash).toBeGreaterThanOrEqual(2);
      expect(Number(p), hash).toBeGreaterThanOrEqual(1);
    }
  });
});
