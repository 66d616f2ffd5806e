/**
 * The app's Hono types and its one way to declare routes. Every route group is an
 * `OpenAPIHono` sub-app from `createRouter()`, whose validation failures are the core's 422
 * problems, and every route is an `apiRoute()`: `createRoute` plus what the contract derives
 * from the declaration itself. A route declares its successes and its `security`; the
 * token check, the body reading and every error status it can answer follow from them, so
 * what the document says is what the route does.
 */
import type { HttpBindings } from "@hono/node-server";
import {
  createRoute,
  OpenAPIHono,
  type Hook,
  type RouteConfig,
} from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Principal } from "./auth/principal.js";
import type { Config } from "./config.js";
import type { Database } from "./db/database.js";
import { unprocessable } from "./errors.js";
import {
  errorStatuses,
  problemResponse,
  SECURITY_SCHEME,
} from "./http/openapi-errors.js";
import { requireToken, type Authenticate } from "./middleware/auth.js";
import { limitBody, readJson } from "./middleware/body.js";
import { zodIssuesToErrors } from "./validation.js";

/** What every handler's `c.env` and `c.var` hold. */
export interface AppEnv {
  /** @hono/node-server's: the Node request and response (the socket's address). */
  Bindings: HttpBindings;
  Variables: {
    config: Config;
    db: Kysely<Database>;
    authenticate: Authenticate;
    requestId: string;
    /** The request's logger (its id bound). */
    log: Logger;
    /** Set by the token check of a route that requires one (`principalOf(c)`). */
    principal?: Principal;
  };
}

/** A failed check of the body, query or path: 422 with one JSON pointer per problem. */
export const validationHook: Hook<unknown, AppEnv, string, undefined> = (
  result,
) => {
  if (!result.success)
    throw unprocessable(zodIssuesToErrors(result.error.issues));
};

export const createRouter = (): OpenAPIHono<AppEnv> =>
  new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

const JSON_TYPE = "application/json";

/** A response (or request) body of JSON. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { [JSON_TYPE]: { schema } } } as const;
}

/** A route's JSON request body: always required, so Hono validates it whatever is sent. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { [JSON_TYPE]: { schema } }, required: true } as const;
}

/** `security` of a route that requires a token, with the scope it needs (if any). */
export function needsToken(scope?: string) {
  return [{ [SECURITY_SCHEME]: scope === undefined ? [] : [scope] }];
}

/** The route's `security` requirement of the OAuth2 scheme, as the contract's `auth`. */
function authOf(route: RouteConfig): { scope?: string } | undefined {
  const scopes = route.security?.find((requirement) =>
    Object.hasOwn(requirement, SECURITY_SCHEME),
  )?.[SECURITY_SCHEME];
  return scopes === undefined ? undefined : { scope: scopes[0] };
}

/** `route.responses` plus a problem+json entry for each error status it can answer. */
function withErrors(
  route: RouteConfig,
  body: "json" | "form" | undefined,
): RouteConfig["responses"] {
  const responses = { ...route.responses };
  const statuses = errorStatuses({
    path: route.path,
    auth: authOf(route),
    body,
    query: route.request?.query !== undefined,
  });
  for (const status of statuses)
    if (!(status in responses)) responses[status] = problemResponse(status);
  return responses;
}

/**
 * `createRoute`, completed: the token check when `security` names the scheme, then the
 * route's own middleware, then the body's size limit and strict JSON reading when it takes
 * JSON (415, 400 and 413 before Hono's validator sees it), and a problem+json entry for
 * each error status it can answer.
 */
export function apiRoute<const R extends RouteConfig>(route: R): R {
  const auth = authOf(route);
  const takesJson = route.request?.body?.content[JSON_TYPE] !== undefined;
  const own = route.middleware === undefined ? [] : [route.middleware].flat();
  const completed: RouteConfig = {
    ...route,
    responses: withErrors(route, takesJson ? "json" : undefined),
    middleware: [
      ...(auth === undefined ? [] : [requireToken(auth.scope)]),
      ...own,
      ...(takesJson ? [limitBody(), readJson] : []),
    ],
  };
  // The added responses are errors, answered by throwing: the handler's types stay those
  // of what the route declares.
  return createRoute(completed) as unknown as R;
}

/**
 * The document entry of a route that reads a form itself (the OAuth2 routes, where every
 * error is RFC 6749's, never a 415 or 422): for `router.openAPIRegistry.registerPath`.
 */
export function formRouteDoc<const R extends RouteConfig>(route: R): R {
  return { ...route, responses: withErrors(route, "form") };
}
