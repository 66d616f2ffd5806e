/**
 * The app's dependencies on every request's context: `c.var.db` (Kysely), `c.var.config`
 * and `c.var.authenticate` (the auth layer's token check), for the routes that call the
 * core's services.
 */
import { createMiddleware } from "hono/factory";
import type { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { AppEnv } from "../router.js";
import type { Authenticate } from "./auth.js";

export interface ContextOptions {
  config: Config;
  db: Kysely<Database>;
  authenticate: Authenticate;
}

export function context({ config, db, authenticate }: ContextOptions) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set("config", config);
    c.set("db", db);
    c.set("authenticate", authenticate);
    await next();
  });
}
