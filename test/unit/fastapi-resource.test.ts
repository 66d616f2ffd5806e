import { describe, expect, it } from "vitest";
import type { FieldSpec } from "../../src/endpoints/fields.js";
import { pyResource } from "../../src/stacks/fastapi-resource.js";

const intField = (bounds: Partial<FieldSpec>): FieldSpec => ({
  name: "qty",
  type: "int",
  optional: false,
  unique: false,
  ...bounds,
});

const aliasOf = (field: FieldSpec) =>
  pyResource({ name: "orders", fields: [field], revision: "r1", downRevision: "r0" }).fields[0]?.aliasType;

describe("pyResource: int fields", () => {
  it("take n.0 as n (JsonInt) and default to the JSON-exact range", () => {
    expect(aliasOf(intField({}))).toBe("Annotated[int, Field(ge=-9007199254740991, le=9007199254740991), JsonInt]");
    expect(
      pyResource({ name: "orders", fields: [intField({})], revision: "r1", downRevision: "r0" }).schemaImports,
    ).toContain("from app.schemas.common import JsonInt");
  });

  it("never render a bound outside the 64-bit range a BIGINT column holds", () => {
    expect(aliasOf(intField({ min: -1e20, max: 1e20 }))).toBe(
      "Annotated[int, Field(ge=-9223372036854775808, le=9223372036854775807), JsonInt]",
    );
    // 2^63 - 1 typed on the command line reads as the double 2^63: still the BIGINT maximum.
    expect(aliasOf(intField({ max: Number("9223372036854775807") }))).toContain("le=9223372036854775807)");
    expect(aliasOf(intField({ min: 1, max: 1000 }))).toBe("Annotated[int, Field(ge=1, le=1000), JsonInt]");
  });
});
