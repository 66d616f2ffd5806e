/**
 * The OpenAPI 3.1 document, from the routes' own Zod schemas, and the interactive docs page
 * served from the project itself (Swagger UI's bundled assets, no CDN). The document is
 * truthful: an `onRoute` hook adds to every operation each error it can answer, as the
 * core derives them from what the route takes (`src/http/openapi-errors.ts`), and its
 * security requirement from `config.auth`. Routes declare only their successes.
 */
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance, RouteOptions } from "fastify";
import fp from "fastify-plugin";
import {
  createJsonSchemaTransform,
  jsonSchemaTransformObject,
} from "fastify-type-provider-zod";
import {
  errorStatuses,
  FORM_MEDIA_TYPE,
  optionalBodies,
  problemResponse,
  SECURITY_SCHEME,
} from "../http/openapi-errors.js";
import { DOCS_PREFIX } from "../http/security-headers.js";

/** The statuses a route can answer besides its own, from what it takes (CONTRACT §3). */
export function routeErrorStatuses(
  route: Pick<RouteOptions, "url" | "schema" | "config">,
): number[] {
  const schema = route.schema ?? {};
  const consumes = (schema as { consumes?: string[] }).consumes ?? [
    "application/json",
  ];
  return errorStatuses({
    path: route.url,
    auth: route.config?.auth,
    body:
      schema.body === undefined
        ? undefined
        : consumes.includes(FORM_MEDIA_TYPE)
          ? "form"
          : "json",
    query: schema.querystring !== undefined || schema.params !== undefined,
  });
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
      for (const status of routeErrorStatuses(route))
        responses[status] ??= problemResponse(status);
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
