import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import {
  escapeControl,
  loggerOptions,
  serializeError,
  serializeRequest,
} from "../src/logging.js";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  const logger = pino(loggerOptions({ logLevel: "info" }), stream);
  return { logger, output: () => lines.join("") };
}

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/;

describe("logging", () => {
  it("escapes what could end a line or drive a terminal", () => {
    expect(escapeControl("a\u2028b\x85c\x1b[2K")).toBe(
      "a\\u2028b\\u0085c\\u001b[2K",
    );
    expect(escapeControl("plain text")).toBe("plain text");
  });

  it("writes one line per event, whatever the client sent", () => {
    const { logger, output } = capture();
    logger.info(
      { req: { method: "GET", url: "/x\u2028FORGED\n\x85y?token=secret" } },
      "request \u2029 done",
    );
    const text = output();
    expect(text.trimEnd().split("\n")).toHaveLength(1);
    expect(RAW_CONTROL.test(text)).toBe(false);
    expect(text).not.toContain("secret");
    const line = JSON.parse(text) as { req: { path: string } };
    expect(line.req.path).toBe("/x\u2028FORGED\n\x85y");
  });

  it("logs an error's class and code, never its message or stack", () => {
    const error = Object.assign(new Error("SELECT password FROM users"), {
      code: "ER_DUP_ENTRY",
    });
    expect(serializeError(error)).toEqual({
      type: "Error",
      code: "ER_DUP_ENTRY",
    });
    const { logger, output } = capture();
    logger.error({ err: error }, "failed");
    expect(output()).not.toMatch(/SELECT|at .*:\d+:\d+/);
  });

  it("redacts credentials", () => {
    const { logger, output } = capture();
    logger.info({
      req: { headers: { authorization: "Bearer abc.def" } },
      body: { password: "hunter2hunter2", refresh_token: "r1" },
    });
    expect(output()).not.toMatch(/abc\.def|hunter2|"r1"/);
  });

  it("logs the path of a request, not its query", () => {
    expect(
      serializeRequest({ method: "GET", url: "/items?email=a@b.c", id: "1" }),
    ).toEqual({
      method: "GET",
      path: "/items",
      id: "1",
    });
    expect(serializeRequest({}).path).toBe("");
  });
});
