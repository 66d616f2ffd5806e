/**
 * `npm start`: the core's `startServices()` (configuration, database, migrations, the auth
 * layer's start-up work, logger, rate-limit store; a failure is one line on stderr and exit
 * code 1), then the app on a Node HTTP server with the core's bounds, until SIGTERM / SIGINT,
 * when in-flight requests finish and the pool and the rate-limit store are closed.
 */
import { getRequestListener } from "@hono/node-server";
import closeWithGrace from "close-with-grace";
import { createServer } from "node:http";
import { buildApp } from "./app.js";
import {
  applyServerLimits,
  HTTP_SERVER_OPTIONS,
  LISTEN_BACKLOG,
} from "./connections.js";
import { listenerError } from "./middleware/errors.js";
import { GRACE_MS, startServices } from "./start.js";

const services = await startServices();
if (services !== undefined) {
  const { config, db, limiterStore, logger } = services;
  const app = await buildApp(services);
  // @hono/node-server's listener on a server made here (what `serve()` does inside), so the
  // server takes the core's deadlines and the listen backlog.
  const listener = getRequestListener(app.fetch, {
    hostname: config.host,
    errorHandler: listenerError,
  });
  const server = createServer(HTTP_SERVER_OPTIONS, (incoming, outgoing) => {
    void listener(incoming, outgoing);
  });
  applyServerLimits(server);
  // A failed accept() (e.g. out of file descriptors) is logged, never a crash.
  server.on("error", (err) => {
    logger.warn({ err }, "server error");
  });

  closeWithGrace(
    {
      delay: GRACE_MS,
      logger: {
        error: (message: string) => {
          logger.error(message);
        },
      },
    },
    async ({ err }) => {
      if (err !== undefined)
        logger.error({ err }, "stopping after an unexpected error");
      await new Promise((resolve) => server.close(resolve));
      await Promise.allSettled([db.destroy(), limiterStore.close()]);
    },
  );

  server.listen(
    { host: config.host, port: config.port, backlog: LISTEN_BACKLOG },
    () => {
      logger.info({ host: config.host, port: config.port }, "listening");
    },
  );
}
