/**
 * `X-Request-ID`: a client's id is echoed only when it is a short safe token (the core's
 * check); otherwise, and when none is sent, the app makes one. Fastify's `genReqId` puts it
 * on `request.id` and on every log line of the request.
 */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { IncomingMessage } from "node:http";
import { acceptRequestId } from "../http/request-id.js";

export const REQUEST_ID_HEADER = "x-request-id";

/** For `Fastify({ genReqId })`: never trust the raw header. */
export function genReqId(raw: IncomingMessage): string {
  const sent = raw.headers[REQUEST_ID_HEADER];
  return acceptRequestId(Array.isArray(sent) ? sent[0] : sent);
}

export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await -- a plugin is an async function
  async (app: FastifyInstance) => {
    app.addHook("onRequest", async (request, reply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
    });
  },
  { name: "request-id" },
);
