import { describe, expect, it } from "vitest";
import { parseFields } from "../../src/endpoints/fields.js";
import { ITEMS_FIELDS } from "../../src/endpoints/resource.js";
import { tsNaming } from "../../src/stacks/node-names.js";
import { camel, tsResource } from "../../src/stacks/node-resource.js";

const view = (spec: string) =>
  tsResource({ name: "orders", fields: parseFields(spec, tsNaming), revision: "0004", downRevision: "0003_items" });

const field = (spec: string) => {
  const [first] = view(spec).fields;
  if (first === undefined) throw new Error("no field");
  return first;
};

describe("tsResource", () => {
  it("names the resource for the templates", () => {
    const orders = view("title:string");
    expect(orders).toMatchObject({
      name: "orders",
      className: "Order",
      camelName: "orders",
      path: "/orders",
      scopeRead: "orders:read",
      scopeWrite: "orders:write",
      revision: "0004",
      downRevision: "0003_items",
      ownMigration: true,
    });
    expect(camel("line_items")).toBe("lineItems");
  });

  it("renders items as FastAPI does: name 1..200, description ≤ 2000, price 0..1e9", () => {
    const items = tsResource({ name: "items", fields: ITEMS_FIELDS, revision: "0003", downRevision: "0002" });
    expect(items.fields.map((f) => f.input)).toEqual([
      "text(1, 200)",
      "text(0, 2000)",
      "z.number().min(0).max(1000000000)",
    ]);
    expect(items.fields.map((f) => f.dataType)).toEqual(['"varchar(200)"', '"varchar(2000)"', '"double precision"']);
    expect(JSON.parse(items.sortKeys)).toEqual(["created_at", "updated_at", "name", "price"]);
    expect(items.fieldImports).toBe("text");
  });

  it("counts strings in characters, refuses NUL, and keeps long ones in TEXT", () => {
    expect(field("title:string").input).toBe("text(1, 255)");
    expect(field("title?:string").input).toBe("text(0, 255)");
    expect(field("title:string:min=3:max=40").input).toBe("text(3, 40)");
    expect(field("body:string:max=5000").dataType).toBe('"text"');
    expect(field("notes:text").input).toBe("text(1, 10000)");
    expect(field("notes:text").dataType).toBe('"text"');
  });

  it("keeps ints within what JSON clients read exactly, in a BIGINT", () => {
    const qty = field("qty:int");
    expect(qty.input).toBe("jsonInt(-9007199254740991, 9007199254740991)");
    expect(qty).toMatchObject({ dataType: '"bigint"', column: "BigIntColumn", read: "toInteger(row.qty)" });
    expect(field("qty:int:min=1:max=9").input).toBe("jsonInt(1, 9)");
  });

  it("maps every type onto a portable column, a reader and a writer", () => {
    const orders = view(
      "status:enum(new|paid),amount:decimal,placed_at?:datetime,due?:date,ref?:uuid,contact?:email,site?:url,done?:boolean,score?:number:min=0:max=10",
    );
    const byName = Object.fromEntries(orders.fields.map((f) => [f.name, f]));
    expect(byName.status).toMatchObject({
      input: 'z.enum(["new","paid"])',
      column: '"new" | "paid"',
      dataType: '"varchar(4)"',
      check: "'new', 'paid'",
    });
    expect(byName.amount).toMatchObject({
      input: "decimal(12, 2)",
      output: "decimal(12, 2)",
      dataType: '"numeric(12, 2)"',
      read: "toDecimal(row.amount, 2)",
    });
    expect(byName.placed_at).toMatchObject({
      input: "datetime()",
      column: "Timestamp | null",
      dataType: '"timestamptz"',
      read: "row.placed_at === null ? null : toDatetime(row.placed_at)",
      insert: "fromDatetime(values.placed_at ?? null)",
      update: "fromDatetime(values.placed_at)",
    });
    expect(byName.due).toMatchObject({ input: "isoDate()", column: "string | null", dataType: '"date"' });
    expect(byName.ref).toMatchObject({ input: "uuid()", dataType: '"uuid"' });
    expect(byName.contact).toMatchObject({ input: "email()", dataType: '"varchar(254)"' });
    expect(byName.site).toMatchObject({ input: "url(2048)", dataType: '"varchar(2048)"' });
    expect(byName.done).toMatchObject({
      column: "Flag | null",
      read: "row.done === null ? null : toBoolean(row.done)",
      insert: "values.done ?? null",
    });
    expect(byName.score?.input).toBe("z.number().min(0).max(10)");
    expect(orders.migration.checks).toBe(true);
    expect(orders.fieldImports).toBe("datetime, decimal, email, isoDate, url, uuid");
    expect(orders.tableImports).toEqual([
      'import type { Flag, Timestamp } from "../db/columns.js";',
      'import type { DecimalColumn } from "../resources/values.js";',
    ]);
    expect(orders.valueImports).toEqual([
      'import { toBoolean, toTimestamp } from "../db/columns.js";',
      'import { fromDatetime, toDatetime, toDecimal } from "../resources/values.js";',
    ]);
  });

  it("lists unique fields for per-owner constraints and 409s", () => {
    const orders = view("title:string:unique,sku:string:unique,notes?:text");
    expect(orders.uniqueFields).toEqual(["title", "sku"]);
    expect(orders.hasUnique).toBe(true);
    expect(view("title:string").hasUnique).toBe(false);
  });

  it("sorts by short comparable fields only", () => {
    expect(JSON.parse(view("title:string,notes:text,done:boolean,ref:uuid,qty:int").sortKeys)).toEqual([
      "created_at",
      "updated_at",
      "title",
      "qty",
    ]);
  });

  it("writes test literals the generated tests can paste", () => {
    const { test } = view("title:string:max=40,amount:decimal,status:enum(a|b)");
    expect(JSON.parse(test.valid)).toEqual({ title: "Sample title", amount: "12.50", status: "a" });
    expect(test.invalid).toContainEqual({ why: '"title: too long"', key: '"title"', value: '"x".repeat(41)' });
    expect(test.invalid).toContainEqual({ why: '"missing title"', key: '"title"' });
    expect(test.decimals).toEqual([{ name: "amount", value: "1234567890.12" }]);
    expect(test.enums).toEqual([{ name: "status", values: '["a","b"]' }]);
    expect(test.requiredField).toBe("title");
  });
});

describe("tsNaming", () => {
  it("keeps every name, reserved words and SQL words included", () => {
    for (const name of ["delete", "class", "default", "order", "user", "key", "type", "number", "status"]) {
      expect(() => parseFields(`${name}:string`, tsNaming)).not.toThrow();
      expect(tsNaming.identifier(name)).toBe(name);
    }
  });

  it("refuses constructor, which every object inherits", () => {
    expect(() => parseFields("constructor:string", tsNaming)).toThrow(/constructor.*inherits/);
  });
});
