/**
 * The data every template is rendered with. Templates are Handlebars (`noEscape`: we emit
 * code, not HTML); only files ending in `.hbs` are rendered, everything else is copied.
 */
import { OPTION_KEYS, type Answers } from "../options.js";
import { stackFor, type ResourceView } from "../stacks/index.js";
import type { EndpointRecord } from "./manifest.js";
import { GENERATOR_VERSION } from "../version.js";

export interface TemplateContext extends Answers, Record<string, unknown> {
  generatorVersion: string;
  /** One boolean per chosen value, for the rare `{{#if is.password}}` seam. */
  is: Record<string, boolean>;
  /** `items`, then every resource added with `rampart add endpoint`, in that order (the
   * stack's views of them; the stack adds its own data too, e.g. `python`). */
  resources: ResourceView[];
  /** DATABASE_URL default for the chosen database (CONTRACT §2). */
  defaultDatabaseUrl: string;
  /** Database (and compose user) name on a server database: the project name, snake_case. */
  databaseName: string;
  /** Human name of the database, and the shape of its DATABASE_URL, for docs. */
  databaseLabel: string;
  databaseUrlFormat: string;
}

const DATABASE_DOCS: Record<Answers["database"], { label: string; urlFormat: string }> = {
  sqlite: {
    label: "SQLite",
    urlFormat: "`sqlite:///data/app.db` (relative to the project; four slashes for absolute)",
  },
  postgres: { label: "PostgreSQL", urlFormat: "`postgresql://user:password@host:5432/db`" },
  mysql: { label: "MySQL", urlFormat: "`mysql://user:password@host:3306/db` (MySQL 8, MariaDB 10.11+)" },
};

const DEFAULT_DATABASE_URL: Record<Answers["database"], (name: string) => string> = {
  sqlite: () => "sqlite:///data/app.db",
  // A local development server's usual superuser (the official images' `docker run` defaults
  // the README shows); compose.yaml runs its own server with an app user and DB_PASSWORD.
  postgres: (name) => `postgresql://postgres:postgres@127.0.0.1:5432/${snake(name)}`,
  mysql: (name) => `mysql://root@127.0.0.1:3306/${snake(name)}`,
};

export function buildContext(answers: Answers, endpoints: EndpointRecord[] = []): TemplateContext {
  const is: Record<string, boolean> = {};
  for (const key of OPTION_KEYS) is[answers[key]] = true;
  return {
    ...answers,
    generatorVersion: GENERATOR_VERSION,
    is,
    ...stackFor(answers.framework).context(answers, endpoints),
    defaultDatabaseUrl: DEFAULT_DATABASE_URL[answers.database](answers.projectName),
    databaseName: snake(answers.projectName),
    databaseLabel: DATABASE_DOCS[answers.database].label,
    databaseUrlFormat: DATABASE_DOCS[answers.database].urlFormat,
  };
}

function snake(name: string): string {
  // A database / user name every server accepts unquoted.
  return name.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}
