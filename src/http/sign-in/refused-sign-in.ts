import { HttpError } from "../http-io";
import type { Logger } from "../../log";
import { accountTag } from "../../auth/account-tag";
import type { SignInResult } from "../../auth/cadre-auth";

/**
 * The answer to a sign-in that did not succeed, and its log line. The log names the typed account only by a keyed hash (people type
 * their password into the account field, and guessed names are nobody's business).
 */
export function refusedSignIn(result: Exclude<SignInResult, { ok: true }>, account: string, address: string, logger: Logger): HttpError {
  switch (result.reason) {
    case "throttled": {
      const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
      logger.warn("sign-in slowed down after wrong passwords", { account: accountTag(account), address, waitSeconds: seconds });
      return new HttpError(429, `too many wrong passwords; try again in ${seconds} s, or ask the bot for a sign-in link with /dashboard`, { "Retry-After": String(seconds) });
    }
    case "busy": {
      const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
      logger.warn("sign-in turned away, too many at once", { address });
      return new HttpError(503, `many sign-ins at once; try again in ${seconds} s`, { "Retry-After": String(seconds) });
    }
    case "wrong":
      logger.warn("failed sign-in", { account: accountTag(account), address });
      return new HttpError(401, "wrong account or password");
  }
}
