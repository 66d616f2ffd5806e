/**
 * `--help` per command. Choices, `--set` keys and `--fields` types come from their
 * registries (OPTIONS, FIELD_TYPES), so the help cannot drift from what the parser takes.
 */
import {
  DECIMAL_PRECISION,
  DECIMAL_PRECISION_MAX,
  DECIMAL_SCALE,
  FIELD_TYPES,
  STRING_MAX,
  TEXT_MAX,
} from "../endpoints/fields.js";
import { OPTIONS, OPTION_KEYS } from "../options.js";

export type HelpTopic = "rampart" | "new" | "add" | "regenerate";

function values(key: (typeof OPTION_KEYS)[number]): string {
  const o = OPTIONS[key];
  return o.values.map((v) => ((o.available as readonly string[]).includes(v) ? v : `${v}*`)).join("|");
}

const choiceLines = OPTION_KEYS.map(
  (key) => `  --${OPTIONS[key].flag.padEnd(18)} ${values(key)}  (default ${OPTIONS[key].default})`,
);
const setKeyLines = OPTION_KEYS.map((key) => `  ${key.padEnd(18)} ${values(key)}  (default ${OPTIONS[key].default})`);
const NOT_YET = "  (* not available yet in this version)";
const EXIT_CODES =
  "Exit codes: 0 done, 1 a step failed (install, git, or a merge left conflicts), 2 bad input (nothing was changed).";

const GLOBAL = `rampart: API projects that are secure from their first commit

Usage:
  npm create rampart@latest [dir] -- [flags]
  create-rampart [dir] [flags]                     a new project (same as rampart new)
  rampart new [dir] [flags]                        a new project
  rampart add endpoint <name> [--fields SPEC]      a resource in the project you are in
  rampart regenerate [--dry-run] [--set key=value] re-apply the templates, keeping your edits
  (each command refuses a flag it does not take; a flag given twice must agree)

  create-rampart add ... and create-rampart regenerate ... are the same as rampart's,
  so after npx create-rampart, "npx create-rampart add endpoint orders" works too.

Each command has its own help:
  rampart new --help
  rampart add endpoint --help
  rampart regenerate --help

  --help, -h             this text
  --version, -v          the generator's version

Examples:
  npx create-rampart my-api --yes --jwt-alg EdDSA
  cd my-api && npx create-rampart add endpoint orders --fields 'title:string,done:boolean'
  npx create-rampart regenerate --dry-run

${EXIT_CODES}
`;

const NEW = `rampart new: generate a project

Usage:
  create-rampart [dir] [flags]
  rampart new [dir] [flags]
  npm create rampart@latest [dir] -- [flags]

On a terminal, it asks for the directory and every choice not given as a flag, unless --yes.
Without a terminal it never prompts: give the directory, and it takes defaults for the rest.

Choices:
${choiceLines.join("\n")}
${NOT_YET}

Flags:
  --yes, -y              take the default for every choice not given; never prompt
  --dry-run              print the files that would be written; write nothing
  --no-install           do not install dependencies (uv when on PATH, else pip in .venv)
  --no-git               do not create a git repository with a first commit
  --force                write into a non-empty directory (your files are kept, never replaced)

Examples:
  npx create-rampart my-api --yes
  npx create-rampart my-api --database postgres --jwt-alg EdDSA --no-git
  rampart new my-api --dry-run --yes

Then, in the project: create-rampart add endpoint --help, create-rampart regenerate --help.

${EXIT_CODES}
`;

const ADD = `rampart add endpoint: add a resource to the project you are in

Usage:
  rampart add endpoint <name> [--fields SPEC] [--dry-run] [--force]
  npx create-rampart add endpoint <name> [--fields SPEC]

<name> is the resource's plural, snake_case (orders, line_items). It gets a model, a new
migration, owner-scoped queries, routes behind <name>:read / <name>:write, and tests.
On a terminal without --fields, it asks field by field.

--fields SPEC, comma-separated fields:
  name[?]:type[:modifier...]      name? makes the field optional (required otherwise)

  types       ${FIELD_TYPES.filter((t) => t !== "enum").join(", ")}, enum(a|b|c)
              string is at most ${STRING_MAX} characters unless max=, text at most ${TEXT_MAX};
              a required string or text refuses "" unless min=0 (an optional one takes "")
              decimal is exact (NUMERIC), sent and returned as a JSON string ("12.50")
  modifiers   unique        unique per owner
              min=N, max=N  length for string and text, value for int and number
              precision=P   decimal: total digits, 1..${DECIMAL_PRECISION_MAX} (default ${DECIMAL_PRECISION})
              scale=S       decimal: digits after the point, 0..P (default ${DECIMAL_SCALE})

  field names are snake_case, starting with a letter

Flags:
  --dry-run              print the changes; write nothing
  --force                run on a git tree with uncommitted changes

Example:
  rampart add endpoint orders --fields 'title:string:max=120:unique,notes?:text,quantity:int:min=1,status:enum(open|closed),total:decimal:precision=10:scale=2'

${EXIT_CODES}
`;

const REGENERATE = `rampart regenerate: re-apply the templates to the project you are in

Usage:
  rampart regenerate [--dry-run] [--force] [--set key=value ...]
  npx create-rampart regenerate [...]

Each file is merged three ways (what rampart last generated, the new render, your file):
untouched files are updated, edited ones merged or given conflict markers and listed.

Flags:
  --dry-run              print the diff; write nothing
  --force                run on a git tree with uncommitted changes
  --set key=value        change a recorded answer (repeat for several); the key may also be
                         written as its flag name (--set jwt-alg=EdDSA)

Keys for --set:
${setKeyLines.join("\n")}
${NOT_YET}

Examples:
  rampart regenerate --dry-run
  rampart regenerate --set jwtAlg=EdDSA --set rateLimitStore=redis

${EXIT_CODES}
`;

export const HELP: Record<HelpTopic, string> = { rampart: GLOBAL, new: NEW, add: ADD, regenerate: REGENERATE };
