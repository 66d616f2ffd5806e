/**
 * One log line per request, when it is answered (Fastify writes two by default, and one more
 * for a 404): method and path from the core's serializer (never the query string, which can
 * hold personal data), status and time. Client text in it has its control characters escaped
 * by the logger (src/logging.ts), so no request can forge a line.
 */
import { LogController, type FastifyReply, type FastifyRequest } from "fastify";

export class RequestLog extends LogController {
  override incomingRequest(): void {
    // Logged once, on completion.
  }

  override routeNotFound(): void {
    // The completion line already says 404.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      req: request,
      res: reply,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) request.log.error({ ...line, err: error }, "request errored");
    else request.log.info(line, "request completed");
  }
}
