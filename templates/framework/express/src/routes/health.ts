/**
 * Liveness (never limited, never touches the database) and readiness (the database and the
 * rate-limit store both answer; else 503, so a balancer stops sending traffic).
 */
import type { Router } from "express";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../db/database.js";
import { serviceUnavailable } from "../errors.js";
import { isDatabaseReady } from "../health.js";
import { problemResponse } from "../http/openapi-errors.js";
import type { LimiterStore } from "../limits/counter.js";
import type { Routes } from "./routes.js";

const Status = z
  .strictObject({ status: z.literal("ok") })
  .meta({ id: "HealthStatus" });

export function healthRouter(
  routes: Routes,
  { db, limiterStore }: { db: Kysely<Database>; limiterStore: LimiterStore },
): Router {
  const router = routes.router();

  routes.add(
    router,
    {
      method: "get",
      path: "/health",
      operationId: "health-live",
      tags: ["health"],
      summary: "Liveness",
      responses: { 200: Status },
    },
    (_req, res) => {
      res.json({ status: "ok" });
    },
  );

  routes.add(
    router,
    {
      method: "get",
      path: "/health/ready",
      operationId: "health-ready",
      tags: ["health"],
      summary: "Readiness: the database and the rate-limit store answer",
      responses: {
        200: Status,
        503: problemResponse(
          503,
          "The database or the rate-limit store does not answer",
        ),
      },
    },
    async (_req, res) => {
      const [database, store] = await Promise.all([
        isDatabaseReady(db),
        limiterStore.isReady(),
      ]);
      if (!database)
        throw serviceUnavailable("The database is not available; retry later");
      if (!store)
        throw serviceUnavailable(
          "The rate-limit store is not available; retry later",
        );
      res.json({ status: "ok" });
    },
  );
  return router;
}
