/** The caller's own account: `GET /users/me`, `PATCH /users/me` (full_name only). */
import type { Router } from "express";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import { principalOf } from "../middleware/auth.js";
import { UserPublic, UserSelfUpdate } from "../users/users.schemas.js";
import { getMe, updateMe } from "../users/users.service.js";
import type { Routes } from "./routes.js";

export function usersRouter(
  routes: Routes,
  { db }: { db: Kysely<Database> },
): Router {
  const router = routes.router();

  routes.add(
    router,
    {
      method: "get",
      path: "/users/me",
      operationId: "users-me",
      tags: ["users"],
      summary: "The caller",
      auth: {},
      responses: { 200: UserPublic },
    },
    async (_req, res) => {
      res.json(await getMe(db, principalOf(res)));
    },
  );

  routes.add(
    router,
    {
      method: "patch",
      path: "/users/me",
      operationId: "users-update-me",
      tags: ["users"],
      summary: "Change the caller's profile",
      auth: {},
      body: UserSelfUpdate,
      responses: { 200: UserPublic },
    },
    async (_req, res) => {
      res.json(await updateMe(db, principalOf(res), res.locals.body));
    },
  );
  return router;
}
