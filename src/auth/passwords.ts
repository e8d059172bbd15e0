import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { parsePasswordHash } from "../config/password-hash";

// The format of a stored password is the deployment file's (src/config/password-hash.ts); this file does the hashing.
export { isPasswordHash, looksLikePasswordHash } from "../config/password-hash";

/** OWASP's minimum for scrypt (2^17 with r=8 would need 128 MB per sign-in). */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

interface ParsedHash {
  options: ScryptOptions;
  salt: Buffer;
  hash: Buffer;
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
  const parsed = parsePasswordHash(stored);
  if (!parsed) return null;
  const { N, r, p, salt, hash } = parsed;
  return { options: { N, r, p, maxmem: memoryFor(N, r) }, salt, hash };
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
