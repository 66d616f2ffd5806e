/**
 * Every error is one of the core's answers: `toProblem` turns what a handler or a middleware
 * threw into RFC 9457 problem details (RFC 6749 bodies for OAuth errors), and 5xx bodies
 * never say more than "something failed" (request-log.ts logs the error, once). A path no
 * route serves is a 404 problem; a known path asked with a method it does not serve is 405
 * with `Allow` listing every method it does (the core's RouteMethods: sorted, TRACE never).
 */
import { RequestError } from "@hono/node-server";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { HttpError, notFound, toProblem } from "../errors.js";
import { newRequestId, REQUEST_ID_HEADER } from "../http/request-id.js";
import type { RouteMethods } from "../http/route-methods.js";
import { SECURITY_HEADERS } from "../http/security-headers.js";

/** Hono's own refusals (a validator's 400, a media-type gate's 415): their status only. */
function asHttpError(err: unknown): unknown {
  return err instanceof HTTPException && err.status < 500
    ? new HttpError(err.status)
    : err;
}

/** The response for any thrown value, with the headers the error carries. */
export function problemFor(err: unknown): Response {
  const { status, headers, body } = toProblem(asHttpError(err));
  return new Response(JSON.stringify(body), { status, headers });
}

export const onError: ErrorHandler = (err) => problemFor(err);

/** No route for this method: 405 with `Allow` where the path has others, else 404. */
export function noRoute(methods: RouteMethods): NotFoundHandler {
  return (c: Context) => {
    const allow = methods.allowed(c.req.path);
    if (allow.length === 0) return problemFor(notFound());
    const refused = problemFor(
      new HttpError(405, "The method is not allowed on this path"),
    );
    refused.headers.set("allow", allow.join(", "));
    return refused;
  };
}

/**
 * For @hono/node-server's listener: a request it cannot even turn into a `Request` (a
 * malformed Host, a backslash in the path) never reaches the app, and still gets a problem
 * with the contract's headers (a generic 500 for anything else it catches).
 */
export function listenerError(err: unknown): Response {
  const response = problemFor(
    err instanceof RequestError
      ? new HttpError(400, "The request is malformed")
      : err,
  );
  for (const [name, value] of Object.entries(SECURITY_HEADERS))
    response.headers.set(name, value);
  response.headers.set(REQUEST_ID_HEADER, newRequestId());
  return response;
}
