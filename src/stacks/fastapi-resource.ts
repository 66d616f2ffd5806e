/**
 * How a resource's fields look in the FastAPI project: SQLAlchemy columns, Alembic column
 * definitions, Pydantic types and the imports they need. Templates under
 * templates/resource/fastapi print these; ruff then sorts imports and formats.
 */
import type { EndpointRecord } from "../core/manifest.js";
import type { FieldSpec } from "../endpoints/fields.js";
import { decimalDigits, maxLength, minLength, sortable } from "../endpoints/samples.js";
import { resourceView, type ResourceView } from "../endpoints/view.js";
import { pythonNaming, schemaModuleNames, typeAliasName } from "./fastapi-names.js";
import { pyLiteral, pyStr } from "./python-literals.js";

export interface PyField {
  /** The name in JSON, OpenAPI and the database. */
  name: string;
  /** The name in Python: `name`, or `name_` where `name` would clash (fastapi-names.ts). */
  attribute: string;
  optional: boolean;
  sortable: boolean;
  /** The Pydantic type alias, e.g. `Title = Annotated[str, Field(max_length=120), NoNul]`. */
  alias: string;
  aliasType: string;
  publicType: string;
  modelType: string;
  column: string;
  migrationType: string;
  /** What follows each schema's annotation: the default, and the alias of a renamed field. */
  createDefault: string;
  updateDefault: string;
  publicDefault: string;
}

/** A sort key as clients send it, and the model attribute it orders by. */
export interface PySortKey {
  key: string;
  attribute: string;
}

export interface PyResource extends Omit<ResourceView, "sortKeys" | "decimals"> {
  /** `{order_id}`: the path parameter, braces included. */
  idPath: string;
  fields: PyField[];
  sortKeys: PySortKey[];
  modelImports: string[];
  schemaImports: string[];
  /** `"name", "price"`: fields an update may not set to null. */
  requiredFieldsArgs: string;
  /** What the table enforces past the API, tested in tests/test_<name>.py. */
  schemaTest: {
    enums: { name: string; attribute: string }[];
    /** Each decimal with a value a float would not keep exactly. */
    decimals: { name: string; attribute: string; value: string }[];
    needsModel: boolean;
  };
}

/** Python literals; a long run of one character is `"x" * 10001`. */
const PY_LITERALS = {
  str: pyStr,
  value: pyLiteral,
  repeat: (char: string, times: number) => `${pyStr(char)} * ${times}`,
};

export function pyResource(record: EndpointRecord, ownMigration = true): PyResource {
  const { sortKeys, decimals, ...view } = resourceView(record, ownMigration, PY_LITERALS);
  const types = new Set(record.fields.map((f) => f.type));
  const aliasTypes = record.fields.map((f) => mapping(f).aliasType);
  const renamed = record.fields.some((f) => pythonNaming.identifier(f.name) !== f.name);
  const schemaImports = [
    "import uuid",
    "from datetime import datetime",
    "from app.schemas.common import RequestModel, ResponseModel",
    ...(aliasTypes.some((t) => t.startsWith("Annotated[")) ? ["from typing import Annotated"] : []),
    ...(renamed || aliasTypes.some((t) => t.includes("Field(")) ? ["from pydantic import Field"] : []),
    ...(record.fields.some((f) => !f.optional)
      ? ["from pydantic import field_validator", "from app.schemas.common import not_null"]
      : []),
    ...(types.has("date") ? ["from datetime import date", "from app.schemas.common import JsonDate"] : []),
    ...(types.has("enum") ? ["from typing import Literal"] : []),
    ...(types.has("decimal") ? ["from decimal import Decimal", "from app.schemas.decimals import DecimalText"] : []),
    ...(types.has("datetime") ? ["from app.schemas.common import JsonDatetime"] : []),
    ...(types.has("uuid") ? ["from app.schemas.common import JsonUuid"] : []),
    ...(types.has("int") ? ["from app.schemas.common import JsonInt"] : []),
    ...(types.has("string") || types.has("text") ? ["from app.schemas.common import NoNul"] : []),
    ...(types.has("email") ? ["from app.schemas.common import Email"] : []),
    ...(types.has("url") ? ["from app.schemas.common import Url"] : []),
  ];
  // The model's own name too, though this module does not import it: readers would trip on it.
  const classNames = ["", "Create", "Update", "Public"].map((suffix) => `${view.className}${suffix}`);
  const taken = schemaModuleNames(classNames, schemaImports);
  const fields = record.fields.map((f) => pyField(f, typeAliasName(f.name, taken)));
  return {
    // Constraints (uniqueFields) name columns, which keep the field's name.
    ...view,
    idPath: `{${view.singular}_id}`,
    fields,
    // The timestamps keep their names; a field is ordered by its model attribute.
    sortKeys: sortKeys.map((key) => ({ key, attribute: fields.find((f) => f.name === key)?.attribute ?? key })),
    modelImports: modelImports(record.fields),
    schemaImports,
    requiredFieldsArgs: fields
      .filter((f) => !f.optional)
      .map((f) => pyStr(f.attribute))
      .join(", "),
    schemaTest: schemaTest(record.fields, decimals),
  };
}

function schemaTest(fields: FieldSpec[], exact: ResourceView["decimals"]): PyResource["schemaTest"] {
  const spelt = (f: FieldSpec) => ({ name: f.name, attribute: pythonNaming.identifier(f.name) });
  const enums = fields.filter((f) => f.type === "enum").map(spelt);
  const decimals = exact.map(({ field, value }) => ({ ...spelt(field), value }));
  return { enums, decimals, needsModel: enums.length > 0 || decimals.length > 0 };
}

function pyField(field: FieldSpec, alias: string): PyField {
  const { pyType, aliasType, column, migrationType, publicByAlias } = mapping(field);
  const orNone = field.optional ? " | None" : "";
  const attribute = pythonNaming.identifier(field.name);
  // A renamed field reads and writes JSON under its own name (Pydantic aliases; FastAPI
  // serialises responses by alias) and maps onto a column of its own name.
  const renamed = attribute !== field.name;
  const name = pyStr(field.name);
  const optionalDefault = renamed ? ` = Field(default=None, alias=${name})` : " = None";
  return {
    name: field.name,
    attribute,
    optional: field.optional,
    sortable: sortable(field),
    alias,
    aliasType,
    publicType: `${publicByAlias ? alias : pyType}${orNone}`,
    modelType: `${pyType}${orNone}`,
    column: [...(renamed ? [name] : []), column, ...(field.optional ? ["default=None"] : [])].join(", "),
    migrationType,
    createDefault: field.optional ? optionalDefault : renamed ? ` = Field(alias=${name})` : "",
    // A required field may be left out of an update but never nulled (not_null keeps null
    // out of the document; the model's validator refuses it).
    updateDefault: field.optional ? optionalDefault : renamed ? ` = not_null(alias=${name})` : " = not_null()",
    // Validated from the model's attribute by name; only its JSON spelling is the alias.
    publicDefault: renamed ? ` = Field(serialization_alias=${name})` : "",
  };
}

interface Mapping {
  pyType: string;
  aliasType: string;
  column: string;
  migrationType: string;
  /**
   * The public schema uses the request's alias too: its OpenAPI shape (an enum's values,
   * a decimal's string) is what responses carry, not just what requests may send.
   */
  publicByAlias?: boolean;
}

/** The longest string kept in a VARCHAR (items' description, 2000, is one). */
const VARCHAR_MAX = 2000;

// 2^53 - 1: ints stay exact in every JSON client, and fit BIGINT everywhere.
const INT_LIMIT = 9_007_199_254_740_991;
// What a BIGINT (64-bit signed) column holds: a bound past these would let a value through
// that the database refuses (a 500), so explicit bounds are clamped to them.
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A Python literal for an int field's bound, never outside the 64-bit range. */
function intBound(value: number): string {
  if (!Number.isInteger(value)) return String(value);
  const exact = BigInt(value);
  return String(exact < INT64_MIN ? INT64_MIN : exact > INT64_MAX ? INT64_MAX : exact);
}

function mapping(field: FieldSpec): Mapping {
  const length = maxLength(field);
  switch (field.type) {
    case "string":
    case "text": {
      const min = minLength(field);
      const bounds = [...(min > 0 ? [`min_length=${min}`] : []), `max_length=${length}`];
      // Long strings live in TEXT columns: MySQL counts VARCHAR lengths against its
      // 65,535-byte row limit (4 bytes a character in utf8mb4). Pydantic keeps the limit.
      const asText = field.type === "text" || length > VARCHAR_MAX;
      return {
        pyType: "str",
        aliasType: `Annotated[str, Field(${bounds.join(", ")}), NoNul]`,
        column: asText ? "Text()" : `String(${length})`,
        migrationType: asText ? "sa.Text()" : `sa.String(length=${length})`,
      };
    }
    case "int":
      return {
        pyType: "int",
        // JsonInt: 5.0 is the integer 5 (JSON Schema), as every other stack reads it.
        aliasType: `Annotated[int, Field(ge=${intBound(field.min ?? -INT_LIMIT)}, le=${intBound(field.max ?? INT_LIMIT)}), JsonInt]`,
        column: "BigInteger()",
        migrationType: "sa.BigInteger()",
      };
    case "number": {
      const bounds = [
        ...(field.min !== undefined ? [`ge=${field.min}`] : []),
        ...(field.max !== undefined ? [`le=${field.max}`] : []),
        "allow_inf_nan=False",
      ];
      return {
        pyType: "float",
        aliasType: `Annotated[float, Field(${bounds.join(", ")})]`,
        column: "Float()",
        migrationType: "sa.Float()",
      };
    }
    case "boolean":
      return { pyType: "bool", aliasType: "bool", column: "Boolean()", migrationType: "sa.Boolean()" };
    case "date":
      return { pyType: "date", aliasType: "JsonDate", column: "Date()", migrationType: "sa.Date()" };
    case "datetime":
      return {
        pyType: "datetime",
        aliasType: "JsonDatetime",
        column: "UTCDateTime()",
        migrationType: "sa.DateTime(timezone=True)",
      };
    case "uuid":
      return { pyType: "uuid.UUID", aliasType: "JsonUuid", column: "Uuid()", migrationType: "sa.Uuid()" };
    case "email":
      return { pyType: "str", aliasType: "Email", column: "String(254)", migrationType: "sa.String(length=254)" };
    case "url":
      return {
        pyType: "str",
        aliasType: "Url",
        column: `String(${length})`,
        migrationType: `sa.String(length=${length})`,
      };
    case "enum": {
      const values = field.values ?? [];
      const width = Math.max(...values.map((v) => v.length));
      // A VARCHAR with a CHECK constraint (named by the metadata's convention, "ck"), not a
      // native ENUM type: the same on every database, and adding a value is a plain migration.
      const type = `Enum(${[...values.map(pyStr), `name=${pyStr(field.name)}`, "native_enum=False", "create_constraint=True", `length=${width}`].join(", ")})`;
      return {
        pyType: "str",
        aliasType: `Literal[${values.map(pyStr).join(", ")}]`,
        column: type,
        migrationType: `sa.${type}`,
        publicByAlias: true,
      };
    }
    case "decimal": {
      const { whole, scale } = decimalDigits(field);
      const args = `precision=${whole + scale}, scale=${scale}`;
      return {
        pyType: "Decimal",
        aliasType: `Annotated[Decimal, DecimalText(${args})]`,
        column: `ExactDecimal(${args})`,
        migrationType: `sa.Numeric(${args})`,
        publicByAlias: true,
      };
    }
  }
}

function modelImports(fields: FieldSpec[]): string[] {
  const types = new Set(fields.map((f) => f.type));
  // Each column expression starts with its SQLAlchemy type: `String(120)`, `Text()`...
  const columns = new Set(fields.map((f) => mapping(f).column.split("(")[0] ?? ""));
  columns.delete("UTCDateTime"); // from app.models.base, below
  columns.delete("Uuid"); // already imported for owner_id
  columns.delete("ExactDecimal"); // from app.models.base, below
  if (fields.some((f) => f.unique)) columns.add("UniqueConstraint");
  return [
    ...(types.has("date") ? ["from datetime import date"] : []),
    ...(types.has("datetime") ? ["from datetime import datetime", "from app.models.base import UTCDateTime"] : []),
    ...(types.has("decimal") ? ["from decimal import Decimal", "from app.models.base import ExactDecimal"] : []),
    ...[...columns].map((c) => `from sqlalchemy import ${c}`),
  ];
}
