/**
 * Request bodies. `limitBody` is hono/body-limit at MAX_BODY_BYTES (it counts a chunked body
 * as it arrives); `readJson` refuses anything but `application/json` (415: Hono's validator
 * would validate `{}` instead) and parses with the core's strict parser (400 for bytes that
 * are not UTF-8, a BOM, deep nesting or malformed JSON), before the validator reads the
 * same, now known good, bytes from Hono's body cache.
 */
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { HttpError } from "../errors.js";
import {
  isJsonContentType,
  parseJsonBody,
  UNSUPPORTED_MEDIA_TYPE,
} from "../http/json-body.js";
import type { AppEnv } from "../router.js";

export const BODY_TOO_LARGE = "The request body is too large";

/** At most MAX_BODY_BYTES; over it, `tooLarge()` is thrown (a 413 problem by default). */
export function limitBody(
  tooLarge: () => Error = () => new HttpError(413, BODY_TOO_LARGE),
) {
  return createMiddleware<AppEnv>((c, next) =>
    bodyLimit({
      maxSize: c.var.config.maxBodyBytes,
      onError: () => {
        throw tooLarge();
      },
    })(c, next),
  );
}

export const readJson = createMiddleware<AppEnv>(async (c, next) => {
  if (!isJsonContentType(c.req.header("content-type")))
    throw new HttpError(415, UNSUPPORTED_MEDIA_TYPE);
  parseJsonBody(new Uint8Array(await c.req.arrayBuffer()));
  await next();
});
