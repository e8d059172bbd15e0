/**
 * Cadre passwords in the deployment file: a hash made by `npm run hash-password`
 * ("scrypt$N$r$p$salt$hash", base64url), or plain text for the demo county and trials. The format
 * lives here, with the rest of what the deployment file may say, so checking the file needs
 * nothing from src/auth (which hashes and verifies, in passwords.ts).
 */
const HASH = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{43,})$/;

export interface PasswordHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/** The parts of a stored hash; null for anything that is not one (a plain-text password, a broken hash). */
export function parsePasswordHash(stored: string): PasswordHash | null {
  const m = HASH.exec(stored);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Powers of two only, and bounded, so a typo in the file cannot make every sign-in take minutes.
  if (N < 2 ** 10 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  return { N, r, p, salt: Buffer.from(m[4] ?? "", "base64url"), hash: Buffer.from(m[5] ?? "", "base64url") };
}

export function isPasswordHash(stored: string): boolean {
  return parsePasswordHash(stored) !== null;
}

/** Whether a stored value claims to be a hash (starts with "scrypt$"), so a broken one is reported, not taken as a password. */
export function looksLikePasswordHash(stored: string): boolean {
  return stored.startsWith("scrypt$");
}
