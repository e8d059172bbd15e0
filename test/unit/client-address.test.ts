import type { IncomingMessage } from "node:http";
import { TrustedProxies } from "../../src/http/client-address";
import { isProxyEntry } from "../../src/config/proxy-entry";

function request(peer: string, forwardedFor?: string): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor } } as unknown as IncomingMessage;
}

describe("the client's address", () => {
  it("is the connection's peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    const proxies = new TrustedProxies([]);
    expect(proxies.clientAddress(request("203.0.113.7", "1.1.1.1"))).toBe("203.0.113.7");
    expect(proxies.clientAddress(request("::ffff:203.0.113.7"))).toBe("203.0.113.7");
  });

  it("comes from X-Forwarded-For only through trusted proxies, read from the right", () => {
    const proxies = new TrustedProxies(["127.0.0.1", "10.0.0.0/8"]);
    expect(proxies.clientAddress(request("127.0.0.1", "198.51.100.4"))).toBe("198.51.100.4");
    // The client forged the first hop; the proxies appended the real one and themselves.
    expect(proxies.clientAddress(request("127.0.0.1", "6.6.6.6, 198.51.100.4, 10.1.2.3"))).toBe("198.51.100.4");
    // Not from a proxy: the header is the client's own invention.
    expect(proxies.clientAddress(request("198.51.100.9", "127.0.0.1"))).toBe("198.51.100.9");
    // A garbled hop stops the walk at the last address known to be real.
    expect(proxies.clientAddress(request("127.0.0.1", "x, not-an-ip"))).toBe("127.0.0.1");
  });

  it("accepts addresses and ranges as list entries, and nothing else", () => {
    expect(["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"].every(isProxyEntry)).toBe(true);
    expect(["localhost", "10.0.0.0/33", "1.2.3.4/8/9", "", "::1/129"].some(isProxyEntry)).toBe(false);
  });
});
