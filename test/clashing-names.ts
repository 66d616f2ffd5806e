/**
 * Field names that clash with some part of a stack: the keywords of Python, TypeScript and
 * SQL that rampart once refused outright (its old reserved lists, kept here verbatim), and
 * the attributes Pydantic and SQLAlchemy own. CONTRACT §1: each works (through an alias
 * where the stack needs one) or is refused with a reason. The unit and e2e suites build one
 * resource holding all of them, so a name the generator accepts is proven to leave the
 * project green.
 */
import { FIELD_TYPES } from "../src/endpoints/fields.js";

const PYTHON = `false none true and as assert async await break class continue def del elif else except
finally for from global if import in is lambda nonlocal not or pass raise return try while with yield
match case type self cls`;

const TYPESCRIPT = `break case catch class const continue debugger default delete do else enum export extends
false finally for function if import in instanceof new null return super switch this throw true try typeof
var void while with as implements interface let package private protected public static yield any boolean
constructor declare get module require number set string symbol from of undefined object never unknown
arguments eval prototype`;

const SQL = `add all alter and any as asc between by case cast check column constraint create cross
current current_date current_time current_timestamp current_user database default delete desc distinct
drop else end escape except exists false fetch for foreign from full grant group having in index inner
insert intersect into is join key left like limit natural not null offset on or order outer primary
references right rollback row rows select session_user set some table then to true union unique update
user using values view when where window with interval range rank read write level zone year month day
hour minute second schema trigger procedure function returns begin commit transaction analyze explain
vacuum replace match regexp glob`;

// Pydantic's BaseModel and SQLAlchemy's declarative base attributes, the names the generated
// modules import, and the builtins their class bodies use.
const LIBRARIES = `model_config model_fields model_dump model_validate model_extra copy dict json schema
validate construct metadata registry uuid date datetime mapped_column field_validator classmethod
str int float bool list status`;

export const CLASHING_NAMES: string[] = [
  // Libraries first: they get the typed fields below.
  ...new Set([LIBRARIES, PYTHON, TYPESCRIPT, SQL].join(" ").split(/\s+/).filter(Boolean)),
];

const TYPES = FIELD_TYPES.filter((t) => t !== "enum");
/** Names that cycle through every type; the rest are optional booleans, the cheapest to test. */
const TYPED = 2 * FIELD_TYPES.length;

/**
 * One `--fields` spec holding every clashing name: the first ones cycle through the types
 * (an enum included), required and optional, with bounds and unique constraints among them.
 */
export function clashingFieldsSpec(): string {
  return CLASHING_NAMES.map((name, i) => {
    if (i >= TYPED) return `${name}?:boolean`;
    const type = TYPES[i % FIELD_TYPES.length] ?? "enum(a|b)";
    const optional = i >= FIELD_TYPES.length ? "?" : "";
    const modifiers = [
      ...(type === "string" ? [":max=40"] : []),
      ...(type === "int" ? [":min=0:max=1000"] : []),
      // Unique columns: their constraints name the column, never the Python attribute.
      ...(optional === "" && ["string", "int", "uuid"].includes(type) ? [":unique"] : []),
    ];
    return `${name}${optional}:${type}${modifiers.join("")}`;
  }).join(",");
}
