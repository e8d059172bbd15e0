import { InitialSchema1763900000000 } from "./1763900000000-initial-schema";
import { LedgerAndSignIn1764000000000 } from "./1764000000000-ledger-and-sign-in";

/** In order. The schema changes only here. */
export const migrations = [InitialSchema1763900000000, LedgerAndSignIn1764000000000];
