// CONTRACT §1 `add endpoint` / §3 "A resource": every resource recorded in a project's
// rampart.json gets the same probes as items, with bodies derived from its field spec.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import type { FieldSpec } from "../../src/endpoints/fields.js";
import { resourceNames } from "../../src/endpoints/resource.js";
import { exactDecimal, invalidBodies, maxLength, sortable, validBody, type Json } from "../../src/endpoints/samples.js";
import { projects, type Project } from "./projects.js";
import { describeResourceConformance } from "./resource.js";

interface Endpoint {
  name: string;
  fields: FieldSpec[];
}

function endpointsOf(project: Project): Endpoint[] {
  const manifest = JSON.parse(readFileSync(join(project.dir, "rampart.json"), "utf8")) as { endpoints?: Endpoint[] };
  return manifest.endpoints ?? [];
}

let counter = 0;

/** A value for a unique field that no earlier body used. */
function fresh(field: FieldSpec, base: Json): Json {
  const n = ++counter;
  const max = maxLength(field);
  switch (field.type) {
    case "string":
    case "text":
      return `${String(base).slice(0, Math.max(0, max - 9))}-${n}`.slice(-max);
    case "email":
      return `u${n}-${randomUUID().slice(0, 8)}@example.com`;
    case "url":
      return `https://example.com/${n}-${randomUUID().slice(0, 8)}`;
    case "uuid":
      return randomUUID();
    case "int":
      return Math.min(field.max ?? Number.MAX_SAFE_INTEGER, (field.min ?? 0) + n);
    case "number":
      return Math.min(field.max ?? Number.MAX_VALUE, (field.min ?? 0) + n / 7);
    case "date":
      return new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    case "datetime":
      return new Date(Date.UTC(2000, 0, 1) + n * 1000).toISOString().replace(".000Z", "Z");
    default:
      return base;
  }
}

function body(fields: FieldSpec[], variant: 0 | 1): Record<string, unknown> {
  const out: Record<string, Json> = validBody(fields, variant);
  for (const f of fields) if (f.unique) out[f.name] = fresh(f, out[f.name] ?? null);
  return out;
}

/** The field the SQL and XSS probes store: a string with room for a 60-character payload. */
function textField(fields: FieldSpec[]): string | undefined {
  return fields.find((f) => (f.type === "string" || f.type === "text") && maxLength(f) >= 64 && (f.min ?? 0) <= 5)
    ?.name;
}

/** The JSON pointer an `invalidBodies` case is about, from its description (samples.ts wording). */
function pointerOf(why: string): string | undefined {
  const m = /^(?:missing (\w+)|(\w+) set by the client|(\w+): .+)$/.exec(why);
  if (m) return `/${m[1] ?? m[2] ?? m[3] ?? ""}`;
  return why === "an unknown field" ? "/unexpected" : undefined;
}

const withEndpoints = projects().filter((p) => endpointsOf(p).length > 0);

if (withEndpoints.length === 0) {
  describe("generated resources", () => {
    it.skip("no project under test has resources added with `rampart add endpoint`", () => undefined);
  });
}

for (const project of withEndpoints) {
  for (const endpoint of endpointsOf(project)) {
    const names = resourceNames(endpoint.name);
    const text = textField(endpoint.fields);
    if (text === undefined)
      throw new Error(`${endpoint.name}: the e2e resources need a string field of 64+ characters`);
    describeResourceConformance(project, {
      resource: endpoint.name,
      scopes: { read: names.scopeRead, write: names.scopeWrite },
      valid: () => body(endpoint.fields, 0),
      update: () => body(endpoint.fields, 1),
      textField: text,
      numberField: endpoint.fields.find((f) => f.type === "number" || f.type === "int")?.name,
      sortKeys: ["created_at", "updated_at", ...endpoint.fields.filter(sortable).map((f) => f.name)],
      invalid: invalidBodies(endpoint.fields).map(({ why, body: invalid }) => ({
        why,
        body: invalid,
        pointer: pointerOf(why),
      })),
      uniqueFields: endpoint.fields.filter((f) => f.unique).map((f) => f.name),
      intFields: endpoint.fields.filter((f) => f.type === "int").map((f) => f.name),
      datetimeFields: endpoint.fields.filter((f) => f.type === "datetime").map((f) => f.name),
      enumFields: endpoint.fields
        .filter((f) => f.type === "enum")
        .map((f) => ({ name: f.name, values: f.values ?? [] })),
      decimalFields: endpoint.fields
        .filter((f) => f.type === "decimal")
        .map((f) => ({ name: f.name, exact: exactDecimal(f) })),
    });
  }
}
