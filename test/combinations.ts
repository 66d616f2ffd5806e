import { OPTIONS, OPTION_KEYS, appliesTo, type Choices } from "../src/options.js";

/** Every valid combination of the available choices (an option that does not apply keeps its default). */
export function* combinations(): Generator<Choices> {
  const keys = OPTION_KEYS;
  const walk = function* (i: number, acc: Partial<Choices>): Generator<Choices> {
    if (i === keys.length) {
      yield acc as Choices;
      return;
    }
    const key = keys[i];
    if (key === undefined) return;
    const values = appliesTo(key, acc) ? OPTIONS[key].available : [OPTIONS[key].default];
    for (const value of values) yield* walk(i + 1, { ...acc, [key]: value });
  };
  yield* walk(0, {});
}
