/**
 * One log line per request, when it is answered (pino-http), and the request id: a client's
 * `X-Request-ID` is echoed only when it is a short safe token (the core's check), else the app
 * makes one; it is on the response and on every line of the request. The line holds the
 * core's serializers' fields only: method and path (never the query string or a header, so
 * no token or cookie), status and time; an error is its class name. Client text in it has
 * its control characters escaped by the logger (src/logging.ts).
 */
import type { Request, RequestHandler } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { acceptRequestId, REQUEST_ID_HEADER } from "../http/request-id.js";
import {
  serializeError,
  serializeRequest,
  serializeResponse,
} from "../logging.js";

export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = acceptRequestId(req.headers["x-request-id"]);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    // The core's serializers see the raw objects (pino-http's own would hand them its
    // copies, headers included); `originalUrl`, since routers rewrite `url`.
    wrapSerializers: false,
    serializers: {
      req: (req: Request) =>
        serializeRequest({
          method: req.method,
          url: req.originalUrl,
          id: req.id,
        }),
      res: serializeResponse,
      err: serializeError,
    },
    customAttributeKeys: { responseTime: "ms" },
    customSuccessMessage: () => "request completed",
    customErrorMessage: () => "request errored",
    // 4xx are the client's: info, as every other answer.
    customLogLevel: (_req, res, err) =>
      err !== undefined || res.statusCode >= 500 ? "error" : "info",
  });
}
