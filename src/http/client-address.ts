import { BlockList, isIP } from "node:net";
import type { IncomingMessage } from "node:http";

/**
 * Which proxies may say who the client is. A request that comes straight from the internet can
 * write any X-Forwarded-For it likes, so the header is believed only when the connection itself
 * comes from a configured proxy, and then only the hops those proxies appended (read from the
 * right, stopping at the first address that is not a trusted proxy).
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  /** Addresses or CIDR ranges, IPv4 or IPv6, e.g. ["127.0.0.1", "10.0.0.0/8", "::1"]. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = "", bits] = entry.split("/");
      const type = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(bits), type);
    }
    this.empty = entries.length === 0;
  }

  trusts(address: string): boolean {
    if (this.empty) return false;
    const plain = unmapped(address);
    const type = isIP(plain) === 6 ? "ipv6" : "ipv4";
    return isIP(plain) !== 0 && this.list.check(plain, type);
  }

  /** The client's address as far as it can be known: the socket's peer, or what trusted proxies say. */
  clientAddress(req: IncomingMessage): string {
    let address = unmapped(req.socket.remoteAddress ?? "unknown");
    if (!this.trusts(address)) return address;
    const header = req.headers["x-forwarded-for"];
    const hops = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((h) => unmapped(h.trim())).filter((h) => h !== "");
    while (hops.length > 0 && this.trusts(address)) {
      const next = hops.pop() ?? "";
      if (isIP(next) === 0) break;
      address = next;
    }
    return address;
  }
}

/** "::ffff:1.2.3.4" is 1.2.3.4: one client, one address, whichever way the socket reports it. */
function unmapped(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
