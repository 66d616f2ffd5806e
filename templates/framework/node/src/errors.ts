/**
 * RFC 9457 problem details: the one typed error every service throws, and the pure mapping
 * from any error to the response a framework adapter sends. The bodies are those of the
 * FastAPI projects (`type`, `title`, `status`, `detail`, and `errors[]` on a 422), since one
 * black-box suite checks both.
 */
import { databaseErrorKind } from "./db/errors.js";

export const PROBLEM_MEDIA_TYPE = "application/problem+json";
export const JSON_MEDIA_TYPE = "application/json; charset=utf-8";

/** One failed check of a 422: a JSON Pointer (RFC 6901) into the body, or `/<parameter>`. */
export interface FieldError {
  pointer: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

/** The reason phrases the FastAPI projects send (Python's `http.HTTPStatus`). */
const TITLES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  408: "Request Timeout",
  409: "Conflict",
  411: "Length Required",
  413: "Request Entity Too Large",
  414: "Request-URI Too Long",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
};

export function statusTitle(status: number): string {
  return (
    TITLES[status] ?? (status >= 500 ? "Internal Server Error" : "Bad Request")
  );
}

export type Headers = Record<string, string>;

/** A problem body; `detail` defaults to the title, as FastAPI's `problem()` does. */
export function problem(
  status: number,
  detail?: string,
  errors?: FieldError[],
): Problem {
  const title = statusTitle(status);
  const body: Problem = {
    type: "about:blank",
    title,
    status,
    detail: detail ?? title,
  };
  if (errors !== undefined) body.errors = errors;
  return body;
}

export interface HttpErrorOptions {
  headers?: Headers;
  errors?: FieldError[];
}

/** An error with an HTTP answer. Services throw these; adapters only translate them. */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly title: string;
  readonly detail: string;
  readonly headers: Headers;
  readonly errors: FieldError[] | undefined;

  constructor(
    readonly status: number,
    detail?: string,
    options: HttpErrorOptions = {},
  ) {
    const title = statusTitle(status);
    super(detail ?? title);
    this.title = title;
    this.detail = detail ?? title;
    this.headers = options.headers ?? {};
    this.errors = options.errors;
  }

  toProblem(): Problem {
    return problem(this.status, this.detail, this.errors);
  }
}

export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_grant"
  | "invalid_scope"
  | "unsupported_grant_type";

/** RFC 6749 §5.2: every error of the token endpoint, always a 400. */
export class OAuthError extends Error {
  override readonly name = "OAuthError";
  readonly status = 400;

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
  }
}

export const STORE_UNAVAILABLE =
  "The rate-limit store is not available; retry later";
export const DATABASE_UNAVAILABLE =
  "The database is not available; retry later";
export const VALIDATION_FAILED = "The request failed validation";

export const badRequest = (detail: string): HttpError =>
  new HttpError(400, detail);

export const notFound = (detail = "No such resource"): HttpError =>
  new HttpError(404, detail);

export const conflict = (detail: string): HttpError =>
  new HttpError(409, detail);

export const unprocessable = (
  errors: FieldError[],
  detail = VALIDATION_FAILED,
): HttpError => new HttpError(422, detail, { errors });

/**
 * 401 with its challenge: `error="invalid_token"` exactly when a token was sent (RFC 6750 §3).
 */
export function unauthorized(
  detail?: string,
  { invalidToken = false }: { invalidToken?: boolean } = {},
): HttpError {
  const fallback = invalidToken
    ? "The access token is not valid"
    : "The access token is missing";
  return new HttpError(401, detail ?? fallback, {
    headers: {
      "WWW-Authenticate": invalidToken
        ? 'Bearer error="invalid_token"'
        : "Bearer",
    },
  });
}

/** 403 naming the scope(s) the route needs (space-separated, as in a token). */
export function forbiddenScope(scope: string): HttpError {
  return new HttpError(
    403,
    "The access token lacks the scope this route needs",
    {
      headers: {
        "WWW-Authenticate": `Bearer error="insufficient_scope", scope="${scope}"`,
      },
    },
  );
}

export function tooManyRequests(
  retryAfterSeconds: number,
  detail = "Too many requests; retry later",
  headers: Headers = {},
): HttpError {
  const seconds = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  return new HttpError(429, detail, {
    headers: { ...headers, "Retry-After": seconds },
  });
}

/** 503, retryable: the database or the rate-limit store did not answer. */
export function serviceUnavailable(detail: string): HttpError {
  return new HttpError(503, detail, { headers: { "Retry-After": "5" } });
}

export interface ErrorResponse {
  status: number;
  /** Content-Type included. */
  headers: Headers;
  body: Problem | { error: OAuthErrorCode; error_description: string };
}

function problemResponse(
  status: number,
  body: Problem,
  headers: Headers = {},
): ErrorResponse {
  return {
    status,
    headers: { ...headers, "Content-Type": PROBLEM_MEDIA_TYPE },
    body,
  };
}

/**
 * The response for any thrown value. Only `HttpError` and `OAuthError` speak for
 * themselves; database errors become the contract's 409 / 422 / 503; anything else is a
 * generic 500 whose body says nothing of the cause (no message, SQL, path or stack).
 */
export function toProblem(error: unknown): ErrorResponse {
  if (error instanceof HttpError) {
    return problemResponse(error.status, error.toProblem(), error.headers);
  }
  if (error instanceof OAuthError) {
    return {
      status: 400,
      headers: { "Content-Type": JSON_MEDIA_TYPE, "Cache-Control": "no-store" },
      body: { error: error.error, error_description: error.description },
    };
  }
  switch (databaseErrorKind(error)) {
    case "unique":
      // A race past the service's own check: still a 409, never a 500.
      return problemResponse(409, problem(409, "A unique value is taken"));
    case "out-of-range":
      return problemResponse(
        422,
        problem(422, VALIDATION_FAILED, [
          {
            pointer: "",
            message: "a value is out of the range the database can store",
          },
        ]),
      );
    case "unavailable":
      return problemResponse(503, problem(503, DATABASE_UNAVAILABLE), {
        "Retry-After": "5",
      });
    case undefined:
      return problemResponse(500, problem(500, "An unexpected error occurred"));
  }
}
