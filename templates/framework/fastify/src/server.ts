/**
 * `npm start`: the core's start-up (`src/start.ts`: configuration, database, migrations, the
 * auth layer's start-up work, logger, rate-limit store), then serve until SIGTERM / SIGINT,
 * when in-flight requests finish and the pool and the rate-limit store are closed. Any
 * failure before listening is one line on stderr and exit code 1.
 */
import closeWithGrace from "close-with-grace";
import { buildApp } from "./app.js";
import { LISTEN_BACKLOG, shedIdleConnections } from "./connections.js";
import { GRACE_MS, startServices } from "./start.js";

async function main(): Promise<void> {
  const services = await startServices();
  if (services === undefined) return;
  const { config, db, limiterStore } = services;

  const app = await buildApp(services);
  app.addHook("onClose", async () => {
    await Promise.allSettled([db.destroy(), limiterStore.close()]);
  });
  shedIdleConnections(app.server);
  // A failed accept() (e.g. out of file descriptors) is logged, never a crash.
  app.server.on("error", (err) => {
    app.log.warn({ err }, "server error");
  });

  closeWithGrace(
    {
      delay: GRACE_MS,
      logger: {
        error: (message: string) => {
          app.log.error(message);
        },
      },
    },
    async ({ err }) => {
      if (err !== undefined)
        app.log.error({ err }, "stopping after an unexpected error");
      await app.close();
    },
  );

  await app.listen({
    host: config.host,
    port: config.port,
    backlog: LISTEN_BACKLOG,
  });
}

await main();
