/**
 * The app's last two middleware. `noRoute`: a path no route serves is a 404 problem, a known
 * path asked with a method it does not serve a 405 with `Allow` listing every method it does
 * (TRACE is never one: it is served nowhere, so never echoed). `errorHandler`: every error is
 * one of the core's answers (`toProblem`: RFC 9457 problems, RFC 6749 bodies for OAuth
 * errors, 5xx bodies that say nothing). It replaces Express's finalhandler, which would drop
 * the contract's headers and answer HTML; body-parser's errors carry the raw body (passwords
 * included), so only their `type` is read and nothing of them is logged but the class name.
 */
import type { ErrorRequestHandler, RequestHandler } from "express";
import { HttpError, notFound, OAuthError, toProblem } from "../errors.js";
import type { RouteMethods } from "../http/route-methods.js";

/** body-parser's `err.type`s, as the contract words them. */
const BODY_ERRORS: Readonly<Record<string, [number, string]>> = {
  "entity.too.large": [413, "The request body is too large"],
  "entity.parse.failed": [400, "The request body is not valid JSON"],
  "entity.verify.failed": [400, "The request body is malformed"],
  "request.aborted": [400, "The request body was cut off"],
  "request.size.invalid": [
    400,
    "The Content-Length header does not match the body",
  ],
  "charset.unsupported": [415, "The request body's charset is not supported"],
  "encoding.unsupported": [
    415,
    "The request body's Content-Encoding is not supported",
  ],
  "parameters.too.many": [413, "The request body has too many parameters"],
};

interface ClientErrorFields {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
}

/** What Express or body-parser raised, as an HttpError; anything else unchanged. */
export function asHttpError(err: unknown): unknown {
  if (
    err instanceof HttpError ||
    err instanceof OAuthError ||
    typeof err !== "object" ||
    err === null
  )
    return err;
  const { type, status, statusCode } = err as ClientErrorFields;
  const known = typeof type === "string" ? BODY_ERRORS[type] : undefined;
  if (known) return new HttpError(known[0], known[1]);
  // Any other client error (a path that does not decode is a 400): its status, never its
  // message, which can quote the request.
  const code = typeof status === "number" ? status : statusCode;
  if (typeof code === "number" && code >= 400 && code < 500)
    return new HttpError(code);
  return err;
}

export function noRoute(methods: RouteMethods): RequestHandler {
  return (req, res) => {
    const allow = methods.allowed(req.path);
    if (allow.length === 0) throw notFound();
    res.set("Allow", allow.join(", "));
    throw new HttpError(405, "The method is not allowed on this path");
  };
}

/**
 * OPTIONS is served nowhere: an allowed origin's preflight is answered by CORS before this,
 * and any other OPTIONS request is a 405 (or 404) here, where Express's routers would
 * otherwise answer it themselves with a plain-text list of methods.
 */
export function noOptions(methods: RouteMethods): RequestHandler {
  const answer = noRoute(methods);
  return (req, res, next) => {
    if (req.method === "OPTIONS") answer(req, res, next);
    else next();
  };
}

export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  // The answer had begun: only Express can end it (it closes the connection).
  if (res.headersSent) {
    next(err);
    return;
  }
  const { status, headers, body } = toProblem(asHttpError(err));
  // pino-http logs the request's one line with this error (class name and code only).
  if (status >= 500)
    res.err = err instanceof Error ? err : new Error("non-error thrown");
  res.status(status).set(headers).send(JSON.stringify(body));
};
