/**
 * The app's dependencies as decorators: `app.db` (Kysely) and `app.config`, for route
 * plugins that call the core's services.
 */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";

declare module "fastify" {
  interface FastifyInstance {
    db: Kysely<Database>;
    config: Config;
  }
}

export interface ContextOptions {
  db: Kysely<Database>;
  config: Config;
}

export default fp<ContextOptions>(
  // eslint-disable-next-line @typescript-eslint/require-await -- a plugin is an async function
  async (app: FastifyInstance, { db, config }) => {
    app.decorate("db", db);
    app.decorate("config", config);
  },
  { name: "context" },
);
