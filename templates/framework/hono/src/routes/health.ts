/**
 * Liveness (never limited, never touches the database) and readiness (the database and the
 * rate-limit store both answer; else 503, so a balancer stops sending traffic).
 */
import { z } from "zod";
import { serviceUnavailable } from "../errors.js";
import { isDatabaseReady } from "../health.js";
import { problemResponse } from "../http/openapi-errors.js";
import type { LimiterStore } from "../limits/counter.js";
import { apiRoute, createRouter, json } from "../router.js";

const Status = z
  .strictObject({ status: z.literal("ok") })
  .meta({ id: "HealthStatus" });

const live = apiRoute({
  method: "get",
  path: "/health",
  operationId: "health-live",
  tags: ["health"],
  summary: "Liveness",
  responses: { 200: json(Status, "The process answers") },
});

const ready = apiRoute({
  method: "get",
  path: "/health/ready",
  operationId: "health-ready",
  tags: ["health"],
  summary: "Readiness: the database and the rate-limit store answer",
  responses: {
    200: json(Status, "Ready for traffic"),
    503: problemResponse(
      503,
      "The database or the rate-limit store does not answer",
    ),
  },
});

export function healthRouter(limiterStore: LimiterStore) {
  return createRouter()
    .openapi(live, (c) => c.json({ status: "ok" as const }, 200))
    .openapi(ready, async (c) => {
      const [database, store] = await Promise.all([
        isDatabaseReady(c.var.db),
        limiterStore.isReady(),
      ]);
      if (!database)
        throw serviceUnavailable("The database is not available; retry later");
      if (!store)
        throw serviceUnavailable(
          "The rate-limit store is not available; retry later",
        );
      return c.json({ status: "ok" as const }, 200);
    });
}
