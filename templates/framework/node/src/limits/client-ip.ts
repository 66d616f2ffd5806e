/**
 * Who a request comes from, for the rate limits: the socket address, unless TRUST_PROXY says
 * which proxies in front of the app may be believed about the client (X-Forwarded-For).
 */
import { isIP, isIPv4 } from "node:net";
import proxyAddr from "proxy-addr";

import type { Config } from "../config.js";

/** TRUST_PROXY, compiled: trust no forwarding header, a number of hops, or proxies by address. */
export type TrustProxy =
  | { readonly kind: "none" }
  | { readonly kind: "hops"; readonly hops: number }
  | {
      readonly kind: "networks";
      readonly trusts: (address: string) => boolean;
    };

export const TRUST_NOTHING: TrustProxy = { kind: "none" };

/**
 * The proxies the configuration trusts (config.ts has validated TRUST_PROXY): `N` hops, or
 * the proxies whose socket address lies in one of the networks (a bare address is one host).
 */
export function trustProxyFrom(
  config: Pick<Config, "trustedHops" | "trustedNetworks">,
): TrustProxy {
  if (config.trustedHops !== undefined) {
    return config.trustedHops > 0
      ? { kind: "hops", hops: config.trustedHops }
      : TRUST_NOTHING;
  }
  if (config.trustedNetworks.length === 0) return TRUST_NOTHING;
  // proxy-addr refuses a /0 ("every address"): those are matched here, by IP version.
  const everyAddress = new Set<number>();
  const networks: string[] = [];
  for (const network of config.trustedNetworks) {
    const [address = "", prefix] = network.split("/");
    if (prefix !== undefined && Number(prefix) === 0) {
      everyAddress.add(isIP(address));
    } else {
      networks.push(network);
    }
  }
  // proxy-addr matches IPv4-mapped IPv6 peers against IPv4 networks (and the reverse).
  const inNetworks =
    networks.length > 0 ? proxyAddr.compile(networks) : () => false;
  return {
    kind: "networks",
    trusts: (address) => {
      // proxy-addr also reads lenient IPv4 spellings ("10.1" as 10.0.0.1): an entry must be
      // a canonical address to be trusted as a proxy.
      const version = isIP(address);
      if (version === 0) return false;
      const unmapped = isIPv4(bucketKey(address)) ? 4 : version;
      return everyAddress.has(unmapped) || inNetworks(address, 0);
    },
  };
}

/** An X-Forwarded-For entry as an address: trimmed, `[v6]` unbracketed. */
function entryAddress(entry: string): string {
  const value = entry.trim();
  return value.startsWith("[") && value.endsWith("]")
    ? value.slice(1, -1)
    : value;
}

/**
 * The client address. `forwardedFor` is the X-Forwarded-For header as received (Node joins
 * repeated headers with ", "). Each proxy appends the address it saw, so only entries on the
 * right, written by trusted proxies, can be believed: walking from the socket leftwards, the
 * first address not vouched for by a trusted proxy is the client.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trust: TrustProxy,
): string {
  const peer = socketAddress ?? "unknown";
  if (trust.kind === "none" || forwardedFor === undefined) return peer;
  const header =
    typeof forwardedFor === "string" ? forwardedFor : forwardedFor.join(",");
  const chain = header
    .split(",")
    .map(entryAddress)
    .filter((entry) => entry !== "");
  // Nearest first: the socket peer, then X-Forwarded-For from its right end.
  const hops = [peer, ...chain.toReversed()];
  for (let i = 0; i < hops.length - 1; i++) {
    const hop = hops[i] ?? peer;
    const trusted = trust.kind === "hops" ? i < trust.hops : trust.trusts(hop);
    if (!trusted) return hop;
  }
  // Every hop trusted: the left-most entry is the furthest anyone can see.
  return hops[hops.length - 1] ?? peer;
}

/** One IPv6 subscriber gets at least a /64 (RFC 6177): per address it would have 2**64 budgets. */
const IPV6_CLIENT_GROUPS = 4;

/** The eight 16-bit groups of a valid IPv6 address (an embedded IPv4 tail included). */
function ipv6Groups(address: string): number[] {
  const [head = "", tail] = address.split("::");
  const parse = (part: string): number[] =>
    part === ""
      ? []
      : part.split(":").flatMap((group) => {
          if (!group.includes(".")) return [Number.parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split(".").map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

/**
 * What one client's budget is counted on: its IPv4 address (an IPv4-mapped IPv6 address as
 * its IPv4 address), or its IPv6 /64. Anything unparsable counts as itself.
 */
export function bucketKey(address: string): string {
  const ip = entryAddress(address).replace(/%.*$/, ""); // a zone id names a local interface
  if (isIPv4(ip)) return ip;
  if (isIP(ip) !== 6) return address;
  const groups = ipv6Groups(ip);
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  if (
    g0 === 0 &&
    g1 === 0 &&
    g2 === 0 &&
    g3 === 0 &&
    g4 === 0 &&
    g5 === 0xffff
  ) {
    return [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff].join(".");
  }
  const prefix = groups
    .slice(0, IPV6_CLIENT_GROUPS)
    .map((group) => group.toString(16));
  return `${prefix.join(":")}::/64`;
}
