/**
 * How each framework's projects are installed and run (CONTRACT §2). The install step and
 * the "next steps" text both read this, so they cannot disagree.
 */
import type { Answers } from "../options.js";

export interface StackCommands {
  install: string;
  test: string;
  serve: string;
}

const PYTHON: StackCommands = {
  install: "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'",
  test: ".venv/bin/pytest",
  serve: ".venv/bin/python -m app",
};

const NODE: StackCommands = {
  install: "npm install",
  test: "npm test",
  serve: "npm run build && npm start",
};

export function stackCommands(framework: Answers["framework"]): StackCommands {
  return framework === "fastapi" ? PYTHON : NODE;
}
