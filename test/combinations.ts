import { OPTIONS, OPTION_KEYS, appliesTo, type Answers, type Choices } from "../src/options.js";

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

/** The registry's default choices (FastAPI, SQLite, password auth, HS256, memory store) under `projectName`. */
export function defaultAnswers(projectName: string): Answers {
  const defaults = Object.fromEntries(OPTION_KEYS.map((key) => [key, OPTIONS[key].default])) as Choices;
  return { projectName, ...defaults };
}
