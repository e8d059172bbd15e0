import { z } from "zod";
import type { Queryable } from "../tx";
import { col, execute, queryRows } from "./rows";

/**
 * login_failures and login_trusted: what the login throttle (src/auth/login-throttle.ts) counts,
 * per typed account name (by its hash) and client address, shared by every instance. A failure
 * and a sign-in are one statement each, and what a try must know is read in one.
 */

export interface AttemptRows {
  /** Wrong passwords from the address (for any account) since it last signed in, within the window. */
  addressFailures: number;
  addressLastAt: Date | null;
  /** Addresses with wrong passwords for the account within the window. */
  accountAddresses: number;
  accountLastAt: Date | null;
  /** Whether the address signed in to the account since `trustedSince`. */
  trusted: boolean;
}

const attemptRow = z.object({
  address_failures: col.int,
  address_last_at: col.date.nullable(),
  account_addresses: col.int,
  account_last_at: col.date.nullable(),
  trusted: col.bool,
});

export async function readAttempts(q: Queryable, accountHash: string, address: string, failuresSince: Date, trustedSince: Date): Promise<AttemptRows> {
  const [row] = await queryRows(
    q,
    `SELECT
       (SELECT coalesce(sum(failures), 0) FROM login_failures WHERE address = $2 AND last_at > $3) AS address_failures,
       (SELECT max(last_at) FROM login_failures WHERE address = $2 AND last_at > $3 AND failures > 0) AS address_last_at,
       (SELECT count(*) FROM login_failures WHERE account_hash = $1 AND last_at > $3) AS account_addresses,
       (SELECT max(last_at) FROM login_failures WHERE account_hash = $1 AND last_at > $3) AS account_last_at,
       EXISTS (SELECT 1 FROM login_trusted WHERE account_hash = $1 AND address = $2 AND signed_in_at > $4) AS trusted`,
    [accountHash, address, failuresSince, trustedSince],
    attemptRow,
  );
  if (!row) throw new Error("login attempts: the read returned no row");
  return {
    addressFailures: row.address_failures,
    addressLastAt: row.address_last_at,
    accountAddresses: row.account_addresses,
    accountLastAt: row.account_last_at,
    trusted: row.trusted,
  };
}

/** One more wrong password; a count whose last failure is older than `failuresSince` starts again. */
export async function recordFailure(q: Queryable, accountHash: string, address: string, at: Date, failuresSince: Date): Promise<void> {
  await execute(
    q,
    `INSERT INTO login_failures AS f (account_hash, address, failures, last_at) VALUES ($1, $2, 1, $3)
     ON CONFLICT (account_hash, address) DO UPDATE SET failures = CASE WHEN f.last_at > $4 THEN f.failures + 1 ELSE 1 END, last_at = GREATEST(f.last_at, $3)`,
    [accountHash, address, at, failuresSince],
  );
}

/**
 * A sign-in: the address's failures no longer slow it down (its rows stay, so the accounts it
 * guessed at still count it), and it is trusted for the account.
 */
export async function recordSuccess(q: Queryable, accountHash: string, address: string, at: Date): Promise<void> {
  await execute(
    q,
    `WITH reset AS (UPDATE login_failures SET failures = 0 WHERE address = $2 AND failures > 0)
     INSERT INTO login_trusted AS t (account_hash, address, signed_in_at) VALUES ($1, $2, $3)
     ON CONFLICT (account_hash, address) DO UPDATE SET signed_in_at = GREATEST(t.signed_in_at, $3)`,
    [accountHash, address, at],
  );
}

/** Forgets failures older than their window and trust older than its term. */
export async function deleteOldAttempts(q: Queryable, failuresBefore: Date, trustedBefore: Date): Promise<void> {
  await execute(q, `DELETE FROM login_failures WHERE last_at <= $1`, [failuresBefore]);
  await execute(q, `DELETE FROM login_trusted WHERE signed_in_at <= $1`, [trustedBefore]);
}
