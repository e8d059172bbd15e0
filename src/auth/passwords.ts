import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Cadre passwords in the deployment file: a hash made by `npm run hash-password`
 * ("scrypt$N$r$p$salt$hash", base64url), or plain text for the demo county and trials.
 */
const HASH = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{43,})$/;

/** OWASP's minimum for scrypt (2^17 with r=8 would need 128 MB per sign-in). */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

interface ParsedHash {
  options: ScryptOptions;
  salt: Buffer;
  hash: Buffer;
}

export function isPasswordHash(stored: string): boolean {
  return parseHash(stored) !== null;
}

/** Whether a stored value claims to be a hash (starts with "scrypt$"), so a broken one is reported, not taken as a password. */
export function looksLikePasswordHash(stored: string): boolean {
  return stored.startsWith("scrypt$");
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, { ...COST, maxmem: memoryFor(COST.N, COST.r) });
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/**
 * Whether `given` is the password `stored` describes. With no stored password (an unknown
 * account) it still does the work of a check, so the answer takes as long either way.
 */
export async function verifyPassword(stored: string | undefined, given: string): Promise<boolean> {
  const parsed = stored === undefined ? null : parseHash(stored);
  if (parsed) {
    const actual = await derive(given, parsed.salt, parsed.options, parsed.hash.length);
    return timingSafeEqual(actual, parsed.hash);
  }
  if (stored === undefined) {
    await derive(given, Buffer.alloc(16), { ...COST, maxmem: memoryFor(COST.N, COST.r) });
    return false;
  }
  return plainPasswordMatches(stored, given);
}

/**
 * A hash that no password matches, with the cost of the deployment's own hashes (the most common
 * one; the default cost when there are none). An unknown account, or one with a plain-text or no
 * password, is checked against it, so every sign-in does the same work whatever the account.
 */
export function dummyHashLike(stored: readonly (string | undefined)[]): string {
  const costs = new Map<string, number>();
  for (const value of stored) {
    const parsed = value === undefined ? null : parseHash(value);
    if (!parsed) continue;
    const key = `${parsed.options.N}$${parsed.options.r}$${parsed.options.p}`;
    costs.set(key, (costs.get(key) ?? 0) + 1);
  }
  const common = [...costs].sort((a, b) => b[1] - a[1])[0]?.[0] ?? `${COST.N}$${COST.r}$${COST.p}`;
  return `scrypt$${common}$${randomBytes(16).toString("base64url")}$${randomBytes(KEY_BYTES).toString("base64url")}`;
}

/** N, r and p of a hash, e.g. "32768$8$1"; undefined for anything else. For tests and checks that two hashes cost the same. */
export function costOfHash(stored: string): string | undefined {
  const parsed = parseHash(stored);
  return parsed ? `${parsed.options.N}$${parsed.options.r}$${parsed.options.p}` : undefined;
}

/** A constant-time comparison of a plain-text password from a trial deployment. */
export function plainPasswordMatches(stored: string, given: string): boolean {
  return timingSafeEqual(sha256(given), sha256(stored));
}

function parseHash(stored: string): ParsedHash | null {
  const m = HASH.exec(stored);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Powers of two only, and bounded, so a typo in the file cannot make every sign-in take minutes.
  if (N < 2 ** 10 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  return { options: { N, r, p, maxmem: memoryFor(N, r) }, salt: Buffer.from(m[4] ?? "", "base64url"), hash: Buffer.from(m[5] ?? "", "base64url") };
}

function memoryFor(N: number, r: number): number {
  return 128 * N * r * 2;
}

function derive(password: string, salt: Buffer, options: ScryptOptions, bytes = KEY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, bytes, options, (err, key) => (err ? reject(err) : resolve(key))));
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
