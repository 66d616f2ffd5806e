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

// Every string flag is collected as a list, so one given twice with different values is
// refused instead of the last silently winning (CONTRACT §1).
const choiceFlags = Object.fromEntries(
  OPTION_KEYS.map((key) => [OPTIONS[key].flag, { type: "string" as const, multiple: true as const }]),
);

const PARSE_OPTIONS = {
  ...choiceFlags,
  install: { type: "boolean" },
  "no-install": { type: "boolean" },
  git: { type: "boolean" },
  "no-git": { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  "dry-run": { type: "boolean" },
  force: { type: "boolean" },
  fields: { type: "string", multiple: true },
  set: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} satisfies ParseArgsConfig["options"];

const COMMANDS = new Set<string>(["new", "add", "regenerate"]);

const CHOICE_FLAGS: string[] = OPTION_KEYS.map((key) => OPTIONS[key].flag);
const ALWAYS = ["yes", "dry-run", "force", "help", "version"];

/**
 * The flags each command takes; any other is refused, never ignored. `regenerate` takes the
 * choice flags as `--set` (`--database postgres` is `--set database=postgres`).
 */
export const COMMAND_FLAGS: Record<"new" | "add" | "regenerate", readonly string[]> = {
  new: [...CHOICE_FLAGS, "install", "no-install", "git", "no-git", ...ALWAYS],
  add: ["fields", ...ALWAYS],
  regenerate: [...CHOICE_FLAGS, "set", ...ALWAYS],
};

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
  if (command === "new" || command === "add" || command === "regenerate") refuseForeignFlags(command, values);

  const choices: Partial<Choices> = {};
  for (const key of OPTION_KEYS) {
    const raw = once(OPTIONS[key].flag, values[OPTIONS[key].flag as keyof typeof values] as string[] | undefined);
    if (raw !== undefined) assignChoice(choices, key, raw);
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
    fields: once("fields", values.fields),
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

/** The one value of a flag that may be repeated only with the same value. */
function once(flag: string, given: string[] | undefined): string | undefined {
  const distinct = [...new Set(given ?? [])];
  if (distinct.length > 1) {
    throw new UsageError(
      `--${flag} given twice with different values (${distinct.map((v) => `"${v}"`).join(", ")}): give it once`,
    );
  }
  return distinct[0];
}

function refuseForeignFlags(command: "new" | "add" | "regenerate", values: Record<string, unknown>): void {
  const flag = Object.keys(values).find((name) => values[name] !== undefined && !COMMAND_FLAGS[command].includes(name));
  if (flag === undefined) return;
  const value = values[flag];
  const first = Array.isArray(value) ? String(value[0]) : "";
  if (command === "new" && flag === "set") {
    // `--set jwtAlg=EdDSA` → the flag spelling a new project takes: `--jwt-alg EdDSA`.
    const [key = "", setValue = ""] = first.split("=");
    const option = OPTION_KEYS.find((k) => k === key || OPTIONS[k].flag === key);
    const hint = option ? `--${OPTIONS[option].flag} ${setValue}` : "--jwt-alg EdDSA";
    throw new UsageError(`new does not take --set (that is for regenerate): give the choice as a flag, ${hint}`);
  }
  if (command === "add" && CHOICE_FLAGS.includes(flag)) {
    throw new UsageError(
      `${command} does not take --${flag}: answers change with rampart regenerate --${flag} ${first}`,
    );
  }
  throw new UsageError(`${command} does not take --${flag} (see rampart --help)`);
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
