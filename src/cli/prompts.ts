/**
 * The interactive side: one question per choice missing from the flags, built from the
 * OPTIONS registry. Only called when stdin is a TTY and `--yes` is absent.
 */
import { input, select } from "@inquirer/prompts";
import {
  OPTIONS,
  OPTION_KEYS,
  appliesTo,
  isAvailable,
  type Choices,
  type OptionKey,
  type OptionValue,
} from "../options.js";

export async function askProjectDir(): Promise<string> {
  return input({ message: "Project directory", default: "my-api", required: true });
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
