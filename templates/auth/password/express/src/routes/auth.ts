/**
 * The OAuth2 routes (password mode): `POST /auth/register` (JSON), and the two form routes of
 * RFC 6749 / RFC 7009, `POST /auth/token` and `POST /auth/revoke`. Only those two parse
 * `application/x-www-form-urlencoded`; every error of the token route is an RFC 6749 §5.2
 * body (a JSON or multipart body, or one body-parser refused, included), never a problem,
 * except the 429 of the rate limit and of the login lockout.
 */
import type { ErrorRequestHandler, Router } from "express";
import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";
import {
  OAuthErrorSchema,
  RegisterSchema,
  RevokeFormSchema,
  TokenFormSchema,
  TokenResponseSchema,
} from "../auth/auth.schemas.js";
import type { AuthService } from "../auth/auth.service.js";
import { HttpError, notFound, OAuthError } from "../errors.js";
import { mediaTypeOf } from "../http/json-body.js";
import { FORM_MEDIA_TYPE, problemResponse } from "../http/openapi-errors.js";
import { NO_STORE } from "../http/security-headers.js";
import { asHttpError } from "../middleware/errors.js";
import { UserPublic } from "../users/users.schemas.js";
import type { Routes } from "./routes.js";

export interface AuthRoutesOptions {
  service: AuthService;
  allowRegistration: boolean;
}

/** The form body, when it is one (body-parser leaves any other body unread). */
const formOf = (req: {
  headers: IncomingHttpHeaders;
  body: unknown;
}): Record<string, string | string[]> | undefined =>
  mediaTypeOf(req.headers["content-type"]) === FORM_MEDIA_TYPE
    ? (req.body as Record<string, string | string[]> | undefined)
    : undefined;

/** The token route's own 400s, whatever failed while reading its body. */
const tokenErrors: ErrorRequestHandler = (err, _req, res, next) => {
  res.set(NO_STORE);
  const known = asHttpError(err);
  const keep =
    known instanceof OAuthError ||
    (known instanceof HttpError && known.status >= 429) ||
    !(known instanceof HttpError);
  next(
    keep
      ? err
      : new OAuthError("invalid_request", "The request body is malformed"),
  );
};

export function authRouter(
  routes: Routes,
  { service, allowRegistration }: AuthRoutesOptions,
): Router {
  const router = routes.router();

  routes.add(
    router,
    {
      method: "post",
      path: "/auth/register",
      operationId: "auth-register",
      tags: ["auth"],
      summary: "Create an account",
      // Closed registration is a 404 before the body is even read.
      before: (_req, _res, next) => {
        next(allowRegistration ? undefined : notFound());
      },
      body: RegisterSchema,
      responses: {
        201: UserPublic,
        404: problemResponse(
          404,
          "Registration is closed (ALLOW_REGISTRATION=false)",
        ),
        409: problemResponse(409, "This email is already registered"),
      },
    },
    async (_req, res) => {
      res.status(201).json(await service.register(res.locals.body));
    },
  );

  routes.add(
    router,
    {
      method: "post",
      path: "/auth/token",
      operationId: "auth-token",
      tags: ["auth"],
      summary: "OAuth2 token endpoint: password and refresh_token grants",
      // Documented, not validated here: the service answers each failure as RFC 6749 says.
      form: TokenFormSchema,
      onError: tokenErrors,
      responses: {
        200: TokenResponseSchema,
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
    },
    async (req, res) => {
      res.set(NO_STORE);
      const form = formOf(req);
      if (form === undefined) {
        throw new OAuthError(
          "invalid_request",
          `The body must be ${FORM_MEDIA_TYPE}`,
        );
      }
      res.json(await service.token(form));
    },
  );

  routes.add(
    router,
    {
      method: "post",
      path: "/auth/revoke",
      operationId: "auth-revoke",
      tags: ["auth"],
      summary: "RFC 7009: end the login a refresh token belongs to",
      form: RevokeFormSchema,
      optionalBody: true,
      responses: {
        200: z.undefined().describe("Always, whatever the token (RFC 7009)"),
      },
    },
    async (req, res) => {
      const token = formOf(req)?.token;
      await service.revoke(typeof token === "string" ? token : undefined);
      res.status(200).set(NO_STORE).end();
    },
  );
  return router;
}
