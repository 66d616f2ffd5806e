/**
 * `X-Request-ID`: a client's id is echoed only when it is a short safe token (the core's
 * check; hono/request-id allows 255 characters and `=`), else the app makes one. It is
 * `c.var.requestId`, and bound to the request's log lines (request-log.ts).
 */
import { createMiddleware } from "hono/factory";
import { acceptRequestId, REQUEST_ID_HEADER } from "../http/request-id.js";
import type { AppEnv } from "../router.js";

export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = acceptRequestId(c.req.header(REQUEST_ID_HEADER));
  c.set("requestId", id);
  await next();
  c.res.headers.set(REQUEST_ID_HEADER, id);
});
