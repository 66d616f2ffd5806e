/**
 * Words a resource name may not be: keywords of Python, TypeScript/JavaScript and SQL (a
 * resource name becomes a module, a class, functions and a table in every stack, with no
 * alias), and the routes and modules rampart itself owns. Field names are not held to this
 * list: each stack spells a clashing field its own way (`FieldNaming`, src/stacks).
 */
const PYTHON = `false none true and as assert async await break class continue def del elif else except
finally for from global if import in is lambda nonlocal not or pass raise return try while with yield
match case type self cls`;

const TYPESCRIPT = `break case catch class const continue debugger default delete do else enum export extends
false finally for function if import in instanceof new null return super switch this throw true try typeof
var void while with as implements interface let package private protected public static yield any boolean
constructor declare get module require number set string symbol from of undefined object never unknown
arguments eval prototype`;

// The SQL:2016 reserved words most likely to be picked as names, plus MySQL's and SQLite's.
const SQL = `add all alter and any as asc between by case cast check column constraint create cross
current current_date current_time current_timestamp current_user database default delete desc distinct
drop else end escape except exists false fetch for foreign from full grant group having in index inner
insert intersect into is join key left like limit natural not null offset on or order outer primary
references right rollback row rows select session_user set some table then to true union unique update
user using values view when where window with interval range rank read write level zone year month day
hour minute second schema trigger procedure function returns begin commit transaction analyze explain
vacuum replace match regexp glob`;

export const RESERVED_WORDS = new Set([PYTHON, TYPESCRIPT, SQL].join(" ").split(/\s+/).filter(Boolean));

/** Resource names that would collide with the project's own routes, modules or folders. */
export const RESERVED_RESOURCES = new Set(
  `users auth health admin docs openapi redoc me token tokens app api core crud models schemas
  routes tests test main deps config security db errors middleware logging scopes base common alembic
  migrations static settings user`.split(/\s+/),
);
