/** User administration (scope `users:admin`): a page of users, and role / is_active changes. */
import { problemResponse } from "../http/openapi-errors.js";
import { principalOf } from "../middleware/auth.js";
import {
  apiRoute,
  createRouter,
  json,
  jsonBody,
  needsToken,
} from "../router.js";
import {
  PageQuery,
  UserAdminUpdate,
  UserIdParams,
  UserPage,
  UserPublic,
} from "../users/users.schemas.js";
import { listUsersPage, updateUserAsAdmin } from "../users/users.service.js";

const security = needsToken("users:admin");

const list = apiRoute({
  method: "get",
  path: "/admin/users",
  operationId: "admin-list-users",
  tags: ["admin"],
  summary: "A page of users",
  security,
  request: { query: PageQuery },
  responses: { 200: json(UserPage, "A page of users") },
});

const update = apiRoute({
  method: "patch",
  path: "/admin/users/{user_id}",
  operationId: "admin-update-user",
  tags: ["admin"],
  summary: "Change a user's role or active flag",
  security,
  request: { params: UserIdParams, body: jsonBody(UserAdminUpdate) },
  responses: {
    200: json(UserPublic, "The user, changed"),
    409: problemResponse(
      409,
      "An admin cannot change their own role or status",
    ),
  },
});

export const adminRouter = createRouter()
  .openapi(list, async (c) =>
    c.json(await listUsersPage(c.var.db, c.req.valid("query")), 200),
  )
  .openapi(update, async (c) =>
    c.json(
      await updateUserAsAdmin(
        c.var.db,
        principalOf(c),
        c.req.valid("param").user_id,
        c.req.valid("json"),
      ),
      200,
    ),
  );
