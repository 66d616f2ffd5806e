/**
 * argv → a typed request. Every choice flag comes from the OPTIONS registry; anything
 * unknown or malformed is a UsageError (exit 2) before anything is read or written.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.js";
import { OPTIONS, OPTION_KEYS, isAvailable, isValue, type Choices, type OptionKey } from "../options.js";

export type Command = "new" | "add" | "regenerate" | "help" | "version";

export interface Request {
  command: Command;
  positionals: string[];
  choices: Partial<Choices>;
  install: boolean;
  git: boolean;
  yes: boolean;
  dryRun: boolean;
  force: boolean;
  fields?: string;
  set: string[];
}

const choiceFlags = Object.fromEntries(OPTION_KEYS.map((key) => [OPTIONS[key].flag, { type: "string" as const }]));

const PARSE_OPTIONS = {
  ...choiceFlags,
  install: { type: "boolean" },
  "no-install": { type: "boolean" },
  git: { type: "boolean" },
  "no-git": { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  "dry-run": { type: "boolean" },
  force: { type: "boolean" },
  fields: { type: "string" },
  set: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} satisfies ParseArgsConfig["options"];

const COMMANDS = new Set<string>(["new", "add", "regenerate"]);

/** `create-rampart` is `rampart new`; `rampart` takes a command first. */
export function parseRequest(argv: string[], bin: "rampart" | "create-rampart"): Request {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: PARSE_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(cleanParseError((error as Error).message));
  }
  const { values, positionals } = parsed;
  let command: Command = "new";
  if (bin === "rampart") {
    const first = positionals.shift();
    if (first === undefined) command = "help";
    else if (first === "help") command = "help";
    else if (COMMANDS.has(first)) command = first as Command;
    else throw new UsageError(`unknown command "${first}": use new, add endpoint or regenerate (see rampart --help)`);
  }
  if (values.help) command = "help";
  else if (values.version) command = "version";

  const choices: Partial<Choices> = {};
  for (const key of OPTION_KEYS) {
    const raw = values[OPTIONS[key].flag as keyof typeof values];
    if (typeof raw === "string") assignChoice(choices, key, raw);
  }
  return {
    command,
    positionals,
    choices,
    install: pickToggle(values.install, values["no-install"], "install"),
    git: pickToggle(values.git, values["no-git"], "git"),
    yes: values.yes ?? false,
    dryRun: values["dry-run"] ?? false,
    force: values.force ?? false,
    fields: values.fields,
    set: values.set ?? [],
  };
}

function assignChoice<K extends OptionKey>(choices: Partial<Choices>, key: K, raw: string): void {
  const option = OPTIONS[key];
  if (!isValue(key, raw)) {
    throw new UsageError(`unknown --${option.flag} value "${raw}": choose one of ${option.values.join(", ")}`);
  }
  if (!isAvailable(key, raw)) {
    throw new UsageError(
      `--${option.flag} ${raw} is not available yet in this version; available: ${option.available.join(", ")}`,
    );
  }
  (choices as Record<OptionKey, string>)[key] = raw;
}

function pickToggle(on: boolean | undefined, off: boolean | undefined, name: string): boolean {
  if (on && off) throw new UsageError(`--${name} and --no-${name} contradict each other: pick one`);
  return !off;
}

function cleanParseError(message: string): string {
  // Node's messages carry a hint about `--` that does not apply to us; keep the first sentence.
  return (message.split(". To specify")[0] ?? message).replace(
    /^Unknown option '(.+)'$/,
    "unknown option $1 (see --help)",
  );
}
