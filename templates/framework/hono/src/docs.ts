/**
 * The OpenAPI 3.1 document (`app.doc31`, from every route's `createRoute` declaration) with
 * the OAuth2 password flow as its security scheme, and the interactive page at /docs, served
 * from swagger-ui-dist's own files: no CDN (@hono/swagger-ui loads one), so the docs page's
 * CSP allows only the project's scripts and the page's inline bootstrap.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { SECURITY_SCHEME } from "./http/openapi-errors.js";
import { DOCS_PREFIX } from "./middleware/security-headers.js";
import type { AppEnv } from "./router.js";

export const OPENAPI_PATH = "/openapi.json";

const ASSETS = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
} as const;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>API docs</title>
    <link rel="stylesheet" href="${DOCS_PREFIX}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${DOCS_PREFIX}/swagger-ui-bundle.js"></script>
    <script>
      window.ui = SwaggerUIBundle({ url: "${OPENAPI_PATH}", dom_id: "#swagger-ui" });
    </script>
  </body>
</html>
`;

export interface DocsOptions {
  title: string;
  version: string;
  /** Every scope a token can carry, with what it grants. */
  scopes: Readonly<Record<string, string>>;
  tokenUrl: string;
}

/** swagger-ui-dist's files, read by path (importing the package would load its bundle). */
function readAssets() {
  const require = createRequire(import.meta.url);
  return Promise.all(
    Object.entries(ASSETS).map(async ([name, type]) => ({
      name,
      type,
      body: await readFile(require.resolve(`swagger-ui-dist/${name}`), "utf8"),
    })),
  );
}

/** Adds /openapi.json and /docs to `app`, once every route group is mounted on it. */
export async function mountDocs(
  app: OpenAPIHono<AppEnv>,
  { title, version, scopes, tokenUrl }: DocsOptions,
): Promise<void> {
  app.openAPIRegistry.registerComponent("securitySchemes", SECURITY_SCHEME, {
    type: "oauth2",
    flows: { password: { tokenUrl, scopes: { ...scopes } } },
  });
  app.doc31(OPENAPI_PATH, { openapi: "3.1.0", info: { title, version } });

  const assets = await readAssets();
  app.get(DOCS_PREFIX, (c) => c.html(PAGE));
  for (const { name, type, body } of assets)
    app.get(`${DOCS_PREFIX}/${name}`, (c) =>
      c.body(body, 200, { "content-type": type }),
    );
}
