/**
 * The contract's header set on every response, errors, 404s and 429s included: set in
 * `onRequest` (before anything can answer) from the core's map, so no helmet default
 * (`SAMEORIGIN`, CSP directives joined without a space) ever differs from CONTRACT §3.
 * Only the docs page relaxes its CSP, for itself.
 */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import {
  DOCS_CSP,
  isDocsPath,
  REMOVED_HEADERS,
  SECURITY_HEADERS,
  withCharset,
} from "../http/security-headers.js";

export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await -- a plugin is an async function
  async (app: FastifyInstance) => {
    app.addHook("onRequest", async (request, reply) => {
      reply.headers(SECURITY_HEADERS);
      if (isDocsPath(request.url))
        reply.header("content-security-policy", DOCS_CSP);
    });
    // Whatever a library set later (swagger-ui's static files, its JSON), the server names
    // no product and JSON says its charset.
    app.addHook("onSend", async (_request, reply) => {
      for (const name of REMOVED_HEADERS) reply.removeHeader(name);
      const type = reply.getHeader("content-type");
      if (typeof type === "string")
        reply.header("content-type", withCharset(type));
    });
  },
  { name: "security-headers" },
);
