/**
 * Liveness (never limited, never touches the database) and readiness (the database and the
 * rate-limit store both answer; else 503, so a balancer stops sending traffic).
 */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { serviceUnavailable } from "../errors.js";
import { isDatabaseReady } from "../health.js";
import type { LimiterStore } from "../limits/counter.js";
import { problemResponse } from "../http/openapi-errors.js";

const Status = z
  .strictObject({ status: z.literal("ok") })
  .meta({ id: "HealthStatus" });

const healthRoutes: FastifyPluginCallbackZod<{ limiterStore: LimiterStore }> = (
  app,
  { limiterStore },
  done,
) => {
  app.get("/health", {
    schema: {
      operationId: "health-live",
      tags: ["health"],
      summary: "Liveness",
      response: { 200: Status },
    },
    handler: () => ({ status: "ok" as const }),
  });

  app.get("/health/ready", {
    schema: {
      operationId: "health-ready",
      tags: ["health"],
      summary: "Readiness: the database and the rate-limit store answer",
      response: {
        200: Status,
        503: problemResponse(
          503,
          "The database or the rate-limit store does not answer",
        ),
      },
    },
    handler: async () => {
      const [database, store] = await Promise.all([
        isDatabaseReady(app.db),
        limiterStore.isReady(),
      ]);
      if (!database)
        throw serviceUnavailable("The database is not available; retry later");
      if (!store)
        throw serviceUnavailable(
          "The rate-limit store is not available; retry later",
        );
      return { status: "ok" as const };
    },
  });
  done();
};

export default healthRoutes;
