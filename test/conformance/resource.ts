// CONTRACT §3 "A resource": the probes every owner-scoped resource must pass (items, and any
// resource `rampart add endpoint` makes). Parameterised so a generated resource can reuse it.
import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { expectNoLeak, type Api, type JsonObject, type TestUser, type TokenPair } from "./api.js";
import { auditLogs, RFC3339_UTC_RE, UUID_RE, withServer } from "./context.js";
import { expectInsufficientScope, expectProblem, expectUnauthorized } from "./expect-problem.js";
import { auditHeaders, registerLimitedResource } from "./headers.js";
import type { Project } from "./projects.js";
import { RELAXED } from "./server.js";

export interface InvalidBody {
  /** What the probe shows, e.g. "name of 201 chars". */
  why: string;
  body: Record<string, unknown>;
  /** JSON pointer expected in errors[] (optional). */
  pointer?: string;
}

export interface ResourceSpec {
  /** Path segment: "orders" → /orders. Every list answers `{"items": [...], "total", "limit", "offset"}`. */
  resource: string;
  scopes: { read: string; write: string };
  /** A body POST accepts. `valid()` must return a fresh body each call. */
  valid: () => Record<string, unknown>;
  /** A string field that is stored and returned verbatim (for XSS / SQL payloads), e.g. "name". */
  textField: string;
  /** A numeric field, if any (for the 1e400 probe). */
  numberField?: string;
  /** A partial update PATCH accepts. */
  update: () => Record<string, unknown>;
  /** Bodies POST must refuse with 422 (and PATCH too, when `patchToo`). */
  invalid: InvalidBody[];
  /** Extra bodies POST must accept (boundaries). */
  accepted?: InvalidBody[];
  /** The sort allow-list (without "-"). */
  sortKeys: string[];
  /** Fields declared `unique` (unique per owner, CONTRACT §1 `--fields`). */
  uniqueFields?: string[];
  /** Integer fields (64-bit signed, CONTRACT §1), each with a value `valid()` may carry. */
  intFields?: string[];
  /** `datetime` fields (RFC 3339 with an offset, years 0001–9999 in UTC, CONTRACT §3). */
  datetimeFields?: string[];
  /** `enum` fields with their values: the public schema lists exactly these. */
  enumFields?: { name: string; values: string[] }[];
  /**
   * `decimal` fields, each with a value a binary float would not keep (as `0.1 + 0.2`) and
   * the JSON string it must come back as.
   */
  decimalFields?: { name: string; exact: string }[];
}

type Schema = { [k: string]: unknown };

/** Follows `$ref`s and `anyOf`/`oneOf` arms (nullable fields) to every `enum` list a schema allows. */
function enumsOf(doc: Schema, schema: unknown): string[][] {
  if (typeof schema !== "object" || schema === null) return [];
  const node = schema as Schema;
  if (typeof node.$ref === "string") {
    const target = node.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((at, key) => (at as Schema | undefined)?.[key], doc);
    return enumsOf(doc, target);
  }
  const arms = [...((node.anyOf as unknown[]) ?? []), ...((node.oneOf as unknown[]) ?? [])];
  if (arms.length > 0) return arms.flatMap((arm) => enumsOf(doc, arm));
  return Array.isArray(node.enum) ? [node.enum.map(String)] : [];
}

/** Offsets past CONTRACT §3's 0..2147483647 (the last overflows a 64-bit integer). */
const OFFSETS_TOO_LARGE = ["offset=2147483648", "offset=9223372036854775807", "offset=9223372036854775808"];

/** Integers no 64-bit signed column holds, as JSON text (beyond what a JS number keeps exact). */
const INTS_BEYOND_64_BITS = ["9223372036854775808", "-9223372036854775809", "18446744073709551616", "1e20", "-1e20"];

/**
 * Datetimes a `datetime` field refuses: valid offsets that leave years 0001–9999 once
 * converted to UTC, and strings that are not RFC 3339 date-times with an offset.
 */
const BAD_DATETIMES = [
  "9999-12-31T23:59:59-01:00",
  "0001-01-01T00:00:00+01:00",
  "1700000000",
  "2024-05-17",
  "2024-05-17T10:30Z",
  "2024-05-17 10:30:00Z",
  "2024-05-17T10:30:00+0100",
  "2024-05-17T24:00:00Z",
  "+002024-05-17T10:30:00Z",
  "2024-05-17T10:30:00+24:00",
];

/** The edges of the range (and an offset that keeps them inside it) are accepted. */
const GOOD_DATETIMES = [
  "9999-12-31T23:59:59Z",
  "0001-01-01T00:00:00Z",
  "9999-12-31T23:59:59+01:00",
  "0001-01-01T00:00:00-01:00",
  "2024-05-17T10:30:00.25+05:30",
];

type Caller = TestUser & TokenPair;

export function describeResourceConformance(project: Project, spec: ResourceSpec): void {
  const R = `/${spec.resource}`;
  registerLimitedResource(spec.resource);
  describe(`${project.label}: resource ${R}`, () => {
    const s = withServer(project, RELAXED);
    let api: Api;
    beforeAll(() => {
      api = s.api;
    });
    const create = async (u: Caller, body = spec.valid()): Promise<JsonObject> => {
      const res = await api.post(R, { token: u.access, json: body });
      expect(res.status, `POST ${R}: ${res.text}`).toBe(201);
      return res.body;
    };
    const total = async (u: Caller): Promise<number> => {
      const res = await api.get(R, { token: u.access });
      expect(res.status, res.text).toBe(200);
      return Number(res.body.total);
    };

    it(`POST ${R} → 201 with Location: ${R}/{id}; GET returns the same object`, async () => {
      const u = await api.user();
      const body = spec.valid();
      const res = await api.post(R, { token: u.access, json: body });
      expect(res.status, res.text).toBe(201);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      const id = String(res.body.id);
      expect(id).toMatch(UUID_RE);
      expect(res.body).toMatchObject(body);
      for (const [k, v] of Object.entries(res.body)) {
        if (k.endsWith("_at") && v !== null) expect(String(v), `${k} is RFC 3339 UTC`).toMatch(RFC3339_UTC_RE);
      }
      const loc = res.headers["location"] ?? "";
      expect(new URL(loc, api.baseUrl).pathname, `Location ${loc}`).toBe(`${R}/${id}`);
      const got = await api.get(`${R}/${id}`, { token: u.access });
      expect(got.status, got.text).toBe(200);
      expect(got.body).toEqual(res.body);
    });

    it(`PATCH ${R}/{id} is partial → 200; DELETE → 204 empty; then 404`, async () => {
      const u = await api.user();
      const created = await create(u);
      const id = String(created.id);
      const change = spec.update();
      const res = await api.patch(`${R}/${id}`, { token: u.access, json: change });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ ...created, ...change, ...pickTimestamps(res.body) });
      const del = await api.delete(`${R}/${id}`, { token: u.access });
      expect(del.status, del.text).toBe(204);
      expect(del.text).toBe("");
      expectProblem(await api.get(`${R}/${id}`, { token: u.access }), 404);
      expectProblem(await api.delete(`${R}/${id}`, { token: u.access }), 404);
      expectProblem(await api.patch(`${R}/${id}`, { token: u.access, json: change }), 404);
    });

    it(`no token → 401; wrong scope → 403`, async () => {
      expectUnauthorized(await api.get(R));
      expectUnauthorized(await api.post(R, { json: spec.valid() }));
      expectUnauthorized(await api.get(`${R}/${randomUUID()}`));
      const ro = await api.user(spec.scopes.read);
      expectInsufficientScope(await api.post(R, { token: ro.access, json: spec.valid() }), spec.scopes.write);
    });

    it(`GET ${R} → {items, total, limit, offset}; defaults 20/0; pages`, async () => {
      const u = await api.user();
      for (let i = 0; i < 3; i++) await create(u);
      const res = await api.get(R, { token: u.access });
      expect(res.status, res.text).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(["items", "limit", "offset", "total"]);
      expect(res.body).toMatchObject({ total: 3, limit: 20, offset: 0 });
      expect(res.body.items).toHaveLength(3);
      const p1 = await api.get(`${R}?limit=2&offset=0`, { token: u.access });
      const p2 = await api.get(`${R}?limit=2&offset=2`, { token: u.access });
      expect(p1.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
      expect(p1.body.items).toHaveLength(2);
      expect(p2.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
      expect(p2.body.items).toHaveLength(1);
      const ids = [...(p1.body.items as JsonObject[]), ...(p2.body.items as JsonObject[])].map((x) => x.id);
      expect(new Set(ids).size).toBe(3);
      expect((await api.get(`${R}?limit=100`, { token: u.access })).status).toBe(200);
      expect((await api.get(`${R}?limit=1&offset=1000`, { token: u.access })).body.items).toEqual([]);
    });

    it(`limit and offset out of range or not integers → 422`, async () => {
      const u = await api.user();
      for (const q of [
        "limit=0",
        "limit=101",
        "limit=-1",
        "limit=abc",
        "limit=1.5",
        "limit=",
        "offset=-1",
        "offset=abc",
        "limit=1e2",
        "limit=99999999999999999999",
        ...OFFSETS_TOO_LARGE,
      ]) {
        expectProblem(await api.get(`${R}?${q}`, { token: u.access }), 422, { echoed: [q] });
      }
      const last = await api.get(`${R}?offset=2147483647`, { token: u.access });
      expect(last.status, `offset=2147483647: ${last.text}`).toBe(200);
      expect(last.body.items).toEqual([]);
    });

    it(`sort: the allow-list with optional "-", anything else → 422`, async () => {
      const u = await api.user();
      const a = await create(u);
      await new Promise((r) => setTimeout(r, 20));
      const b = await create(u);
      for (const k of spec.sortKeys) {
        for (const key of [k, `-${k}`]) {
          const res = await api.get(`${R}?sort=${encodeURIComponent(key)}`, { token: u.access });
          expect(res.status, `sort=${key}: ${res.text}`).toBe(200);
        }
      }
      if (spec.sortKeys.includes("created_at")) {
        const newest = await api.get(`${R}?sort=-created_at`, { token: u.access });
        expect((newest.body.items as JsonObject[]).map((x) => x.id)).toEqual([b.id, a.id]);
        const oldest = await api.get(`${R}?sort=created_at`, { token: u.access });
        expect((oldest.body.items as JsonObject[]).map((x) => x.id)).toEqual([a.id, b.id]);
        const dflt = await api.get(R, { token: u.access });
        expect(
          (dflt.body.items as JsonObject[]).map((x) => x.id),
          "default sort is -created_at",
        ).toEqual([b.id, a.id]);
      }
      const bad = [
        "unknown",
        "password_hash",
        "owner_id;",
        "--created_at",
        "+created_at",
        "created_at desc",
        `${spec.sortKeys[0]};DROP TABLE ${spec.resource}`,
        "(SELECT 1)",
        "1",
        "created_at,name",
        "",
      ];
      for (const key of bad) {
        const res = await api.get(`${R}?sort=${encodeURIComponent(key)}`, { token: u.access });
        expectProblem(res, 422, { echoed: [key] });
      }
      expect(await total(u)).toBe(2);
    });

    it(`ownership: another user gets the same 404 as for a missing id, and never sees the rows`, async () => {
      const a = await api.user();
      const b = await api.user();
      const item = await create(a);
      const id = String(item.id);
      const missing = randomUUID();
      const shape = (x: JsonObject) => ({
        type: x.type,
        title: x.title,
        status: x.status,
        detail: String(x.detail).split(id).join("<id>").split(missing).join("<id>"),
      });
      const pairs: Array<[string, (p: string) => Promise<import("./api.js").ApiResponse>]> = [
        ["GET", (p) => api.get(p, { token: b.access })],
        ["PATCH", (p) => api.patch(p, { token: b.access, json: spec.update() })],
        ["DELETE", (p) => api.delete(p, { token: b.access })],
      ];
      for (const [m, call] of pairs) {
        const theirs = await call(`${R}/${id}`);
        const none = await call(`${R}/${missing}`);
        expectProblem(theirs, 404);
        expectProblem(none, 404);
        expect(shape(theirs.body), `${m}: someone else's vs missing`).toEqual(shape(none.body));
      }
      const list = await api.get(R, { token: b.access });
      expect(list.body.total).toBe(0);
      expect(list.body.items).toEqual([]);
      const still = await api.get(`${R}/${id}`, { token: a.access });
      expect(still.status).toBe(200);
      expect(still.body).toEqual(item);
    });

    it(`mass assignment: id, owner_id, created_at in the body → 422 on POST and PATCH`, async () => {
      const a = await api.user();
      const b = await api.user();
      const item = await create(a);
      for (const extra of [
        { owner_id: b.id },
        { id: randomUUID() },
        { created_at: "2000-01-01T00:00:00Z" },
        { updated_at: "2000-01-01T00:00:00Z" },
      ]) {
        expectProblem(await api.post(R, { token: a.access, json: { ...spec.valid(), ...extra } }), 422);
        expectProblem(await api.patch(`${R}/${String(item.id)}`, { token: a.access, json: extra }), 422);
      }
      expect(await total(a)).toBe(1);
      expect(await total(b)).toBe(0);
      expect((await api.get(`${R}/${String(item.id)}`, { token: a.access })).body).toEqual(item);
    });

    // Two requests a body, one after another: a resource with hundreds of fields takes longer.
    const invalidTimeout = { timeout: Math.max(60_000, spec.invalid.length * 2 * 250) };
    it(`invalid bodies → 422 (problem+json with errors[]) and nothing is written`, invalidTimeout, async () => {
      const u = await api.user();
      const item = await create(u);
      for (const inv of spec.invalid) {
        const res = await api.post(R, { token: u.access, json: inv.body });
        expectProblem(res, 422, { pointers: inv.pointer ? [inv.pointer] : [] });
        expect(res.status, inv.why).toBe(422);
      }
      // The same values as a partial update (fields that are only "missing" do not apply).
      for (const inv of spec.invalid) {
        if (Object.keys(inv.body).length === 0 || inv.why.startsWith("missing")) continue;
        const res = await api.patch(`${R}/${String(item.id)}`, { token: u.access, json: inv.body });
        expect(res.status, `PATCH ${inv.why}: ${res.text}`).toBe(422);
        expectProblem(res, 422, { pointers: inv.pointer ? [inv.pointer] : [] });
      }
      expect(await total(u)).toBe(1);
      expect((await api.get(`${R}/${String(item.id)}`, { token: u.access })).body).toEqual(item);
    });

    it(`boundary values are accepted`, async () => {
      const u = await api.user();
      for (const ok of spec.accepted ?? []) {
        const res = await api.post(R, { token: u.access, json: ok.body });
        expect(res.status, `${ok.why}: ${res.text}`).toBe(201);
      }
    });

    it(`valid JSON that is not an object → 422 at the root pointer ""; 1e400 → 422 at its field`, async () => {
      const u = await api.user();
      const item = await create(u);
      // Well-formed JSON of the wrong type is a validation failure, not a malformed body.
      for (const body of [[], [spec.valid()], "x", 1, true, null]) {
        const res = await api.post(R, { token: u.access, json: body });
        expectProblem(res, 422, { pointers: [""] });
        const patch = await api.patch(`${R}/${String(item.id)}`, { token: u.access, json: body });
        expectProblem(patch, 422, { pointers: [""] });
      }
      if (spec.numberField) {
        // 1e400 is valid JSON (RFC 8259 sets no range) that no finite number field can hold.
        const raw = JSON.stringify(spec.valid()).replace(/\}$/, `,"${spec.numberField}":1e400}`);
        const inf = await api.post(R, { token: u.access, body: raw, headers: { "content-type": "application/json" } });
        expectProblem(inf, 422, { pointers: [`/${spec.numberField}`] });
        const neg = raw.replace("1e400", "-1e400");
        expectProblem(
          await api.post(R, { token: u.access, body: neg, headers: { "content-type": "application/json" } }),
          422,
          {
            pointers: [`/${spec.numberField}`],
          },
        );
      }
      expect(await total(u)).toBe(1);
      expect((await api.get(`${R}/${String(item.id)}`, { token: u.access })).body).toEqual(item);
    });

    /** POST (and PATCH on `id`) of `valid()` with `field` set to a raw JSON value. */
    const sendRaw = async (u: Caller, field: string, rawValue: string, id?: string) => {
      const base = id === undefined ? spec.valid() : {};
      const text = JSON.stringify({ ...base, [field]: "__RAW__" }).replace('"__RAW__"', rawValue);
      const headers = { "content-type": "application/json" };
      return id === undefined
        ? api.post(R, { token: u.access, body: text, headers })
        : api.patch(`${R}/${id}`, { token: u.access, body: text, headers });
    };

    for (const field of spec.intFields ?? []) {
      it(`int ${field}: values beyond 64 bits → 422 (never 500); n.0 is the integer n, n.5 is refused`, async () => {
        const u = await api.user();
        const item = await create(u);
        const id = String(item.id);
        for (const raw of INTS_BEYOND_64_BITS) {
          expectProblem(await sendRaw(u, field, raw), 422, { pointers: [`/${field}`], echoed: [raw] });
          expectProblem(await sendRaw(u, field, raw, id), 422, { pointers: [`/${field}`], echoed: [raw] });
        }
        const n = Number(spec.valid()[field]);
        expect(Number.isInteger(n), `valid() gives ${field} an integer`).toBe(true);
        // JSON Schema's "integer" is any number without a fraction: 5.0 is 5.
        const whole = await sendRaw(u, field, `${n}.0`);
        expect(whole.status, `${field}: ${n}.0: ${whole.text}`).toBe(201);
        expect(whole.body[field]).toBe(n);
        expect(whole.text, `${field} is returned as an integer`).toMatch(new RegExp(`"${field}":\\s*${n}[,}]`));
        // Another valid() value: a unique field must not clash with the row just created.
        const m = Number(spec.valid()[field]);
        const patched = await sendRaw(u, field, `${m}.0`, id);
        expect(patched.status, `PATCH ${field}: ${m}.0: ${patched.text}`).toBe(200);
        expect(patched.body[field]).toBe(m);
        for (const raw of [`${n}.5`, `"${n}"`, "true"]) {
          expectProblem(await sendRaw(u, field, raw), 422, { pointers: [`/${field}`], echoed: [raw] });
          expectProblem(await sendRaw(u, field, raw, id), 422, { pointers: [`/${field}`], echoed: [raw] });
        }
        expect(await total(u)).toBe(2);
      });
    }

    for (const field of spec.datetimeFields ?? []) {
      it(`datetime ${field}: RFC 3339 with an offset, years 0001–9999 in UTC; anything else → 422 (never 500)`, async () => {
        const u = await api.user();
        const item = await create(u);
        const id = String(item.id);
        for (const value of BAD_DATETIMES) {
          const raw = JSON.stringify(value);
          const post = await sendRaw(u, field, raw);
          expect(post.status, `${field}: ${value}: ${post.text}`).toBe(422);
          expectProblem(post, 422, { pointers: [`/${field}`], echoed: [value] });
          expectProblem(await sendRaw(u, field, raw, id), 422, { pointers: [`/${field}`], echoed: [value] });
        }
        for (const value of GOOD_DATETIMES) {
          const res = await sendRaw(u, field, JSON.stringify(value));
          expect(res.status, `${field}: ${value}: ${res.text}`).toBe(201);
          const back = String(res.body[field]);
          expect(back, `${field} comes back in UTC`).toMatch(RFC3339_UTC_RE);
          expect(Date.parse(back), `${field}: ${value} is the same instant`).toBe(Date.parse(value));
        }
        expect(await total(u)).toBe(1 + GOOD_DATETIMES.length);
        expect((await api.get(`${R}/${id}`, { token: u.access })).body).toEqual(item);
      });
    }

    for (const { name, values } of spec.enumFields ?? []) {
      it(`enum ${name}: the OpenAPI document lists its values in requests and responses`, async () => {
        const doc = (await api.get("/openapi.json")).body as Schema;
        const paths = doc.paths as Record<string, Record<string, Schema>>;
        const post = paths[R]?.post as Schema | undefined;
        // `application/json` with or without `; charset=utf-8`.
        const json = (content: unknown) =>
          Object.entries((content ?? {}) as Record<string, { schema?: unknown }>).find(([type]) =>
            type.startsWith("application/json"),
          )?.[1].schema;
        const property = (schema: unknown): unknown => {
          const resolved = (schema as Schema)?.$ref
            ? String((schema as Schema).$ref)
                .replace(/^#\//, "")
                .split("/")
                .reduce<unknown>((at, key) => (at as Schema | undefined)?.[key], doc)
            : schema;
          return ((resolved as Schema | undefined)?.properties as Schema | undefined)?.[name];
        };
        const request = property(json((post?.requestBody as Schema | undefined)?.content));
        const response = property(
          json(((post?.responses as Schema | undefined)?.["201"] as Schema | undefined)?.content),
        );
        expect(enumsOf(doc, request), `POST ${R} request ${name}`).toEqual([values]);
        expect(enumsOf(doc, response), `POST ${R} 201 response ${name}`).toEqual([values]);
      });
    }

    for (const { name, exact } of spec.decimalFields ?? []) {
      it(`decimal ${name}: a JSON string, stored and returned exactly; a JSON number → 422`, async () => {
        const u = await api.user();
        const res = await api.post(R, { token: u.access, json: { ...spec.valid(), [name]: exact } });
        expect(res.status, res.text).toBe(201);
        expect(res.body[name], "returned as the same string").toBe(exact);
        const got = await api.get(`${R}/${String(res.body.id)}`, { token: u.access });
        expect(got.body[name], "read back exactly").toBe(exact);
        expectProblem(await sendRaw(u, name, exact), 422, { pointers: [`/${name}`] });
        expect(await total(u)).toBe(1);
      });
    }

    it(`malformed ids → 422`, async () => {
      const u = await api.user();
      for (const bad of [
        "not-a-uuid",
        "123",
        "%27%20OR%20%271%27=%271",
        `${randomUUID()}x`,
        "00000000-0000-0000-0000-00000000000g",
      ]) {
        expectProblem(await api.get(`${R}/${bad}`, { token: u.access }), 422, {
          echoed: [bad, decodeURIComponent(bad)],
        });
        expectProblem(await api.patch(`${R}/${bad}`, { token: u.access, json: spec.update() }), 422, {
          echoed: [bad, decodeURIComponent(bad)],
        });
        expectProblem(await api.delete(`${R}/${bad}`, { token: u.access }), 422, {
          echoed: [bad, decodeURIComponent(bad)],
        });
      }
    });

    it(`SQL payloads in body, query, path and sort: stored verbatim or refused, row counts unchanged, nothing leaks`, async () => {
      const victim = await api.user();
      await create(victim);
      await create(victim);
      const attacker = await api.user();
      const payloads = [
        "' OR '1'='1",
        "'; DROP TABLE users; --",
        `x'); DELETE FROM ${spec.resource}; --`,
        "1 UNION SELECT id, email, NULL FROM users --",
        '"; SELECT sqlite_version(); --',
        "' || (SELECT 1) || '",
        "\\'; --",
      ];
      let created = 0;
      for (const p of payloads) {
        const res = await api.post(R, { token: attacker.access, json: { ...spec.valid(), [spec.textField]: p } });
        expect(res.status, res.text).toBe(201);
        created++;
        expect(res.body[spec.textField]).toBe(p);
        const back = await api.get(`${R}/${String(res.body.id)}`, { token: attacker.access });
        expect(back.body[spec.textField]).toBe(p);
        for (const q of [
          `sort=${encodeURIComponent(p)}`,
          `limit=${encodeURIComponent(p)}`,
          `offset=${encodeURIComponent(p)}`,
        ]) {
          const r = await api.get(`${R}?${q}`, { token: attacker.access });
          expectProblem(r, 422, { echoed: [p] });
        }
        // Not a UUID, so a malformed id: 422 before any query runs.
        const inPath = await api.get(`${R}/${encodeURIComponent(p)}`, { token: attacker.access });
        expectProblem(inPath, 422, { echoed: [p] });
        expectNoLeak(inPath, { echoed: [p] });
      }
      expect(await total(attacker)).toBe(created);
      expect(await total(victim)).toBe(2);
      const list = await api.get(`${R}?limit=100`, { token: attacker.access });
      expect((list.body.items as JsonObject[]).map((x) => x[spec.textField]).sort()).toEqual([...payloads].sort());
    });

    if (spec.uniqueFields && spec.uniqueFields.length > 0) {
      const unique = spec.uniqueFields;
      it(`unique fields (${unique.join(", ")}): the same value twice for one owner → 409; another owner may use it → 201`, async () => {
        const a = await api.user();
        const b = await api.user();
        const first = spec.valid();
        await create(a, first);
        for (const field of unique) {
          const again = { ...spec.valid(), [field]: first[field] };
          const dup = await api.post(R, { token: a.access, json: again });
          expectProblem(dup, 409, { echoed: [String(first[field])] });
          // The conflict names no other row and no other user.
          expect(dup.text, `${field}: 409 body`).not.toMatch(UUID_RE_ANYWHERE);
          const mine = await api.post(R, { token: b.access, json: again });
          expect(mine.status, `${field}: another owner, same value: ${mine.text}`).toBe(201);
          expect(mine.body[field]).toEqual(first[field]);
          // And PATCHing another row of the first owner onto the taken value conflicts too.
          const other = await create(a);
          const clash = await api.patch(`${R}/${String(other.id)}`, {
            token: a.access,
            json: { [field]: first[field] },
          });
          expectProblem(clash, 409, { echoed: [String(first[field])] });
          expect((await api.get(`${R}/${String(other.id)}`, { token: a.access })).body).toEqual(other);
        }
        expect(await total(a)).toBe(1 + unique.length);
        expect(await total(b)).toBe(unique.length);
      });
    }

    it(`stored XSS: markup is returned verbatim as JSON, never as HTML`, async () => {
      const u = await api.user();
      const xss = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
      const res = await api.post(R, { token: u.access, json: { ...spec.valid(), [spec.textField]: xss } });
      expect(res.status, res.text).toBe(201);
      const got = await api.get(`${R}/${String(res.body.id)}`, { token: u.access });
      expect(got.headers["content-type"]).toMatch(/^application\/json/);
      expect(got.body[spec.textField]).toBe(xss);
      const list = await api.get(R, { token: u.access, headers: { accept: "text/html" } });
      expect(list.headers["content-type"] ?? "").not.toMatch(/html/);
    });

    auditHeaders(() => [s.api]);
    auditLogs(() => [s]);
  });
}

const UUID_RE_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function pickTimestamps(o: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (k.endsWith("_at")) out[k] = v;
  return out;
}
