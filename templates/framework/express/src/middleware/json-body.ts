/**
 * Request bodies, read per route and only by the routes that take one: JSON parsed by the
 * core's strict parser (UTF-8 only, no BOM, bounded nesting: 400), anything labelled other
 * than `application/json` is a 415 before a byte is read, and the two OAuth form routes
 * parse `application/x-www-form-urlencoded` (repeated parameters arrive as arrays, which
 * RFC 6749 §3.2 refuses: the service does). body-parser enforces MAX_BODY_BYTES (413) and
 * never inflates a compressed body (`Content-Encoding` is a 415).
 */
import express, { type RequestHandler } from "express";
import { HttpError } from "../errors.js";
import {
  isJsonContentType,
  parseJsonBody,
  UNSUPPORTED_MEDIA_TYPE,
} from "../http/json-body.js";
import { FORM_MEDIA_TYPE } from "../http/openapi-errors.js";

/** No body at all: no framing, or an empty one with no type (a bare POST). */
function hasNoBody(
  headers: Record<string, string | string[] | undefined>,
): boolean {
  const length = headers["content-length"];
  if (headers["transfer-encoding"] !== undefined) return false;
  return (
    length === undefined ||
    (length === "0" && headers["content-type"] === undefined)
  );
}

/** What a JSON route reads its body with: a 415 for another type, then the bytes, then the parse. */
export function jsonBody(limit: number): RequestHandler[] {
  return [
    (req, _res, next) => {
      if (
        !hasNoBody(req.headers) &&
        !isJsonContentType(req.headers["content-type"])
      )
        throw new HttpError(415, UNSUPPORTED_MEDIA_TYPE);
      next();
    },
    express.raw({
      type: (req) => !hasNoBody(req.headers),
      limit,
      inflate: false,
    }),
    (req, _res, next) => {
      if (Buffer.isBuffer(req.body)) req.body = parseJsonBody(req.body);
      next();
    },
  ];
}

export function formBody(limit: number): RequestHandler {
  return express.urlencoded({
    type: FORM_MEDIA_TYPE,
    extended: false,
    limit,
    inflate: false,
  });
}
