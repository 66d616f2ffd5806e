/** The `Allow` value of a 405: every method a path serves, TRACE never. */
import { describe, expect, it } from "vitest";
import { RouteMethods } from "../../src/http/route-methods.js";

describe("RouteMethods", () => {
  const routes = new RouteMethods();
  routes.add("/items", ["GET", "post"]);
  routes.add("/items/:id", ["GET", "PATCH", "DELETE", "TRACE"]);
  routes.add("/docs/*", ["GET"]);

  it("lists a concrete path's methods, sorted and upper case", () => {
    expect(routes.allowed("/items")).toEqual(["GET", "POST"]);
    expect(routes.allowed("/items/42")).toEqual(["DELETE", "GET", "PATCH"]);
    expect(routes.allowed("/docs/swagger-ui.css")).toEqual(["GET"]);
  });

  it("knows no method of an unknown path, nor of an empty or extra segment", () => {
    expect(routes.allowed("/orders")).toEqual([]);
    expect(routes.allowed("/items/")).toEqual([]);
    expect(routes.allowed("/items/1/2")).toEqual([]);
  });
});
