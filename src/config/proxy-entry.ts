import { isIP } from "node:net";

/**
 * A valid entry for MINQING_TRUSTED_PROXIES: an IP address, or one with a prefix length. Here,
 * not next to TrustedProxies in src/http, because config checks settings without depending on
 * the layers that use them.
 */
export function isProxyEntry(entry: string): boolean {
  const [address = "", bits, extra] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}
