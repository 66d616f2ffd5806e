/**
 * `npm start`: the core's `startServices()` reads and checks the configuration, opens the
 * database, migrates and runs the auth layer's start-up work (any failure is one line on
 * stderr and exit code 1). Then a node:http server with the core's bounds serves the app
 * until SIGTERM / SIGINT, when in-flight requests finish and the pool and the rate-limit
 * store are closed.
 */
import closeWithGrace from "close-with-grace";
import { createServer } from "node:http";
import { createApp } from "./app.js";
import {
  applyServerLimits,
  HTTP_SERVER_OPTIONS,
  LISTEN_BACKLOG,
} from "./connections.js";
import { GRACE_MS, startServices } from "./start.js";

async function main(): Promise<void> {
  const services = await startServices();
  if (services === undefined) return;
  const { config, db, limiterStore, logger } = services;

  const app = await createApp({ config, db, limiterStore, logger });
  const server = createServer(HTTP_SERVER_OPTIONS, app);
  applyServerLimits(server);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(
        { host: config.host, port: config.port, backlog: LISTEN_BACKLOG },
        () => {
          server.off("error", reject);
          resolve();
        },
      );
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    process.stderr.write(
      `error: could not listen on ${config.host}:${config.port} (${String(code)})\n`,
    );
    process.exitCode = 1;
    await Promise.allSettled([db.destroy(), limiterStore.close()]);
    return;
  }
  // A failed accept() (e.g. out of file descriptors) is logged, never a crash.
  server.on("error", (err) => {
    logger.warn({ err }, "server error");
  });
  logger.info({ host: config.host, port: config.port }, "listening");

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
      // Stop accepting, let in-flight requests finish, drop idle keep-alive sockets.
      const closed = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      server.closeIdleConnections();
      await closed;
      await Promise.allSettled([db.destroy(), limiterStore.close()]);
    },
  );
}

await main();
