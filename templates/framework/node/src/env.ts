/**
 * Where configuration comes from: the process environment, over `.env` at the project root.
 * `.env` never overrides a variable that is set, and `process.env` is never written to, so
 * tests can build a config from any record they like.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "dotenv";

/** The project's root: this file sits in `src/` (or `dist/` once built), one level down. */
export const PROJECT_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
);

export type Environment = Readonly<Record<string, string | undefined>>;

/** Parses a `.env` file; a missing file is an empty one. */
export function readDotenv(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  return parse(text);
}

/** `.env` values, each overridden by the real environment's. */
export function readEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  file: string = path.join(PROJECT_ROOT, ".env"),
): Environment {
  return { ...readDotenv(file), ...env };
}
