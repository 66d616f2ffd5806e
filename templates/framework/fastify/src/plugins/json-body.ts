/**
 * Request bodies through the core's strict JSON parser (`src/http/json-body.ts`): Fastify's
 * `text/plain` parser goes, so a JSON route sent anything else answers 415; the form parser is
 * registered by the two OAuth routes that take forms, and by them only.
 */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { parseJsonBody } from "../http/json-body.js";

export default fp(
  // eslint-disable-next-line @typescript-eslint/require-await -- a plugin is an async function
  async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      "application/json",
      { parseAs: "buffer" },
      (_request, body: Buffer, done) => {
        try {
          done(null, parseJsonBody(body));
        } catch (err) {
          done(err as Error, undefined);
        }
      },
    );
  },
  { name: "json-body" },
);
