/**
 * The OAuth2 routes (password mode): `POST /auth/register` (JSON), and the two form routes of
 * RFC 6749 / RFC 7009, `POST /auth/token` and `POST /auth/revoke`. Only those two parse
 * `application/x-www-form-urlencoded`, in their own plugin context; every error of the token
 * route is an RFC 6749 §5.2 body (a JSON or multipart body included), never a problem,
 * except the 429 of the rate limit and the login lockout.
 */
import formbody from "@fastify/formbody";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  OAuthErrorSchema,
  RegisterSchema,
  RevokeFormSchema,
  TokenFormSchema,
  TokenResponseSchema,
} from "../auth/auth.schemas.js";
import type { AuthService } from "../auth/auth.service.js";
import type { FormParameters } from "../auth/token-form.js";
import { HttpError, notFound, OAuthError } from "../errors.js";
import { NO_STORE } from "../http/security-headers.js";
import { sendError } from "../plugins/errors.js";
import { mediaTypeOf } from "../http/json-body.js";
import { FORM_MEDIA_TYPE, problemResponse } from "../http/openapi-errors.js";
import { UserPublic } from "../users/users.schemas.js";

export interface AuthRoutesOptions {
  service: AuthService;
  allowRegistration: boolean;
}

const mediaType = (request: FastifyRequest) =>
  mediaTypeOf(request.headers["content-type"]);

/** The token route's error handler: its own 400s, whatever failed while reading the body. */
function tokenErrors(
  err: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const keep =
    err instanceof OAuthError ||
    (err instanceof HttpError && err.status >= 429);
  const status = (err as { statusCode?: number }).statusCode;
  const fromBody =
    !keep &&
    (err instanceof HttpError || (typeof status === "number" && status < 500));
  void sendError(
    fromBody
      ? new OAuthError("invalid_request", "The request body is malformed")
      : err,
    request,
    reply,
  );
}

const forms: FastifyPluginAsyncZod<{ service: AuthService }> = async (
  app,
  { service },
) => {
  // Repeated parameters arrive as arrays (RFC 6749 §3.2 refuses them: the service does).
  await app.register(formbody, { bodyLimit: app.initialConfig.bodyLimit });
  // Any other body is read and dropped, so the routes below answer it themselves.
  app.addContentTypeParser(
    "*",
    { parseAs: "buffer" },
    (_request, _body, done) => {
      done(null, undefined);
    },
  );

  app.post("/auth/token", {
    errorHandler: tokenErrors,
    // Documented, not validated here: the service answers each failure as RFC 6749 says.
    attachValidation: true,
    schema: {
      operationId: "auth-token",
      tags: ["auth"],
      summary: "OAuth2 token endpoint: password and refresh_token grants",
      consumes: [FORM_MEDIA_TYPE],
      body: TokenFormSchema,
      response: {
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
    handler: async (request, reply) => {
      reply.headers(NO_STORE);
      if (mediaType(request) !== FORM_MEDIA_TYPE) {
        throw new OAuthError(
          "invalid_request",
          `The body must be ${FORM_MEDIA_TYPE}`,
        );
      }
      const form = (request.body as FormParameters | undefined) ?? {};
      return service.token(form);
    },
  });

  app.post("/auth/revoke", {
    attachValidation: true,
    schema: {
      operationId: "auth-revoke",
      "x-optional-body": true,
      tags: ["auth"],
      summary: "RFC 7009: end the login a refresh token belongs to",
      consumes: [FORM_MEDIA_TYPE],
      body: RevokeFormSchema,
      response: {
        200: z.undefined().describe("Always, whatever the token (RFC 7009)"),
      },
    },
    handler: async (request, reply) => {
      const body =
        mediaType(request) === FORM_MEDIA_TYPE
          ? (request.body as Record<string, unknown> | undefined)
          : undefined;
      const token = body?.token;
      await service.revoke(typeof token === "string" ? token : undefined);
      return reply.code(200).headers(NO_STORE).send();
    },
  });
};

const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (
  app,
  { service, allowRegistration },
) => {
  app.post("/auth/register", {
    schema: {
      operationId: "auth-register",
      tags: ["auth"],
      summary: "Create an account",
      body: RegisterSchema,
      response: {
        201: UserPublic,
        404: problemResponse(
          404,
          "Registration is closed (ALLOW_REGISTRATION=false)",
        ),
        409: problemResponse(409, "This email is already registered"),
      },
    },
    // Closed registration is 404 before the body is even read.
    onRequest: (_request, _reply, next) => {
      next(allowRegistration ? undefined : notFound());
    },
    handler: async (request, reply) =>
      reply.code(201).send(await service.register(request.body)),
  });

  await app.register(forms, { service });
};

export default authRoutes;
