/** The caller's own account: `GET /users/me`, `PATCH /users/me` (full_name only). */
import { principalOf } from "../middleware/auth.js";
import {
  apiRoute,
  createRouter,
  json,
  jsonBody,
  needsToken,
} from "../router.js";
import { UserPublic, UserSelfUpdate } from "../users/users.schemas.js";
import { getMe, updateMe } from "../users/users.service.js";

const me = apiRoute({
  method: "get",
  path: "/users/me",
  operationId: "users-me",
  tags: ["users"],
  summary: "The caller",
  security: needsToken(),
  responses: { 200: json(UserPublic, "The caller") },
});

const updateMeRoute = apiRoute({
  method: "patch",
  path: "/users/me",
  operationId: "users-update-me",
  tags: ["users"],
  summary: "Change the caller's profile",
  security: needsToken(),
  request: { body: jsonBody(UserSelfUpdate) },
  responses: { 200: json(UserPublic, "The caller, changed") },
});

export const usersRouter = createRouter()
  .openapi(me, async (c) => c.json(await getMe(c.var.db, principalOf(c)), 200))
  .openapi(updateMeRoute, async (c) =>
    c.json(await updateMe(c.var.db, principalOf(c), c.req.valid("json")), 200),
  );
