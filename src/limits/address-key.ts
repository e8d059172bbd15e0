import { isIP } from "node:net";

/**
 * The key a client's address is limited under. An IPv4 address is one key. An IPv6 subscriber is
 * normally given a whole /64 (often more), and can pick any of its 2^64 addresses for each request,
 * so counting per IPv6 address would limit nothing: its /64 is one key.
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = ipv6Groups(address);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] | undefined {
  const plain = address.split("%")[0] ?? "";
  const halves = plain.split("::");
  if (halves.length > 2) return undefined;
  const part = (s: string | undefined): string[] => (s ? s.split(":").flatMap(fromDotted) : []);
  const left = part(halves[0]);
  const right = part(halves[1]);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  return [...left, ...Array<string>(missing).fill("0"), ...right].map((g) => parseInt(g, 16).toString(16));
}

/** "1.2.3.4" at the end of an IPv6 address is two groups. */
function fromDotted(group: string): string[] {
  if (!group.includes(".")) return [group];
  const [a = 0, b = 0, c = 0, d = 0] = group.split(".").map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
