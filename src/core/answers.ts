/**
 * `--set key=value` for `regenerate`: changes to recorded answers, checked like flags. The
 * choice flags (`--database postgres`) are the same changes spelled as on `new`.
 */
import { UsageError } from "../errors.js";
import { OPTIONS, OPTION_KEYS, appliesTo, isAvailable, isValue, type Answers, type OptionKey } from "../options.js";

export function applySets(answers: Answers, sets: string[]): Answers {
  const next: Answers = { ...answers };
  const given = new Map<OptionKey, string>();
  for (const set of sets) {
    const match = /^([A-Za-z-]+)=(.*)$/.exec(set);
    if (!match) throw new UsageError(`--set "${set}": expected key=value, e.g. --set jwtAlg=EdDSA`);
    const [, rawKey = "", value = ""] = match;
    const key = OPTION_KEYS.find((k) => k === rawKey || OPTIONS[k].flag === rawKey);
    if (key === undefined) {
      throw new UsageError(`--set "${set}": unknown key "${rawKey}"; keys: ${OPTION_KEYS.join(", ")}`);
    }
    const earlier = given.get(key);
    if (earlier !== undefined && earlier !== value) {
      throw new UsageError(`${key} given twice with different values ("${earlier}", "${value}"): give it once`);
    }
    given.set(key, value);
    assign(next, key, value);
  }
  if (!appliesTo("jwtAlg", next) && next.jwtAlg !== answers.jwtAlg) {
    throw new UsageError("--set jwtAlg applies to auth=password only");
  }
  return next;
}

function assign<K extends OptionKey>(answers: Answers, key: K, value: string): void {
  const option = OPTIONS[key];
  if (!isValue(key, value)) {
    throw new UsageError(`--set ${key}: unknown value "${value}": choose one of ${option.values.join(", ")}`);
  }
  if (!isAvailable(key, value)) {
    throw new UsageError(
      `--set ${key}=${value} is not available yet in this version; available: ${option.available.join(", ")}`,
    );
  }
  (answers as Record<OptionKey, string>)[key] = value;
}

/** `--jwt-alg EdDSA` on `regenerate` → `jwtAlg=EdDSA`, so flags and `--set` are one list. */
export function choicesAsSets(choices: Partial<Record<OptionKey, string>>): string[] {
  return OPTION_KEYS.flatMap((key) => (choices[key] === undefined ? [] : [`${key}=${choices[key]}`]));
}
