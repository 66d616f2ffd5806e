/**
 * Password mode's part of the app: access tokens this API issues itself, checked on every
 * route whose `security` asks for one, and the OAuth2 routes that issue them. The framework
 * layer's app.ts asks for these through `createCredentials` and knows nothing of passwords.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import {
  createPasswordAuth,
  type CredentialsDeps,
} from "./auth/credentials.js";
import type { Authenticate } from "./middleware/auth.js";
import type { AppEnv } from "./router.js";
import { authRouter } from "./routes/auth.js";
import { passwordRouter } from "./routes/password.js";

export interface Credentials {
  authenticate: Authenticate;
  /** The user a valid bearer token names (the rate-limit key, on routes that require one). */
  identify: (authorization: string | undefined) => Promise<string | undefined>;
  tokenUrl: string;
  /** /auth/register, /auth/token, /auth/revoke and /users/me/password. */
  router: OpenAPIHono<AppEnv>;
}

export async function createCredentials(
  deps: CredentialsDeps,
): Promise<Credentials> {
  const { service, authenticate, identify, tokenUrl } =
    await createPasswordAuth(deps);
  return {
    authenticate,
    identify,
    tokenUrl,
    router: authRouter(service).route("/", passwordRouter(service)),
  };
}
