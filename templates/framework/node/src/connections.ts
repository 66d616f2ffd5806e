/**
 * What one client can hold (CONTRACT §2): idle and header deadlines, and a cap on open
 * connections that sheds the longest-idle one when a new one arrives, so a flood of silent
 * sockets neither starves the process of file descriptors nor locks everyone else out (Node's
 * own `maxConnections` refuses the newcomer instead).
 */
import { readFileSync } from "node:fs";
import type { Server, ServerOptions } from "node:http";
import type { Socket } from "node:net";

/** Request headers must be complete this long after the connection (or the last response). */
export const HEADERS_TIMEOUT_MS = 10_000;
/** A whole request, body included: MAX_BODY_BYTES at about 35 KB/s. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** No byte either way for this long closes the socket. */
export const IDLE_TIMEOUT_MS = 30_000;
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
export const MAX_REQUESTS_PER_SOCKET = 1_000;
export const MAX_HEADER_BYTES = 16 * 1024;
export const MAX_CONNECTIONS = 1_000;
/** Accepted-but-unserved connections the kernel may queue. */
export const LISTEN_BACKLOG = 128;
/** Files beyond the connections: database, log stream, modules, Redis. */
const SPARE_FILES = 256;

/** For `http.createServer(options, …)`: the deadlines Node checks while reading a request. */
export const HTTP_SERVER_OPTIONS = {
  headersTimeout: HEADERS_TIMEOUT_MS,
  requestTimeout: REQUEST_TIMEOUT_MS,
  // Node checks the two deadlines above on this interval (30 s by default).
  connectionsCheckingInterval: 1_000,
  maxHeaderSize: MAX_HEADER_BYTES,
} as const satisfies ServerOptions;

/** The soft open-file limit on Linux (undefined elsewhere or when unreadable). */
export function openFileLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+)/m.exec(
      readFileSync("/proc/self/limits", "utf8"),
    );
    return line?.[1] === undefined ? undefined : Number(line[1]);
  } catch {
    return undefined;
  }
}

export function connectionCap(limit = openFileLimit()): number {
  return limit === undefined
    ? MAX_CONNECTIONS
    : Math.max(16, Math.min(MAX_CONNECTIONS, limit - SPARE_FILES));
}

/**
 * Keeps at most `cap` connections open. Connections with no request in flight are kept in
 * the order they went idle (a Map keeps insertion order), so shedding one is O(1).
 */
export function shedIdleConnections(
  server: Server,
  cap = connectionCap(),
): void {
  const open = new Set<Socket>();
  const idle = new Map<Socket, true>();
  server.on("connection", (socket: Socket) => {
    open.add(socket);
    idle.set(socket, true);
    socket.once("close", () => {
      open.delete(socket);
      idle.delete(socket);
    });
    if (open.size > cap) {
      const victim = idle.keys().next().value ?? socket;
      idle.delete(victim);
      victim.destroy();
    }
  });
  server.on(
    "request",
    (
      request: { socket: Socket },
      response: { once(e: "finish", f: () => void): void },
    ) => {
      const { socket } = request;
      idle.delete(socket);
      response.once("finish", () => {
        if (!socket.destroyed) idle.set(socket, true);
      });
    },
  );
}

/**
 * The bounds a server object holds itself, for a server made with HTTP_SERVER_OPTIONS: idle
 * sockets close (Node destroys a socket that times out with no listener), keep-alive and
 * requests per socket are capped, and past the cap the longest-idle connection goes.
 */
export function applyServerLimits(server: Server, cap = connectionCap()): void {
  server.setTimeout(IDLE_TIMEOUT_MS);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.maxRequestsPerSocket = MAX_REQUESTS_PER_SOCKET;
  shedIdleConnections(server, cap);
}
