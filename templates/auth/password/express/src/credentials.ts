/**
 * Password mode's part of the app: access tokens this API issues itself, checked by every
 * route that declares `auth`, and the OAuth2 routes that issue them. The framework layer's
 * app.ts asks for these through `createCredentials` and knows nothing of passwords.
 */
import type { Router } from "express";
import type { AppDeps } from "./app.js";
import { createPasswordAuth } from "./auth/credentials.js";
import type { Authenticate } from "./middleware/auth.js";
import { authRouter } from "./routes/auth.js";
import { passwordRouter } from "./routes/password.js";
import type { Routes } from "./routes/routes.js";

export interface Credentials {
  authenticate: Authenticate;
  /** The user a valid bearer token names; asked only on routes that require a token. */
  identify: (authorization: string | undefined) => Promise<string | undefined>;
  tokenUrl: string;
  /** The credentials' own routers (register, token, revoke, password change). */
  routers: (routes: Routes) => Router[];
}

export async function createCredentials(deps: AppDeps): Promise<Credentials> {
  const auth = await createPasswordAuth(deps);
  return {
    authenticate: auth.authenticate,
    identify: auth.identify,
    tokenUrl: auth.tokenUrl,
    routers: (routes) => [
      authRouter(routes, {
        service: auth.service,
        allowRegistration: deps.config.allowRegistration,
      }),
      passwordRouter(routes, { service: auth.service }),
    ],
  };
}
