/**
 * What a cross-origin caller may do, for every adapter's CORS middleware: only the origins
 * in CORS_ORIGINS, each answered with itself (never `*`), the API's methods, the headers a
 * client sends and reads, and no credentials (bearer tokens travel in a header, not a
 * cookie). A preflight is cached for ten minutes.
 */
export const CORS_POLICY = {
  methods: ["GET", "HEAD", "POST", "PATCH", "DELETE"],
  allowedHeaders: ["authorization", "content-type", "x-request-id"],
  exposedHeaders: [
    "location",
    "x-request-id",
    "ratelimit",
    "ratelimit-policy",
    "retry-after",
  ],
  maxAgeSeconds: 600,
} as const;

/** The origin check: exactly the configured origins, nothing for a request without Origin. */
export function originAllowed(
  origins: ReadonlySet<string>,
  origin: string | undefined,
): boolean {
  return origin !== undefined && origins.has(origin);
}
