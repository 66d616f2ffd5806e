/**
 * The first middleware: the contract's header set on every response, errors, 404s, 405s,
 * 413s and 429s included. helmet supplies its defence-in-depth headers (COOP,
 * Origin-Agent-Cluster, X-DNS-Prefetch-Control ...); the ones the contract words exactly come
 * from the core's map instead, since helmet's differ (`SAMEORIGIN`, CSP directives joined
 * without a space). Only the docs page relaxes its CSP, for itself.
 */
import type { RequestHandler } from "express";
import helmet from "helmet";
import { DOCS_CSP, SECURITY_HEADERS } from "../http/security-headers.js";

export const DOCS_PREFIX = "/docs";

export function isDocsPath(path: string): boolean {
  return path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`);
}

const helmetDefaults = helmet({
  contentSecurityPolicy: false,
  xFrameOptions: false,
  strictTransportSecurity: false,
  referrerPolicy: false,
  crossOriginResourcePolicy: false,
  xContentTypeOptions: false,
});

export const securityHeaders: RequestHandler[] = [
  helmetDefaults,
  (req, res, next) => {
    res.set(SECURITY_HEADERS);
    if (isDocsPath(req.path)) res.set("Content-Security-Policy", DOCS_CSP);
    next();
  },
];
