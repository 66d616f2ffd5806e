/**
 * `POST /users/me/password`: proving the current password is a login attempt (it counts
 * towards the account's lockout); every session of the user ends with the old password.
 */
import { PasswordChangeSchema } from "../auth/auth.schemas.js";
import type { AuthService } from "../auth/auth.service.js";
import { problemResponse } from "../http/openapi-errors.js";
import { principalOf } from "../middleware/auth.js";
import { apiRoute, createRouter, jsonBody, needsToken } from "../router.js";

const changePassword = apiRoute({
  method: "post",
  path: "/users/me/password",
  operationId: "users-change-password",
  tags: ["users"],
  summary: "Change the caller's password; ends every session",
  security: needsToken(),
  request: { body: jsonBody(PasswordChangeSchema) },
  responses: {
    204: { description: "Changed; every session of the user has ended" },
    400: problemResponse(
      400,
      "The body is malformed, or the current password is wrong",
    ),
    429: problemResponse(
      429,
      "Too many requests, or too many failed logins for this account",
    ),
  },
});

export function passwordRouter(service: AuthService) {
  return createRouter().openapi(changePassword, async (c) => {
    await service.changePassword(principalOf(c), c.req.valid("json"));
    return c.body(null, 204);
  });
}
