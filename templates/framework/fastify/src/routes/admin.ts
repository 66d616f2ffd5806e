/** User administration (scope `users:admin`): a page of users, and role / is_active changes. */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { principalOf } from "../plugins/auth.js";
import { problemResponse } from "../http/openapi-errors.js";
import {
  PageQuery,
  UserAdminUpdate,
  UserIdParams,
  UserPage,
  UserPublic,
} from "../users/users.schemas.js";
import { listUsersPage, updateUserAsAdmin } from "../users/users.service.js";

const ADMIN = { auth: { scope: "users:admin" } };

const adminRoutes: FastifyPluginCallbackZod = (app, _options, done) => {
  app.get("/admin/users", {
    config: ADMIN,
    schema: {
      operationId: "admin-list-users",
      tags: ["admin"],
      summary: "A page of users",
      querystring: PageQuery,
      response: { 200: UserPage },
    },
    handler: (request) => listUsersPage(app.db, request.query),
  });

  app.patch("/admin/users/:user_id", {
    config: ADMIN,
    schema: {
      operationId: "admin-update-user",
      tags: ["admin"],
      summary: "Change a user's role or active flag",
      params: UserIdParams,
      body: UserAdminUpdate,
      response: {
        200: UserPublic,
        409: problemResponse(
          409,
          "An admin cannot change their own role or status",
        ),
      },
    },
    handler: (request) =>
      updateUserAsAdmin(
        app.db,
        principalOf(request),
        request.params.user_id,
        request.body,
      ),
  });
  done();
};

export default adminRoutes;
