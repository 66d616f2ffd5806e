import { describe, expect, it } from "vitest";

import {
  bucketKey,
  clientAddress,
  TRUST_NOTHING,
  trustProxyFrom,
} from "../../src/limits/client-ip.js";

const hops = (n: number) =>
  trustProxyFrom({ trustedHops: n, trustedNetworks: [] });
const networks = (...list: string[]) =>
  trustProxyFrom({ trustedHops: undefined, trustedNetworks: list });

describe("trustProxyFrom", () => {
  it("trusts nothing when TRUST_PROXY is unset, 0, or an empty list", () => {
    expect(
      trustProxyFrom({ trustedHops: undefined, trustedNetworks: [] }),
    ).toBe(TRUST_NOTHING);
    expect(hops(0)).toBe(TRUST_NOTHING);
  });

  it("reads hops and networks", () => {
    expect(hops(2)).toEqual({ kind: "hops", hops: 2 });
    expect(networks("10.0.0.0/8").kind).toBe("networks");
  });
});

describe("clientAddress", () => {
  it("is the socket address by default, whatever X-Forwarded-For says", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.7", TRUST_NOTHING)).toBe(
      "127.0.0.1",
    );
    expect(clientAddress(undefined, undefined, TRUST_NOTHING)).toBe("unknown");
  });

  it("with N hops, is the N-th entry from the right", () => {
    const xff = "198.51.100.1, 203.0.113.7, 10.0.0.2";
    expect(clientAddress("10.0.0.1", xff, hops(1))).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.1", xff, hops(2))).toBe("203.0.113.7");
    // A chain shorter than the hops: the left-most entry is as far as anyone can see.
    expect(clientAddress("10.0.0.1", "203.0.113.7", hops(3))).toBe(
      "203.0.113.7",
    );
    expect(clientAddress("10.0.0.1", undefined, hops(1))).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", " , ", hops(1))).toBe("10.0.0.1");
  });

  it("joins repeated headers in order", () => {
    expect(
      clientAddress("10.0.0.1", ["198.51.100.1", "203.0.113.7"], hops(1)),
    ).toBe("203.0.113.7");
  });

  it("with networks, is the right-most address no trusted proxy vouches for", () => {
    const trust = networks("10.0.0.0/8", "127.0.0.1/32");
    expect(clientAddress("127.0.0.1", "203.0.113.7", trust)).toBe(
      "203.0.113.7",
    );
    expect(
      clientAddress("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.1.2.3", trust),
    ).toBe("203.0.113.7");
    // Every hop trusted: the left-most.
    expect(clientAddress("127.0.0.1", "10.0.0.9, 10.0.0.8", trust)).toBe(
      "10.0.0.9",
    );
  });

  it("ignores X-Forwarded-For from a socket outside the networks", () => {
    const trust = networks("10.0.0.0/8", "192.168.0.0/16");
    expect(clientAddress("127.0.0.1", "203.0.113.7", trust)).toBe("127.0.0.1");
  });

  it("matches an IPv4-mapped socket address against IPv4 networks, and bare hosts", () => {
    expect(
      clientAddress("::ffff:127.0.0.1", "203.0.113.7", networks("127.0.0.0/8")),
    ).toBe("203.0.113.7");
    expect(clientAddress("::1", "2001:db8::7", networks("::1"))).toBe(
      "2001:db8::7",
    );
    expect(
      clientAddress("10.0.0.1", "[2001:db8::7]", networks("10.0.0.1")),
    ).toBe("2001:db8::7");
  });

  it("reads a /0 as every address of its IP version", () => {
    expect(
      clientAddress("10.0.0.1", "203.0.113.7", networks("0.0.0.0/0")),
    ).toBe("203.0.113.7");
    expect(
      clientAddress("::ffff:10.0.0.1", "203.0.113.7", networks("0.0.0.0/0")),
    ).toBe("203.0.113.7");
    expect(clientAddress("::1", "203.0.113.7", networks("0.0.0.0/0"))).toBe(
      "::1",
    );
    expect(
      clientAddress("::1", "203.0.113.7", networks("::/0", "10.0.0.0/8")),
    ).toBe("203.0.113.7");
    expect(clientAddress("10.0.0.1", "203.0.113.7", networks("::/0"))).toBe(
      "10.0.0.1",
    );
  });

  it("never trusts an entry that is not a canonical address", () => {
    // "10.1" would read as 10.0.0.1 to lenient parsers.
    const trust = networks("10.0.0.0/8");
    expect(clientAddress("10.0.0.1", "203.0.113.7, 10.1", trust)).toBe("10.1");
    expect(clientAddress("10.0.0.1", "203.0.113.7, garbage", trust)).toBe(
      "garbage",
    );
  });
});

describe("bucketKey", () => {
  it("counts an IPv4 client by its address", () => {
    expect(bucketKey("203.0.113.61")).toBe("203.0.113.61");
  });

  it("counts an IPv4-mapped IPv6 address as its IPv4 address", () => {
    expect(bucketKey("::ffff:203.0.113.61")).toBe("203.0.113.61");
    expect(bucketKey("::ffff:cb00:713d")).toBe("203.0.113.61");
    expect(bucketKey("0:0:0:0:0:ffff:cb00:713d")).toBe("203.0.113.61");
  });

  it("counts an IPv6 client by its /64, however it is spelled", () => {
    const key = bucketKey("2001:db8:77:1::1");
    expect(key).toBe("2001:db8:77:1::/64");
    expect(bucketKey("2001:db8:77:1:ffff:ffff:ffff:ffff")).toBe(key);
    expect(bucketKey("2001:0db8:0077:0001:0:0:0:abcd")).toBe(key);
    expect(bucketKey("[2001:db8:77:1::2]")).toBe(key);
    expect(bucketKey("2001:db8:77:1::3%eth0")).toBe(key);
    expect(bucketKey("2001:db8:77:2::1")).not.toBe(key);
    expect(bucketKey("::1")).toBe("0:0:0:0::/64");
    expect(bucketKey("::")).toBe("0:0:0:0::/64");
    expect(bucketKey("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });

  it("counts anything unparsable as itself", () => {
    expect(bucketKey("unknown")).toBe("unknown");
    expect(bucketKey("203.0.113.7:8080")).toBe("203.0.113.7:8080");
  });
});
