/** The caller's own account: `GET /users/me`, `PATCH /users/me` (full_name only). */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { principalOf } from "../plugins/auth.js";
import { UserPublic, UserSelfUpdate } from "../users/users.schemas.js";
import { getMe, updateMe } from "../users/users.service.js";

const usersRoutes: FastifyPluginCallbackZod = (app, _options, done) => {
  app.get("/users/me", {
    config: { auth: {} },
    schema: {
      operationId: "users-me",
      tags: ["users"],
      summary: "The caller",
      response: { 200: UserPublic },
    },
    handler: (request) => getMe(app.db, principalOf(request)),
  });

  app.patch("/users/me", {
    config: { auth: {} },
    schema: {
      operationId: "users-update-me",
      tags: ["users"],
      summary: "Change the caller's profile",
      body: UserSelfUpdate,
      response: { 200: UserPublic },
    },
    handler: (request) => updateMe(app.db, principalOf(request), request.body),
  });
  done();
};

export default usersRoutes;
