/**
 * The interactive side: one question per choice missing from the flags, built from the
 * OPTIONS registry. Only called when stdin is a TTY and `--yes` is absent.
 */
import path from "node:path";
import { input, select } from "@inquirer/prompts";
import { resolveTarget, validateProjectName } from "../core/names.js";
import { isEmptyDir } from "../core/write.js";
import { UsageError } from "../errors.js";
import { printable } from "./printable.js";
import {
  OPTIONS,
  OPTION_KEYS,
  appliesTo,
  isAvailable,
  type Choices,
  type OptionKey,
  type OptionValue,
} from "../options.js";

/**
 * Each answer is checked as it is typed, by the same rules as the argument: a bad name or a
 * directory in use is said under the prompt, and the question stays open.
 */
export async function askProjectDir(cwd: string, force: boolean): Promise<string> {
  return input({
    message: "Project directory",
    default: "my-api",
    required: true,
    validate: (value) =>
      usageProblem(async () => {
        const target = resolveTarget(value, cwd);
        validateProjectName(path.basename(target));
        if (!force && !(await isEmptyDir(target))) return `${value} is not empty: choose another directory`;
        return true;
      }),
  });
}

/** `add endpoint` without a name: asked, checked with the rules the argument follows. */
export async function askEndpointName(check: (name: string) => void): Promise<string> {
  return input({
    message: "Endpoint name (plural, snake_case, e.g. orders)",
    required: true,
    validate: (value) =>
      usageProblem(async () => {
        check(value);
        return true;
      }),
  });
}

/** A UsageError becomes the message shown under the prompt; anything else still throws. */
async function usageProblem(check: () => Promise<string | true>): Promise<string | true> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof UsageError) return printable(error.message);
    throw error;
  }
}

export async function askChoices(given: Partial<Choices>): Promise<Partial<Choices>> {
  const answers: Partial<Choices> = { ...given };
  for (const key of OPTION_KEYS) {
    if (answers[key] !== undefined || !appliesTo(key, answers)) continue;
    (answers as Record<OptionKey, string>)[key] = await askChoice(key);
  }
  return answers;
}

async function askChoice<K extends OptionKey>(key: K): Promise<OptionValue<K>> {
  const option = OPTIONS[key];
  return select<OptionValue<K>>({
    message: option.message,
    default: option.default,
    choices: option.values.map((value: OptionValue<K>) => ({
      value,
      name: value,
      disabled: isAvailable(key, value) ? false : "(not available yet)",
    })),
  });
}
