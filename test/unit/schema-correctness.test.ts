/**
 * Issue 13, schema correctness: decimal fields (`--fields` grammar and the FastAPI render),
 * required strings refusing "", enums typed in the public schema and CHECK-constrained,
 * and constraint names left to the metadata's naming convention.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { FileTree } from "../../src/core/tree.js";
import { renderProject } from "../../src/core/pipeline.js";
import { defaultAnswers } from "../combinations.js";
import { parseFields } from "../../src/endpoints/fields.js";
import { exactDecimal, invalidValues, validBody } from "../../src/endpoints/samples.js";
import { pyResource } from "../../src/stacks/fastapi-resource.js";
import { stackFor } from "../../src/stacks/index.js";

const naming = stackFor("fastapi").fieldNaming;
const parse = (spec: string) => parseFields(spec, naming);
/** The one field a one-field spec parses to. */
const one = (spec: string) => {
  const [field] = parse(spec);
  if (!field) throw new Error(`${spec}: no field`);
  return field;
};
const errorOf = (spec: string) => {
  try {
    parse(spec);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
};

describe("decimal in --fields", () => {
  it("records precision and scale, defaults filled in (NUMERIC(12, 2))", () => {
    expect(parse("amount:decimal")[0]).toMatchObject({ type: "decimal", precision: 12, scale: 2 });
    expect(parse("amount:decimal:precision=5:scale=0")[0]).toMatchObject({ precision: 5, scale: 0 });
    expect(parse("rate:decimal:precision=1")[0]).toMatchObject({ precision: 1, scale: 1 });
  });

  it.each([
    ["amount:decimal:precision=0", "precision=0 is outside 1..38"],
    ["amount:decimal:precision=39", "precision=39 is outside 1..38"],
    ["amount:decimal:precision=x", 'precision="x" is not a whole number'],
    ["amount:decimal:precision=4:scale=5", "scale=5 is greater than precision=4"],
    ["amount:decimal:min=1", "min does not apply to decimal"],
    ["amount:decimal:unique", "unique does not apply to decimal"],
    ["amount:decimal:round", 'unknown modifier "round": use precision=P and scale=S'],
    ["qty:int:scale=2", "scale= applies to decimal fields, not int"],
  ])("%s is refused on one line: %s", (spec, why) => {
    const message = errorOf(spec) ?? "";
    expect(message).toContain(why);
    expect(message).not.toContain("\n");
  });

  it("samples stay within the digits; the exact value is one a float would not keep", () => {
    const field = one("amount:decimal:precision=12:scale=2");
    expect(validBody([field], 0)).toEqual({ amount: "12.50" });
    expect(exactDecimal(field)).toBe("1234567890.12");
    const small = one("rate:decimal:precision=3:scale=3");
    expect(validBody([small], 0)).toEqual({ rate: "0.250" });
    expect(invalidValues(small).map((w) => w.value)).toEqual(
      expect.arrayContaining([1.5, "9", "0.1111", "1e2", "twelve"]),
    );
  });
});

describe('required strings and ""', () => {
  it('a required string refuses "" unless min=0; an optional one takes it', () => {
    const title = one("title:string");
    const zero = one("code:string:min=0");
    const notes = one("notes?:text");
    expect(invalidValues(title)).toContainEqual({ why: "empty", value: "" });
    expect(invalidValues(zero).map((w) => w.value)).not.toContain("");
    expect(invalidValues(notes).map((w) => w.value)).not.toContain("");
    const fields = pyResource({
      name: "orders",
      fields: parse("title:string,notes?:text"),
      revision: "r1",
      downRevision: "r0",
    }).fields;
    expect(fields[0]?.aliasType).toBe("Annotated[str, Field(min_length=1, max_length=255), NoNul]");
    expect(fields[1]?.aliasType).toBe("Annotated[str, Field(max_length=10000), NoNul]");
  });
});

describe("the FastAPI render of an enum and a decimal", () => {
  const fields = parse("status:enum(new|paid|shipped),amount:decimal:precision=10:scale=3,title:string");
  let tree: FileTree;
  beforeAll(async () => {
    tree = await renderProject(defaultAnswers("shop"), [
      { name: "orders", fields, revision: "0003", downRevision: "0002" },
    ]);
  });
  const file = (p: string) => {
    const content = tree.get(p);
    return typeof content === "string" ? content : Buffer.from(content ?? "").toString();
  };

  it("types the enum in the public schema and the decimal as DecimalText", () => {
    const schema = file("app/schemas/orders.py");
    expect(schema).toMatch(/^Status = Literal\["new", "paid", "shipped"\]$/m);
    expect(schema).toMatch(/^Amount = Annotated\[Decimal, DecimalText\(precision=10, scale=3\)\]$/m);
    const publicModel = schema.slice(schema.indexOf("class OrderPublic"));
    expect(publicModel).toMatch(/^ {4}status: Status$/m);
    expect(publicModel).toMatch(/^ {4}amount: Amount$/m);
  });

  it("constrains the enum with a CHECK and stores the decimal as NUMERIC, in the model and the migration", () => {
    const enumType =
      /Enum\(\s*"new",\s*"paid",\s*"shipped",\s*name="status",\s*native_enum=False,\s*create_constraint=True,\s*length=7,?\s*\)/;
    expect(file("app/models/orders.py")).toMatch(enumType);
    expect(file("app/models/orders.py")).toContain("ExactDecimal(precision=10, scale=3)");
    const migration = file("alembic/versions/0003_orders.py");
    expect(migration).toMatch(new RegExp(`sa\\.${enumType.source}`));
    expect(migration).toContain("sa.Numeric(precision=10, scale=3)");
  });

  it("leaves every constraint and index name to the naming convention", () => {
    for (const path of [
      "alembic/versions/0001_initial.py",
      "alembic/versions/0002_refresh_tokens.py",
      "alembic/versions/0003_orders.py",
      "app/models/orders.py",
    ]) {
      expect(file(path), path).not.toMatch(/name=op\.f\(|op\.create_index|name="(?:pk|fk|uq|ix|ck)_/);
    }
    const base = file("app/models/base.py");
    expect(base).toContain("metadata = MetaData(naming_convention=NAMING_CONVENTION)");
    for (const pattern of [
      '"ix_%(column_0_label)s"',
      '"uq_%(table_name)s_%(column_0_N_name)s"',
      '"pk_%(table_name)s"',
    ]) {
      expect(base).toContain(pattern);
    }
  });

  it("tests the enum's CHECK, the decimal round-trip and the empty string in tests/test_orders.py", () => {
    const test = file("tests/test_orders.py");
    expect(test).toContain("def test_table_refuses_status_outside_the_enum(");
    expect(test).toContain("def test_amount_round_trips_exactly(");
    expect(test).toContain('== Decimal("1234567.890")');
    expect(test).toContain('pytest.param("title", "", id="title: empty")');
  });
});
