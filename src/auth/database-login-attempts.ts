import { deleteOldAttempts, readAttempts, recordFailure, recordSuccess } from "../db/repositories/login-attempt-repository";
import type { Queryable } from "../db/tx";
import { sha256Base64url } from "./cadre-auth";
import type { AttemptsSeen, LoginAttempts } from "./login-throttle";

/**
 * The login throttle's counts in login_failures and login_trusted, shared by every instance.
 * Typed account names are stored only as their SHA-256: people type their password into the
 * account field, and a table should not collect those.
 */
export class DatabaseLoginAttempts implements LoginAttempts {
  constructor(private readonly db: Queryable) {}

  async read(account: string, address: string, failuresSince: number, trustedSince: number): Promise<AttemptsSeen> {
    const rows = await readAttempts(this.db, sha256Base64url(account), address, new Date(failuresSince), new Date(trustedSince));
    return {
      fromAddress: { failures: rows.addressFailures, lastAt: rows.addressLastAt?.getTime() ?? 0 },
      forAccount: { addresses: rows.accountAddresses, lastAt: rows.accountLastAt?.getTime() ?? 0 },
      trusted: rows.trusted,
    };
  }

  recordFailure(account: string, address: string, at: number, failuresSince: number): Promise<void> {
    return recordFailure(this.db, sha256Base64url(account), address, new Date(at), new Date(failuresSince));
  }

  recordSuccess(account: string, address: string, at: number): Promise<void> {
    return recordSuccess(this.db, sha256Base64url(account), address, new Date(at));
  }

  forget(failuresBefore: number, trustedBefore: number): Promise<void> {
    return deleteOldAttempts(this.db, new Date(failuresBefore), new Date(trustedBefore));
  }
}
