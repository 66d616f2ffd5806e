/**
 * `POST /users/me/password`: proving the current password is a login attempt (it counts
 * towards the account's lockout); every session of the user ends with the old password.
 */
import type { Router } from "express";
import { z } from "zod";
import { PasswordChangeSchema } from "../auth/auth.schemas.js";
import type { AuthService } from "../auth/auth.service.js";
import { problemResponse } from "../http/openapi-errors.js";
import { principalOf } from "../middleware/auth.js";
import type { Routes } from "./routes.js";

export function passwordRouter(
  routes: Routes,
  { service }: { service: AuthService },
): Router {
  const router = routes.router();
  routes.add(
    router,
    {
      method: "post",
      path: "/users/me/password",
      operationId: "users-change-password",
      tags: ["users"],
      summary: "Change the caller's password; ends every session",
      auth: {},
      body: PasswordChangeSchema,
      responses: {
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
    async (_req, res) => {
      await service.changePassword(principalOf(res), res.locals.body);
      res.status(204).end();
    },
  );
  return router;
}
