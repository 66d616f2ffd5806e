/**
 * The OAuth2 routes (password mode): `POST /auth/register` (JSON), and the two form routes of
 * RFC 6749 / RFC 7009, `POST /auth/token` and `POST /auth/revoke`. The form routes read their
 * body themselves and are only documented through the registry: zod-openapi's form
 * validator would answer 415 and 422, while every error of the token route is an RFC 6749
 * §5.2 body (a JSON or multipart body, an oversized one included), never a problem, except
 * the 429 of the rate limit and the login lockout.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import {
  OAuthErrorSchema,
  RegisterSchema,
  RevokeFormSchema,
  TokenFormSchema,
  TokenResponseSchema,
} from "../auth/auth.schemas.js";
import type { AuthService } from "../auth/auth.service.js";
import { notFound, OAuthError } from "../errors.js";
import { mediaTypeOf } from "../http/json-body.js";
import { FORM_MEDIA_TYPE, problemResponse } from "../http/openapi-errors.js";
import { NO_STORE } from "../http/security-headers.js";
import { limitBody } from "../middleware/body.js";
import {
  apiRoute,
  createRouter,
  formRouteDoc,
  json,
  jsonBody,
  type AppEnv,
} from "../router.js";
import { UserPublic } from "../users/users.schemas.js";

/** Closed registration is 404 before the body is even read. */
const registrationOpen = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.config.allowRegistration) throw notFound();
  await next();
});

const register = apiRoute({
  method: "post",
  path: "/auth/register",
  operationId: "auth-register",
  tags: ["auth"],
  summary: "Create an account",
  middleware: registrationOpen,
  request: { body: jsonBody(RegisterSchema) },
  responses: {
    201: json(UserPublic, "The new account"),
    404: problemResponse(
      404,
      "Registration is closed (ALLOW_REGISTRATION=false)",
    ),
    409: problemResponse(409, "This email is already registered"),
  },
});

const token = formRouteDoc({
  method: "post",
  path: "/auth/token",
  operationId: "auth-token",
  tags: ["auth"],
  summary: "OAuth2 token endpoint: password and refresh_token grants",
  request: {
    body: {
      content: { [FORM_MEDIA_TYPE]: { schema: TokenFormSchema } },
      required: true,
    },
  },
  responses: {
    200: json(TokenResponseSchema, "A new access and refresh token"),
    400: {
      description:
        "RFC 6749 §5.2: a missing, repeated or malformed parameter, wrong credentials, a spent refresh token, an unknown scope or grant type",
      content: { "application/json": { schema: OAuthErrorSchema } },
    },
    429: problemResponse(
      429,
      "Too many requests, or too many failed logins for this account",
    ),
  },
});

const revoke = formRouteDoc({
  method: "post",
  path: "/auth/revoke",
  operationId: "auth-revoke",
  tags: ["auth"],
  summary: "RFC 7009: end the login a refresh token belongs to",
  // RFC 7009's answer is 200 whatever is sent, a missing body included.
  request: {
    body: {
      content: { [FORM_MEDIA_TYPE]: { schema: RevokeFormSchema } },
      required: false,
    },
  },
  responses: {
    200: { description: "Always, whatever the token (RFC 7009)" },
  },
});

const isForm = (c: Context) =>
  mediaTypeOf(c.req.header("content-type")) === FORM_MEDIA_TYPE;

const malformed = () =>
  new OAuthError("invalid_request", "The request body is malformed");

export function authRouter(service: AuthService) {
  const router = createRouter().openapi(register, async (c) =>
    c.json(await service.register(c.req.valid("json")), 201),
  );

  router.openAPIRegistry.registerPath(token);
  router.post(token.path, limitBody(malformed), async (c) => {
    c.header("cache-control", NO_STORE["Cache-Control"]);
    if (!isForm(c)) {
      throw new OAuthError(
        "invalid_request",
        `The body must be ${FORM_MEDIA_TYPE}`,
      );
    }
    // A repeated parameter stays repeated (RFC 6749 §3.2 refuses it: the service does).
    const form = new URLSearchParams(
      await c.req.text().catch(() => {
        throw malformed();
      }),
    );
    return c.json(await service.token(form), 200);
  });

  router.openAPIRegistry.registerPath(revoke);
  router.post(revoke.path, limitBody(), async (c) => {
    const form = isForm(c)
      ? new URLSearchParams(await c.req.text())
      : undefined;
    await service.revoke(form?.get("token") ?? undefined);
    return c.body(null, 200);
  });
  return router;
}
