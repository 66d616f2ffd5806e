/**
 * The data every template is rendered with. Templates are Handlebars (`noEscape`: we emit
 * code, not HTML); only files ending in `.hbs` are rendered, everything else is copied.
 */
import { OPTION_KEYS, type Answers } from "../options.js";
import { fastapiPython } from "../stacks/fastapi.js";
import { GENERATOR_VERSION } from "../version.js";

export interface TemplateContext extends Answers {
  generatorVersion: string;
  /** One boolean per chosen value, for the rare `{{#if is.password}}` seam. */
  is: Record<string, boolean>;
  /** PEP 508 requirement strings for pyproject.toml. */
  python: { dependencies: readonly string[]; devDependencies: readonly string[] };
  /** DATABASE_URL default for the chosen database (CONTRACT §2). */
  defaultDatabaseUrl: string;
}

const DEFAULT_DATABASE_URL: Record<Answers["database"], (name: string) => string> = {
  sqlite: () => "sqlite:///data/app.db",
  postgres: (name) => `postgresql://postgres:postgres@127.0.0.1:5432/${snake(name)}`,
  mysql: (name) => `mysql://root@127.0.0.1:3306/${snake(name)}`,
};

export function buildContext(answers: Answers): TemplateContext {
  const is: Record<string, boolean> = {};
  for (const key of OPTION_KEYS) is[answers[key]] = true;
  return {
    ...answers,
    generatorVersion: GENERATOR_VERSION,
    is,
    python: fastapiPython,
    defaultDatabaseUrl: DEFAULT_DATABASE_URL[answers.database](answers.projectName),
  };
}

function snake(name: string): string {
  return name.replaceAll("-", "_");
}
