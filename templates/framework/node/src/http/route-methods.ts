/**
 * Which methods each path serves, so that a known path asked with another method is a 405
 * whose `Allow` lists every method it does serve (CONTRACT §3), and an unknown path a 404.
 * Adapters add each route as they register it, in their router's own path syntax (`:id`).
 */

/** `/items/:id` → a regex for concrete paths (`*` matches the rest of the path). */
function pathPattern(route: string): RegExp {
  const escaped = route
    .split("/")
    .map((part) =>
      part.startsWith(":")
        ? "[^/]+"
        : part === "*"
          ? ".*"
          : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${escaped}$`);
}

export class RouteMethods {
  readonly #routes = new Map<
    string,
    { pattern: RegExp; methods: Set<string> }
  >();

  add(route: string, methods: readonly string[]): void {
    const entry = this.#routes.get(route) ?? {
      pattern: pathPattern(route),
      methods: new Set<string>(),
    };
    for (const method of methods) entry.methods.add(method.toUpperCase());
    this.#routes.set(route, entry);
  }

  /** The `Allow` value's methods for a concrete path, sorted; none: the path is unknown. TRACE is never served. */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const { pattern, methods: served } of this.#routes.values())
      if (pattern.test(path)) for (const method of served) methods.add(method);
    methods.delete("TRACE");
    return [...methods].sort();
  }
}
