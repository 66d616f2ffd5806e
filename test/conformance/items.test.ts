// CONTRACT §3 "A resource: items".
import { describe } from "vitest";
import { randomUUID } from "node:crypto";
import { projects } from "./projects.js";
import { describeResourceConformance } from "./resource.js";

const name = () => `item-${randomUUID()}`;

describe.each(projects())("$label: items", (project) => {
  describeResourceConformance(project, {
    resource: "items",
    scopes: { read: "items:read", write: "items:write" },
    valid: () => ({ name: name(), description: "a thing", price: 12.5 }),
    update: () => ({ name: name() }),
    textField: "name",
    numberField: "price",
    sortKeys: ["created_at", "name"],
    invalid: [
      { why: "missing name", body: { description: "x" }, pointer: "/name" },
      { why: "empty name", body: { name: "" }, pointer: "/name" },
      { why: "name of 201 chars", body: { name: "n".repeat(201) }, pointer: "/name" },
      {
        why: "description of 2001 chars",
        body: { name: name(), description: "d".repeat(2001) },
        pointer: "/description",
      },
      { why: "price -1", body: { name: name(), price: -1 }, pointer: "/price" },
      { why: "price 1e9+1", body: { name: name(), price: 1e9 + 1 }, pointer: "/price" },
      { why: "price as a string", body: { name: name(), price: "12" }, pointer: "/price" },
      { why: "price as an object", body: { name: name(), price: { $gt: 0 } }, pointer: "/price" },
      { why: "price as an array", body: { name: name(), price: [1] }, pointer: "/price" },
      { why: "price as a boolean", body: { name: name(), price: true }, pointer: "/price" },
      { why: "name as a number", body: { name: 123 }, pointer: "/name" },
      { why: "name as an object", body: { name: { first: "x" } }, pointer: "/name" },
      { why: "name null", body: { name: null }, pointer: "/name" },
      { why: "name with a NUL byte", body: { name: "a\u0000b" }, pointer: "/name" },
      { why: "description with a NUL byte", body: { name: name(), description: "a\u0000b" }, pointer: "/description" },
      { why: "unknown field", body: { name: name(), colour: "red" }, pointer: "/colour" },
      // items has no object-valued field, so "unknown fields at any depth" reduces to the top level here.
      {
        why: "unknown top-level field holding an object",
        body: { name: name(), meta: { owner_id: randomUUID() } },
        pointer: "/meta",
      },
    ],
    accepted: [
      { why: "name of 1 char", body: { name: "n" } },
      { why: "name of 200 chars", body: { name: "n".repeat(200) } },
      { why: "description of 2000 chars", body: { name: name(), description: "d".repeat(2000) } },
      { why: "price 0", body: { name: name(), price: 0 } },
      { why: "price 1e9", body: { name: name(), price: 1e9 } },
      { why: "unicode name", body: { name: "naïve — 名前 🚀" } },
    ],
  });
});
