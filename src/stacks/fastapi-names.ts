/**
 * Field names in the FastAPI stack's Python (CONTRACT §1: a clashing name works through an
 * alias). A field keeps its name in JSON, OpenAPI and the database; in the code, a name
 * that is a Python keyword or builtin, a Pydantic `BaseModel` or SQLAlchemy declarative
 * attribute, or a name the generated modules use in their class bodies becomes `name_`
 * (PEP 8's spelling for such clashes), mapped back by a Pydantic alias and an explicit
 * column name. Pydantic reserves names by prefix (`model_dump_` still warns), so names in
 * its `model_` namespace become `field_model_...` instead.
 */
import type { FieldNaming } from "../endpoints/fields.js";

const KEYWORDS = `and as assert async await break class continue def del elif else except finally for
from global if import in is lambda nonlocal not or pass raise return try while with yield
self cls`;

// `dir(builtins)` of Python 3.11+, lower-case: a class body that binds `int` or `object`
// changes what later annotations in it mean to mypy.
const BUILTINS = `abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr
classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec exit filter
float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter
len license list locals map max memoryview min next object oct open ord pow print property quit range
repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip`;

// Public attributes of Pydantic's BaseModel (v2, with the v1 names it keeps) outside its
// `model_` namespace: a field of that name breaks the model.
const PYDANTIC = `construct copy dict from_orm json parse_file parse_obj parse_raw schema schema_json
update_forward_refs validate`;
// Pydantic's protected namespace: `model_` until 2.10, `model_validate`/`model_dump` since.
const PYDANTIC_PREFIX = "model_";

// SQLAlchemy's DeclarativeBase attributes.
const SQLALCHEMY = "metadata registry";

// Module-level names the model and schema templates use inside class bodies, where a field
// of the same name would shadow them.
const TEMPLATE_NAMES = "uuid date datetime mapped_column field_validator";

const CLASHES = new Set([KEYWORDS, BUILTINS, PYDANTIC, SQLALCHEMY, TEMPLATE_NAMES].join(" ").split(/\s+/));

export const pythonNaming: FieldNaming = {
  language: "Python",
  identifier: (name) => {
    if (name.startsWith(PYDANTIC_PREFIX)) return `field_${name}`;
    return CLASHES.has(name) ? `${name}_` : name;
  },
};

// Capitalised builtins and keywords: a field's type alias (`Title = Annotated[...]`) is
// a module-level name in PascalCase and must not rebind one of these.
const CAPITALISED_BUILTINS = `None True False Ellipsis NotImplemented ArithmeticError AssertionError
AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError BytesWarning
ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError
DeprecationWarning EOFError EncodingWarning EnvironmentError Exception ExceptionGroup FileExistsError
FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning
IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError
MemoryError ModuleNotFoundError NameError NotADirectoryError NotImplementedError OSError OverflowError
PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ReferenceError ResourceWarning
RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError
SystemExit TabError TimeoutError TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError
UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError`;

/**
 * Names a schema module binds before its type aliases: builtins, what its `imports`
 * lines import, and its own classes. A type alias must take none of them.
 */
export function schemaModuleNames(classNames: string[], imports: string[]): Set<string> {
  const imported = imports.flatMap((line) =>
    (/\bimport (.+)$/.exec(line)?.[1] ?? "").split(",").map(
      (part) =>
        part
          .trim()
          .split(/\s+as\s+/)
          .at(-1) ?? "",
    ),
  );
  return new Set([...CAPITALISED_BUILTINS.split(/\s+/), ...imported, ...classNames]);
}

/** `placed_at` → `PlacedAt`, made unique against `taken` (which it joins). */
export function typeAliasName(fieldName: string, taken: Set<string>): string {
  const base = fieldName
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
  let alias = taken.has(base) ? `${base}Value` : base;
  for (let n = 2; taken.has(alias); n++) alias = `${base}Value${n}`;
  taken.add(alias);
  return alias;
}
