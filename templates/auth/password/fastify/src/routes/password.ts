/**
 * `POST /users/me/password`: proving the current password is a login attempt (it counts
 * towards the account's lockout); every session of the user ends with the old password.
 */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { PasswordChangeSchema } from "../auth/auth.schemas.js";
import type { AuthService } from "../auth/auth.service.js";
import { principalOf } from "../plugins/auth.js";
import { problemResponse } from "../http/openapi-errors.js";

const passwordRoutes: FastifyPluginCallbackZod<{ service: AuthService }> = (
  app,
  { service },
  done,
) => {
  app.post("/users/me/password", {
    config: { auth: {} },
    schema: {
      operationId: "users-change-password",
      tags: ["users"],
      summary: "Change the caller's password; ends every session",
      body: PasswordChangeSchema,
      response: {
        204: z
          .undefined()
          .describe("Changed; every session of the user has ended"),
        400: problemResponse(
          400,
          "The body is malformed, or the current password is wrong",
        ),
        429: problemResponse(
          429,
          "Too many requests, or too many failed logins for this account",
        ),
      },
    },
    handler: async (request, reply) => {
      await service.changePassword(principalOf(request), request.body);
      return reply.code(204).send();
    },
  });
  done();
};

export default passwordRoutes;
