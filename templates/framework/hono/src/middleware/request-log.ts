/**
 * One log line per request, when it is answered: method and path from the core's serializer
 * (never the query string, which can hold personal data), status and time; a request that
 * failed with a 5xx logs its error (class and code only) on that same line. Client text in
 * it has its control characters escaped by the logger (src/logging.ts), so no request can
 * forge a line. Handlers log through `c.var.log`, which carries the request id.
 */
import { createMiddleware } from "hono/factory";
import type { Logger } from "pino";
import type { AppEnv } from "../router.js";

export function requestLog(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const log = logger.child({ reqId: c.var.requestId });
    c.set("log", log);
    await next();
    const line = {
      req: { method: c.req.method, url: c.req.path, id: c.var.requestId },
      res: { statusCode: c.res.status },
      ms: Math.round(performance.now() - started),
    };
    if (c.res.status >= 500 && c.error !== undefined)
      log.error({ ...line, err: c.error }, "request errored");
    else log.info(line, "request completed");
  });
}
