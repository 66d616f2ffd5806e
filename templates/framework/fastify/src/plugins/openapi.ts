/**
 * The OpenAPI 3.1 document, from the routes' own Zod schemas, and the interactive docs page
 * served from the project itself (Swagger UI's bundled assets, no CDN). The document is
 * truthful: an `onRoute` hook adds to every operation each error it can answer, as the
 * contract derives them from what the route takes (problem+json, `errors[]` on a 422), and
 * its security requirement from `config.auth`. Routes declare only their successes.
 */
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance, RouteOptions } from "fastify";
import fp from "fastify-plugin";
import {
  createJsonSchemaTransform,
  jsonSchemaTransformObject,
} from "fastify-type-provider-zod";
import { z } from "zod";
import { PROBLEM_MEDIA_TYPE, statusTitle } from "../errors.js";
import { DOCS_PREFIX } from "./security-headers.js";

export const SECURITY_SCHEME = "OAuth2PasswordBearer";
export const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";

const problemFields = {
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
};

export const ProblemSchema = z
  .object(problemFields)
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

export const ValidationProblemSchema = z
  .object({
    ...problemFields,
    errors: z.array(
      z.object({ pointer: z.string(), message: z.string() }).meta({
        id: "FieldError",
        description: "One failed check: a JSON Pointer into the input",
      }),
    ),
  })
  .meta({
    id: "ValidationProblem",
    description: "RFC 9457 problem details of a request that failed validation",
  });

export function problemResponse(
  status: number,
  description: string = statusTitle(status),
) {
  return {
    description,
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: status === 422 ? ValidationProblemSchema : ProblemSchema,
      },
    },
  };
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "The body is not valid JSON (or not UTF-8)",
  401: "No valid access token",
  403: "The access token lacks the scope",
  404: "No such resource",
  413: "The body is larger than MAX_BODY_BYTES",
  415: "The body is not application/json",
  422: "The request failed validation",
  429: "Rate limited; see Retry-After",
  500: "Unexpected error",
};

/** The statuses a route can answer besides its own, from what it takes (CONTRACT §3). */
export function errorStatuses(
  route: Pick<RouteOptions, "url" | "schema" | "config">,
): number[] {
  const statuses = new Set([500]);
  const schema = route.schema ?? {};
  if (route.url !== "/health") statuses.add(429);
  const auth = route.config?.auth;
  if (auth !== undefined) statuses.add(401);
  if (auth?.scope !== undefined) statuses.add(403);
  if (route.url.includes(":")) statuses.add(404);
  if (schema.body !== undefined) {
    const consumes = (schema as { consumes?: string[] }).consumes ?? [
      "application/json",
    ];
    if (!consumes.includes(FORM_MEDIA_TYPE))
      for (const s of [400, 413, 415, 422]) statuses.add(s);
  }
  if (schema.querystring !== undefined || schema.params !== undefined)
    statuses.add(422);
  return [...statuses];
}

export interface OpenApiOptions {
  title: string;
  version: string;
  /** Every scope a token can carry, with what it grants. */
  scopes: Readonly<Record<string, string>>;
  tokenUrl: string;
}

export default fp<OpenApiOptions>(
  async (app: FastifyInstance, { title, version, scopes, tokenUrl }) => {
    app.addHook("onRoute", (route) => {
      const schema = route.schema ?? {};
      if ((schema as { hide?: boolean }).hide === true) return;
      const responses: Record<string, unknown> = {
        ...(schema.response as object | undefined),
      };
      for (const status of errorStatuses(route)) {
        responses[status] ??= problemResponse(
          status,
          ERROR_DESCRIPTIONS[status],
        );
      }
      const auth = route.config?.auth;
      route.schema = {
        ...schema,
        response: responses,
        ...(auth === undefined
          ? {}
          : {
              security: [
                {
                  [SECURITY_SCHEME]:
                    auth.scope === undefined ? [] : [auth.scope],
                },
              ],
            }),
      };
    });

    await app.register(swagger, {
      openapi: {
        openapi: "3.1.0",
        info: { title, version },
        components: {
          securitySchemes: {
            [SECURITY_SCHEME]: {
              type: "oauth2",
              flows: { password: { tokenUrl, scopes: { ...scopes } } },
            },
          },
        },
      },
      transform: createJsonSchemaTransform({ skipList: ["/openapi.json"] }),
      transformObject: (documentObject) =>
        optionalBodies(jsonSchemaTransformObject(documentObject)),
    });
    await app.register(swaggerUi, {
      routePrefix: DOCS_PREFIX,
      logLevel: "warn",
    });
    app.get("/openapi.json", { schema: { hide: true } }, () => app.swagger());
  },
  { name: "openapi" },
);

/**
 * A route whose schema says `"x-optional-body": true` takes no body too (RFC 7009's revoke
 * answers 200 without one): @fastify/swagger marks every documented body required, so the
 * document would promise a refusal the route never gives.
 */
function optionalBodies<T>(document: T): T {
  const paths = (
    document as { paths?: Record<string, Record<string, unknown>> }
  ).paths;
  for (const operations of Object.values(paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const op = operation as {
        "x-optional-body"?: boolean;
        requestBody?: { required?: boolean };
      };
      if (op["x-optional-body"] !== true) continue;
      delete op["x-optional-body"];
      if (op.requestBody) op.requestBody.required = false;
    }
  }
  return document;
}
