import { OPTIONS, OPTION_KEYS } from "../options.js";

const choiceLines = OPTION_KEYS.map((key) => {
  const o = OPTIONS[key];
  const values = o.values.map((v) => ((o.available as readonly string[]).includes(v) ? v : `${v}*`)).join("|");
  return `  --${o.flag.padEnd(18)} ${values}  (default ${o.default})`;
});

export const HELP = `rampart: API projects that are secure from their first commit

Usage:
  npm create rampart@latest [dir] -- [flags]
  create-rampart [dir] [flags]
  rampart new [dir] [flags]
  rampart add endpoint <name> [--fields SPEC]
  rampart regenerate [--dry-run] [--force] [--set key=value ...] [--database postgres ...]
  (each command refuses a flag it does not take; a flag given twice must agree)

Choices (prompted on a terminal unless given or --yes):
${choiceLines.join("\n")}
  (* not available yet)

Flags:
  --yes, -y              take the default for every choice not given; never prompt
  --dry-run              print what would be written; write nothing
  --no-install           do not install dependencies
  --no-git               do not create a git repository
  --force                write into a non-empty directory (your files are kept)
  --help, -h             this text
  --version, -v          the generator's version

Examples:
  npx create-rampart my-api --yes
  npx create-rampart my-api --framework fastapi --jwt-alg EdDSA --no-git
  rampart new my-api --dry-run --yes

Exit codes: 0 done, 1 a step failed (install, git), 2 bad input (nothing was changed).
`;
