/** User administration (scope `users:admin`): a page of users, and role / is_active changes. */
import type { Router } from "express";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import { problemResponse } from "../http/openapi-errors.js";
import { principalOf } from "../middleware/auth.js";
import {
  PageQuery,
  UserAdminUpdate,
  UserIdParams,
  UserPage,
  UserPublic,
} from "../users/users.schemas.js";
import { listUsersPage, updateUserAsAdmin } from "../users/users.service.js";
import type { Routes } from "./routes.js";

const ADMIN = { scope: "users:admin" };

export function adminRouter(
  routes: Routes,
  { db }: { db: Kysely<Database> },
): Router {
  const router = routes.router();

  routes.add(
    router,
    {
      method: "get",
      path: "/admin/users",
      operationId: "admin-list-users",
      tags: ["admin"],
      summary: "A page of users",
      auth: ADMIN,
      query: PageQuery,
      responses: { 200: UserPage },
    },
    async (_req, res) => {
      res.json(await listUsersPage(db, res.locals.query));
    },
  );

  routes.add(
    router,
    {
      method: "patch",
      path: "/admin/users/:user_id",
      operationId: "admin-update-user",
      tags: ["admin"],
      summary: "Change a user's role or active flag",
      auth: ADMIN,
      params: UserIdParams,
      body: UserAdminUpdate,
      responses: {
        200: UserPublic,
        409: problemResponse(
          409,
          "An admin cannot change their own role or status",
        ),
      },
    },
    async (_req, res) => {
      const { params, body } = res.locals;
      res.json(
        await updateUserAsAdmin(db, principalOf(res), params.user_id, body),
      );
    },
  );
  return router;
}
