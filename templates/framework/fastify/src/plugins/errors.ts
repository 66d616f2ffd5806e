/**
 * Every error is one of the core's answers: `toProblem` turns what a handler, a hook or
 * Fastify threw into RFC 9457 problem details (RFC 6749 bodies for OAuth errors), and 5xx
 * bodies never say more than "something failed". Unknown paths are 404 problems; a known path
 * asked with a method it does not serve is 405 with `Allow` listing every method it does
 * (Fastify itself answers 404 there), and TRACE is never echoed: it is served nowhere.
 */
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from "fastify";
import fp from "fastify-plugin";
import { HttpError, notFound, toProblem } from "../errors.js";
import { UNSUPPORTED_MEDIA_TYPE } from "../http/json-body.js";
import { RouteMethods } from "../http/route-methods.js";
import { SECURITY_HEADERS } from "../http/security-headers.js";
import { zodIssuesToErrors } from "../validation.js";
import { RequestValidationError } from "./validation.js";

/** Fastify's own client errors, as the contract words them. */
const FASTIFY_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, "The request body is too large"],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, UNSUPPORTED_MEDIA_TYPE],
  FST_ERR_CTP_INVALID_TYPE: [415, UNSUPPORTED_MEDIA_TYPE],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, "The request body is not valid JSON"],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    "The Content-Length header does not match the body",
  ],
  FST_ERR_BAD_URL: [400, "The request URL is malformed"],
};

function asHttpError(err: unknown): unknown {
  if (err instanceof RequestValidationError) {
    return new HttpError(422, "The request failed validation", {
      errors: zodIssuesToErrors(err.issues),
    });
  }
  const code = (err as Partial<FastifyError> | null)?.code;
  const known = code === undefined ? undefined : FASTIFY_ERRORS[code];
  if (known) return new HttpError(known[0], known[1]);
  const status = (err as Partial<FastifyError> | null)?.statusCode;
  // Any other client error Fastify raises (a malformed header, an aborted body): its status,
  // never its message, which can quote the request.
  if (
    !(err instanceof HttpError) &&
    typeof status === "number" &&
    status >= 400 &&
    status < 500
  ) {
    return new HttpError(status);
  }
  return err;
}

export function sendError(
  err: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  // `headers` holds the Content-Type (problem+json, or JSON for an RFC 6749 body); the body
  // goes as a string, past any response schema of the route.
  const { status, headers, body } = toProblem(asHttpError(err));
  if (status >= 500) request.log.error({ err }, "request failed");
  return reply.code(status).headers(headers).send(JSON.stringify(body));
}

/**
 * For `Fastify({ frameworkErrors })`: what the router refuses before any hook runs (a URL
 * that does not decode, a parameter over `maxParamLength`) is still a problem with the
 * contract's headers.
 */
export function frameworkError(
  err: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.headers(SECURITY_HEADERS);
  reply.header("x-request-id", request.id);
  void sendError(err, request, reply);
}

export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await -- a plugin is an async function
  async (app: FastifyInstance) => {
    const routes = new RouteMethods();
    app.addHook("onRoute", (route) => {
      // @fastify/cors answers preflights on `OPTIONS *`: not a method of any path.
      if (route.url === "*" || route.url.startsWith("*")) return;
      routes.add(route.url, [route.method].flat());
    });

    // `/items/` matches `/items/:id` with an empty id in Fastify's router: it is no path of
    // the API, so it is a 404 (and never a redirect), before anything else looks at it.
    app.addHook("onRequest", (request, _reply, done) => {
      const params = request.params as Record<string, unknown> | undefined;
      const empty =
        params !== undefined &&
        Object.values(params).some((value) => value === "");
      done(empty ? notFound() : undefined);
    });

    /** No route for this method: 405 with `Allow` where the path has others, else 404. */
    const noRoute = (
      request: FastifyRequest,
      reply: FastifyReply,
    ): HttpError => {
      const path = request.url.split("?", 1)[0] ?? request.url;
      const allow = routes.allowed(path);
      if (allow.length === 0) return notFound();
      reply.header("allow", allow.join(", "));
      return new HttpError(405, "The method is not allowed on this path");
    };

    app.setNotFoundHandler(async (request, reply) => {
      throw noRoute(request, reply);
    });
    app.setErrorHandler(async (err: FastifyError, request, reply) =>
      // Fastify refuses a QUERY without Content-Type (RFC 10008) before the not-found
      // handler runs: where no route takes QUERY, that is a 405 or 404 like any method.
      sendError(
        request.is404 && err.code === "FST_ERR_ROUTE_MISSING_CONTENT_TYPE"
          ? noRoute(request, reply)
          : err,
        request,
        reply,
      ),
    );
  },
  { name: "errors" },
);
