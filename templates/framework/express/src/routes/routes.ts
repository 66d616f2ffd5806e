/**
 * The route table: each route is declared once, with its Zod schemas, and that one
 * declaration becomes the Express route (auth, body, validation, handler, in that order), its
 * OpenAPI operation (served by src/routes/docs.ts), its methods for the 405 answer, and whether the rate
 * limiter may count it against the caller's user id. Routers mount at the root, so a route's
 * path is its full path.
 */
import {
  OpenAPIRegistry,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { Router, type ErrorRequestHandler, type RequestHandler } from "express";
import { z } from "zod";
import { statusTitle } from "../errors.js";
import {
  errorStatuses,
  FORM_MEDIA_TYPE,
  problemResponse,
  SECURITY_SCHEME,
} from "../http/openapi-errors.js";
import { RouteMethods } from "../http/route-methods.js";
import {
  requireAuth,
  type Authenticate,
  type RouteAuth,
} from "../middleware/auth.js";
import { formBody, jsonBody } from "../middleware/json-body.js";
import { validate } from "../middleware/validate.js";

/** `/items/` is not `/items`, and `/Items` is not `/items` (CONTRACT §3: no redirects). */
export const ROUTER_OPTIONS = { strict: true, caseSensitive: true } as const;

type ResponseEntry = RouteConfig["responses"][string];

export interface RouteSpec {
  method: "get" | "post" | "patch" | "delete";
  /** Express syntax: `/items/:id`. */
  path: string;
  /** `<tag>-<name>`: what generated clients name their methods after. */
  operationId: string;
  tags: readonly string[];
  summary: string;
  /** A token is required; with `scope`, that scope too (401 / 403). */
  auth?: RouteAuth;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON body, validated (400 / 413 / 415 / 422). */
  body?: z.ZodType;
  /** A form body, parsed and documented; the handler answers its errors (the OAuth routes). */
  form?: z.ZodType;
  /** The route answers without a body too (RFC 7009's revoke). */
  optionalBody?: boolean;
  /** Runs before the body is read (e.g. closed registration is a 404 at once). */
  before?: RequestHandler;
  /** The route's own error translation, before the app's error handler. */
  onError?: ErrorRequestHandler;
  /** The route's successes and any error it words itself; the contract's errors are added. */
  responses: Readonly<Record<number, z.ZodType | ResponseEntry>>;
}

type Output<T> = T extends z.ZodType ? z.output<T> : undefined;

/** What `validate` leaves in `res.locals` for the handler. */
export interface Validated<S extends RouteSpec> {
  params: Output<S["params"]>;
  query: Output<S["query"]>;
  body: Output<S["body"]>;
}

export type Handler<S extends RouteSpec> = RequestHandler<
  Record<string, string>,
  unknown,
  unknown,
  unknown,
  Validated<S> & Record<string, unknown>
>;

export interface RoutesOptions {
  authenticate: Authenticate;
  maxBodyBytes: number;
}

/** `/items/:id` → `/items/{id}`. */
const openApiPath = (path: string): string =>
  path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

/** What a route reads its body as: JSON, a form, or nothing. */
const bodyKind = (spec: RouteSpec): "json" | "form" | undefined =>
  spec.body !== undefined
    ? "json"
    : spec.form !== undefined
      ? "form"
      : undefined;

const servedMethods = (method: RouteSpec["method"]): string[] =>
  method === "get" ? ["GET", "HEAD"] : [method.toUpperCase()];

function responseEntry(
  status: number,
  entry: z.ZodType | ResponseEntry,
): ResponseEntry {
  if (!(entry instanceof z.ZodType)) return entry;
  const description = entry.description ?? statusTitle(status);
  // `z.undefined()`: an empty answer (204, revoke's 200).
  return entry instanceof z.ZodUndefined
    ? { description }
    : { description, content: { "application/json": { schema: entry } } };
}

export class Routes {
  readonly registry = new OpenAPIRegistry();
  /** Every route's methods: the `Allow` of a 405. */
  readonly methods = new RouteMethods();
  readonly #authenticated = new RouteMethods();
  readonly #options: RoutesOptions;

  constructor(options: RoutesOptions) {
    this.#options = options;
  }

  /** A router with the app's routing rules. */
  router(): Router {
    return Router(ROUTER_OPTIONS);
  }

  /** Whether `method path` is a route that requires a token (its caller is then the rate-limit key). */
  requiresToken(method: string, path: string): boolean {
    return this.#authenticated.allowed(path).includes(method.toUpperCase());
  }

  add<const S extends RouteSpec>(
    router: Router,
    spec: S,
    handler: Handler<S>,
  ): void {
    this.methods.add(spec.path, servedMethods(spec.method));
    if (spec.auth !== undefined)
      this.#authenticated.add(spec.path, servedMethods(spec.method));
    this.#document(spec);
    const { maxBodyBytes, authenticate } = this.#options;
    const kind = bodyKind(spec);
    const { params, query, body } = spec;
    router[spec.method](
      spec.path,
      ...(spec.before === undefined ? [] : [spec.before]),
      ...(spec.auth === undefined
        ? []
        : [requireAuth(authenticate, spec.auth)]),
      ...(kind === "json" ? jsonBody(maxBodyBytes) : []),
      ...(kind === "form" ? [formBody(maxBodyBytes)] : []),
      ...((params ?? query ?? body) ? [validate({ params, query, body })] : []),
      handler as RequestHandler,
      ...(spec.onError === undefined ? [] : [spec.onError]),
    );
  }

  #document(spec: RouteSpec): void {
    const responses: Record<string, ResponseEntry> = {};
    for (const [status, entry] of Object.entries(spec.responses))
      responses[status] = responseEntry(Number(status), entry);
    const kind = bodyKind(spec);
    const body = spec.body ?? spec.form;
    for (const status of errorStatuses({
      path: spec.path,
      auth: spec.auth,
      body: kind,
      query: spec.query !== undefined,
    })) {
      if (!(status in responses)) responses[status] = problemResponse(status);
    }
    this.registry.registerPath({
      method: spec.method,
      path: openApiPath(spec.path),
      operationId: spec.operationId,
      tags: [...spec.tags],
      summary: spec.summary,
      ...(spec.auth === undefined
        ? {}
        : {
            security: [
              {
                [SECURITY_SCHEME]:
                  spec.auth.scope === undefined ? [] : [spec.auth.scope],
              },
            ],
          }),
      request: {
        ...(spec.params === undefined ? {} : { params: spec.params }),
        ...(spec.query === undefined ? {} : { query: spec.query }),
        ...(body === undefined
          ? {}
          : {
              body: {
                required: spec.optionalBody !== true,
                content: {
                  [kind === "form" ? FORM_MEDIA_TYPE : "application/json"]: {
                    schema: body,
                  },
                },
              },
            }),
      },
      responses,
    });
  }
}
