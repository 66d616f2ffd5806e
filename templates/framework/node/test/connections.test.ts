/** The connection bounds: the cap follows the open-file limit, and idle sockets go first. */
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  applyServerLimits,
  connectionCap,
  IDLE_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  MAX_REQUESTS_PER_SOCKET,
  MAX_CONNECTIONS,
  openFileLimit,
  shedIdleConnections,
} from "../src/connections.js";

describe("connectionCap", () => {
  it("leaves room for the process' own files", () => {
    expect(connectionCap(1024)).toBe(768);
    expect(connectionCap(1_000_000)).toBe(MAX_CONNECTIONS);
    expect(connectionCap(100)).toBe(16);
    expect(connectionCap(undefined)).toBe(MAX_CONNECTIONS);
  });

  it("reads the soft limit where the platform says it", () => {
    const limit = openFileLimit();
    if (limit !== undefined) expect(limit).toBeGreaterThan(0);
  });
});

describe("shedIdleConnections", () => {
  let server: Server | undefined;
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const s of sockets) s.destroy();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  const open = (port: number) =>
    new Promise<Socket>((resolve) => {
      const socket = connect({ port, host: "127.0.0.1" }, () => {
        resolve(socket);
      });
      socket.on("error", () => undefined);
      sockets.push(socket);
    });

  it("closes the longest-idle connection once over the cap, and still answers", async () => {
    server = createServer((_req, res) => res.end("ok"));
    shedIdleConnections(server, 2);
    await new Promise<void>((resolve) =>
      server?.listen(0, "127.0.0.1", resolve),
    );
    const { port } = server.address() as AddressInfo;
    const first = await open(port);
    const closed = new Promise((resolve) => first.once("close", resolve));
    await open(port);
    await open(port);
    await closed;
    const res = await fetch(`http://127.0.0.1:${String(port)}/`);
    expect(await res.text()).toBe("ok");
  });
});

describe("applyServerLimits", () => {
  it("sets the idle, keep-alive and per-socket bounds on a plain node:http server", () => {
    const server = createServer();
    const listeners = server.listenerCount("connection");
    applyServerLimits(server, 4);
    expect(server.timeout).toBe(IDLE_TIMEOUT_MS);
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(server.maxRequestsPerSocket).toBe(MAX_REQUESTS_PER_SOCKET);
    // and sheds idle connections past the cap
    expect(server.listenerCount("connection")).toBe(listeners + 1);
  });
});
