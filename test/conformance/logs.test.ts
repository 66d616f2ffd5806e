// CONTRACT §2: logs (no forged lines, no stack traces) and what clients can hold
// (connections, idle and header read time) without starving everyone else.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { connect, type Socket } from "node:net";
import { auditLogs, withServer } from "./context.js";
import { auditHeaders } from "./headers.js";
import { forgedMarker, logViolations } from "./logs.js";
import { projects } from "./projects.js";
import { RELAXED } from "./server.js";

const settle = () => new Promise((r) => setTimeout(r, 300));

/** What a log line of any common format looks like, to be forged after a line break. */
const fakeLine = (marker: string) => `${marker} 2026-01-01 00:00:00,000 INFO app.access [-] GET /admin 200 1.0ms`;

/** Line breaks and terminal escapes, percent-encoded as UTF-8 (a client can put them in a path). */
const BREAKS = ["%0a", "%0d", "%0d%0a", "%0b", "%0c", "%1b%5b2K%0d", "%c2%85", "%e2%80%a8", "%e2%80%a9", "%00%0a"];

describe.each(projects())("$label: log lines cannot be forged", (project) => {
  const password = project.answers.auth === "password";
  const s = withServer(project, RELAXED);
  const markers: string[] = [];
  const marker = () => {
    const m = forgedMarker();
    markers.push(m);
    return m;
  };

  it("control characters in a path (404, 405, 422, 401 routes) never start a new log line", async () => {
    const u = await s.api.user();
    for (const br of BREAKS) {
      const forged = `${br}${encodeURIComponent(fakeLine(marker()))}`;
      await s.api.get(`/x${forged}`);
      await s.api.get(`/items/${randomUUID()}${forged}`, { token: u.access });
      await s.api.get(`/items/bad${forged}`, { token: u.access });
      await s.api.request("DELETE", `/health${forged}`);
      await s.api.get(`/items${forged}`);
    }
    await settle();
    expect(logViolations(s.server.output(), markers)).toEqual([]);
  });

  it("control characters in headers, query strings and form values never start a new log line", async () => {
    for (const br of ["\x85", "\x1b[2K", "\x0b", "\x7f", "\x00"]) {
      // CR and LF cannot be sent inside a header (they end it); the rest reach the server.
      const value = `${br}${fakeLine(marker())}`;
      const names = ["User-Agent", "Referer", "X-Request-ID", "X-Forwarded-For", "Origin", "Authorization", "Host"];
      for (const path of ["/health", `/nope?q=${encodeURIComponent(value)}`]) {
        const head = names.map((n) => `${n}: ${value}\r\n`).join("");
        await rawExchange(
          s.server.port,
          Buffer.from(`GET ${path} HTTP/1.1\r\n${head}Connection: close\r\n\r\n`, "latin1"),
        );
      }
      if (password) {
        const username = `u-${randomUUID()}@example.com${br}\n${fakeLine(marker())}`;
        await s.api.tokenRequest({ grant_type: "password", username, password: "wrong-password-123" });
        await s.api.post("/auth/register", { json: { email: username, password: "wrong-password-123" } });
      }
    }
    await settle();
    expect(logViolations(s.server.output(), markers)).toEqual([]);
  });

  it("broken requests (garbage, bad framing, a client gone mid-body) log no stack trace", async () => {
    const u = await s.api.user();
    const raw = [
      "GARBAGE\r\n\r\n",
      `GET /x${"%0a"}y HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n`,
      "GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n",
      "GET / HTTP/9.9\r\nHost: a\r\n\r\n",
      // A body announced and never sent in full: the client leaves.
      `POST /items HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${u.access}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":`,
    ];
    for (const text of raw) await rawExchange(s.server.port, Buffer.from(text, "latin1"), true);
    await settle();
    expect((await s.api.get("/health")).status).toBe(200);
    expect(logViolations(s.server.output(), markers)).toEqual([]);
  });

  auditHeaders(() => [s.api]);
  auditLogs(
    () => [s],
    undefined,
    () => markers,
  );
});

/** Writes `bytes` on a fresh connection and reads for a while; resets it after when `reset`. */
function rawExchange(port: number, bytes: Buffer, reset = false): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect({ port, host: "127.0.0.1" });
    let got = "";
    const done = () => {
      clearTimeout(timer);
      if (reset) sock.resetAndDestroy();
      else sock.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, 1000);
    sock.on("error", done);
    sock.on("data", (d: Buffer) => (got += d.toString("latin1")));
    sock.on("end", done);
    sock.on("connect", () => sock.write(bytes));
  });
}

/** More sockets than any sane per-process connection cap, few enough for a loopback test. */
const FLOOD = 2000;
/** How long a connection that never completes its request headers may stay open. */
const HEADER_DEADLINE_MS = 30_000;

interface Held {
  sock: Socket;
  openedAt: number;
  /** When the server ended or reset the connection (undefined while open or closed by us). */
  closedAt?: number;
  release(): void;
}

/** Opens a connection that sends nothing (undefined when it cannot connect within 10 s). */
function hold(port: number): Promise<Held | undefined> {
  return new Promise((resolve) => {
    const sock = connect({ port, host: "127.0.0.1" });
    let ours = false;
    const held: Held = {
      sock,
      openedAt: Date.now(),
      release: () => {
        ours = true;
        sock.destroy();
      },
    };
    const timer = setTimeout(() => {
      held.release();
      resolve(undefined);
    }, 10_000);
    sock.once("connect", () => {
      clearTimeout(timer);
      held.openedAt = Date.now();
      resolve(held);
    });
    sock.on("data", () => undefined);
    const byServer = () => {
      if (!ours && held.closedAt === undefined) held.closedAt = Date.now();
    };
    sock.on("end", byServer);
    sock.on("error", () => {
      byServer();
      resolve(undefined);
    });
    sock.on("close", byServer);
  });
}

describe.each(projects())("$label: idle and slow connections", (project) => {
  const s = withServer(project, RELAXED);

  it(`${FLOOD} idle sockets: another client is still answered, and no stack trace is logged`, async () => {
    const before = s.server.output().split("\n").length;
    const held: Held[] = [];
    try {
      for (let i = 0; i < FLOOD; i += 200) {
        const batch = await Promise.all(Array.from({ length: 200 }, () => hold(s.server.port)));
        for (const h of batch) if (h) held.push(h);
      }
      // Whether the server dropped some of them or keeps them all, it answers someone new
      // (within 10 s: a starved server never does; a loaded test machine may be slow).
      const res = await s.api.get("/health", { timeoutMs: 10_000 });
      expect(res.status, res.text).toBe(200);
      const u = await s.api.user();
      expect((await s.api.get("/items", { token: u.access, timeoutMs: 10_000 })).status).toBe(200);
    } finally {
      for (const h of held) h.release();
    }
    await settle();
    const out = s.server.output();
    expect(logViolations(out)).toEqual([]);
    // One line per event, and an idle socket is not an event worth a line each.
    expect(out.split("\n").length - before, "log lines written during the flood").toBeLessThan(FLOOD / 10);
  }, 60_000);

  it(
    "a connection that sends nothing, or drips its headers, is closed by the server",
    async () => {
      const silent = await hold(s.server.port);
      const dripping = await hold(s.server.port);
      expect(silent && dripping, "connected").toBeTruthy();
      const request = "GET /health HTTP/1.1\r\nHost: a\r\nX-Slow: " + "a".repeat(200);
      let sent = 0;
      const drip = setInterval(() => {
        if (dripping && !dripping.sock.destroyed && sent < request.length) dripping.sock.write(request[sent++] ?? "");
      }, 500);
      try {
        const deadline = Date.now() + HEADER_DEADLINE_MS + 5000;
        while (Date.now() < deadline && (silent?.closedAt === undefined || dripping?.closedAt === undefined)) {
          await new Promise((r) => setTimeout(r, 250));
        }
      } finally {
        clearInterval(drip);
      }
      for (const [what, h] of [
        ["silent", silent],
        ["dripping", dripping],
      ] as const) {
        expect(h?.closedAt, `the ${what} connection was closed by the server`).toBeDefined();
        expect((h?.closedAt ?? Infinity) - (h?.openedAt ?? 0), `${what}: open for`).toBeLessThanOrEqual(
          HEADER_DEADLINE_MS + 1000,
        );
        h?.release();
      }
      expect((await s.api.get("/health")).status).toBe(200);
    },
    HEADER_DEADLINE_MS + 20_000,
  );

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});

/** A process limit many hosts start services with: fewer files than the flood has sockets. */
const OPEN_FILES = 1024;

describe.each(projects())(`$label: ${FLOOD} idle sockets against ${OPEN_FILES} open files`, (project) => {
  const s = withServer(project, RELAXED, { openFiles: OPEN_FILES });

  it("the server never runs out of file descriptors: it keeps answering and logs a few lines, not one per socket", async () => {
    const before = s.server.output().split("\n").length;
    const held: Held[] = [];
    try {
      for (let i = 0; i < FLOOD; i += 200) {
        const batch = await Promise.all(Array.from({ length: 200 }, () => hold(s.server.port)));
        for (const h of batch) if (h) held.push(h);
      }
      const res = await s.api.get("/health", { timeoutMs: 10_000 });
      expect(res.status, res.text).toBe(200);
    } finally {
      for (const h of held) h.release();
    }
    await settle();
    expect((await s.api.get("/health", { timeoutMs: 10_000 })).status).toBe(200);
    const out = s.server.output();
    expect(logViolations(out)).toEqual([]);
    expect(out.split("\n").length - before, "log lines written during the flood").toBeLessThan(FLOOD / 10);
  }, 60_000);

  auditHeaders(() => [s.api]);
  auditLogs(() => [s]);
});
