/** `--set key=value` for `regenerate`: changes to recorded answers, checked like flags. */
import { UsageError } from "../errors.js";
import { OPTIONS, OPTION_KEYS, appliesTo, isAvailable, isValue, type Answers, type OptionKey } from "../options.js";

export function applySets(answers: Answers, sets: string[]): Answers {
  const next: Answers = { ...answers };
  for (const set of sets) {
    const match = /^([A-Za-z-]+)=(.*)$/.exec(set);
    if (!match) throw new UsageError(`--set "${set}": expected key=value, e.g. --set jwtAlg=EdDSA`);
    const [, rawKey = "", value = ""] = match;
    const key = OPTION_KEYS.find((k) => k === rawKey || OPTIONS[k].flag === rawKey);
    if (key === undefined) {
      throw new UsageError(`--set "${set}": unknown key "${rawKey}"; keys: ${OPTION_KEYS.join(", ")}`);
    }
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
